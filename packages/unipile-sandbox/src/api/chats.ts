import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { sendOwnMessage, startChat } from '../actions/messages';
import type { SandboxContext } from '../context';
import { ApiError, invalidParameters } from '../errors';
import { decodeCursor, LIMITS, pageByKeyset, parseLimit, sortNewestFirst } from '../pagination';
import { attendeeView, chatView, messageView, unreadCount } from '../views/messaging';
import { personOrPlaceholder } from '../views/common';
import type { Chat } from '../world/types';
import { formAttachments, formString, formStrings, requestForm } from './multipart';
import { datetimeQuery, parseBody, queryParam } from './query';
import { listMessages } from './message-list';

const position = z.object({ last_id: z.string(), last_date: z.string() });
const chatsCursor = z.object({
  account_ids: z.array(z.string()).optional(),
  before: z.string().optional(),
  after: z.string().optional(),
  unread: z.boolean().optional(),
  limit: z.number().int(),
  cursor: position,
});
const patchBody = z.object({ action: z.literal('setReadStatus'), value: z.boolean() });
const LINKEDIN_APIS = ['classic', 'recruiter', 'sales_navigator'];

/** POST /chats and /chats/{id}/messages are multipart only, like Unipile (JSON → 415). */
function requireMultipart(req: Request, res: Response): FormData {
  const form = requestForm(res);
  if (!form)
    throw new ApiError(
      415,
      'unsupported_media_type',
      `Expected multipart/form-data, got ${req.headers['content-type'] ?? 'no content type'}.`,
    );
  return form;
}

const chatKey = (ctx: SandboxContext) => (chat: Chat) => ({ id: chat.id, date: ctx.world.lastActivity(chat).toISOString() });

export function chatsRouter(ctx: SandboxContext): Router {
  const router = Router();
  const { world } = ctx;

  router.get('/chats', (req, res) => {
    const raw = queryParam(req, 'cursor');
    const accountIds = queryParam(req, 'account_id')?.split(',').filter(Boolean);
    const unread = queryParam(req, 'unread');
    const before = datetimeQuery(req, 'before');
    const after = datetimeQuery(req, 'after');
    const filters = raw
      ? decodeCursor(raw, chatsCursor)
      : {
          ...(accountIds ? { account_ids: accountIds } : {}),
          ...(before ? { before } : {}),
          ...(after ? { after } : {}),
          ...(unread === undefined ? {} : { unread: unread === 'true' }),
          limit: parseLimit(queryParam(req, 'limit'), LIMITS.standard),
          cursor: undefined,
        };
    const key = chatKey(ctx);
    const chats = world.chatsOf(filters.account_ids).filter((chat) => {
      const date = key(chat).date;
      if (filters.before !== undefined && date >= filters.before) return false;
      if (filters.after !== undefined && date <= filters.after) return false;
      return filters.unread === undefined || unreadCount(world, chat) > 0 === filters.unread;
    });
    const { cursor: _previous, ...rest } = filters;
    const page = pageByKeyset(sortNewestFirst(chats, key), filters.cursor, filters.limit, key, (cursor) => ({ ...rest, cursor }));
    res.json({ object: 'ChatList', items: page.items.map((c) => chatView(world, c)), cursor: page.cursor });
  });

  router.post('/chats', (req, res) => {
    const form = requireMultipart(req, res);
    const account = world.requireOkAccount(formString(form, 'account_id') ?? invalidRequired('account_id'));
    const attendees = formStrings(form, 'attendees_ids')
      .flatMap((v) => v.split(','))
      .filter(Boolean);
    if (attendees.length === 0) invalidRequired('attendees_ids');
    const api = formString(form, 'linkedin[api]');
    if (api !== undefined && !LINKEDIN_APIS.includes(api)) throw invalidParameters("Expected kind 'StringEnum' at /linkedin/api");
    const inmail = formString(form, 'linkedin[inmail]') === 'true';
    const { chat, message } = startChat(ctx, account, attendees, inmail, {
      text: formString(form, 'text') ?? null,
      attachments: formAttachments(form),
    });
    res.status(201).json({ object: 'ChatStarted', chat_id: chat.id, message_id: message.id });
  });

  router.get('/chats/:chatId', (req, res) => {
    const chat = world.requireChat(req.params.chatId, queryParam(req, 'account_id'));
    const last = world.lastMessage(chat.id);
    res.json({ ...chatView(world, chat), lastMessage: last ? messageView(world, last) : null });
  });

  router.patch('/chats/:chatId', (req, res) => {
    const chat = world.requireChat(req.params.chatId);
    const body = parseBody(patchBody, req.body);
    const account = world.requireAccount(chat.accountId);
    for (const m of world.messagesOf(chat.id)) {
      if (m.isSender) continue;
      if (body.value) m.seenBy[account.ownProviderId] ??= ctx.clock.now().toISOString();
      else delete m.seenBy[account.ownProviderId];
    }
    res.json({ object: 'ChatPatched' });
  });

  router.get('/chats/:chatId/messages', (req, res) => {
    const chat = world.requireChat(req.params.chatId);
    res.json(listMessages(ctx, req, { chatId: chat.id }));
  });

  router.post('/chats/:chatId/messages', (req, res) => {
    const form = requireMultipart(req, res);
    const guard = formString(form, 'account_id');
    const chat = world.requireChat(req.params.chatId);
    if (guard !== undefined && guard !== chat.accountId)
      throw new ApiError(403, 'account_mismatch', 'The chat does not belong to this account.');
    const account = world.requireOkAccount(chat.accountId);
    const message = sendOwnMessage(ctx, account, chat, { text: formString(form, 'text') ?? null, attachments: formAttachments(form) });
    res.status(201).json({ object: 'MessageSent', message_id: message.id });
  });

  router.get('/chats/:chatId/attendees', (req, res) => {
    const chat = world.requireChat(req.params.chatId);
    const account = world.requireAccount(chat.accountId);
    const ids = [...chat.attendeeProviderIds, account.ownProviderId];
    res.json({
      object: 'ChatAttendeeList',
      items: ids.map((id) => attendeeView(world, account.id, personOrPlaceholder(world, id))),
      cursor: null,
    });
  });

  return router;
}

function invalidRequired(field: string): never {
  throw invalidParameters(`Expected required property at /${field}`);
}
