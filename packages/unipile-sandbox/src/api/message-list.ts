import type { Request } from 'express';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { decodeCursor, LIMITS, pageByKeyset, parseLimit, sortNewestFirst } from '../pagination';
import { messageView } from '../views/messaging';
import type { Message } from '../world/types';
import { datetimeQuery, queryParam } from './query';

const messagesCursor = z.object({
  chat_id: z.string().optional(),
  account_ids: z.array(z.string()).optional(),
  sender_id: z.string().optional(),
  before: z.string().optional(),
  after: z.string().optional(),
  limit: z.number().int(),
  cursor: z.object({ last_id: z.string(), last_date: z.string() }),
});
type MessageFilters = Omit<z.infer<typeof messagesCursor>, 'cursor'>;

const messageKey = (m: Message) => ({ id: m.id, date: m.timestamp.toISOString() });

function matches(ctx: SandboxContext, m: Message, f: MessageFilters): boolean {
  if (f.chat_id !== undefined && m.chatId !== f.chat_id) return false;
  if (f.account_ids !== undefined && !f.account_ids.includes(m.accountId)) return false;
  if (
    f.sender_id !== undefined &&
    m.senderProviderId !== f.sender_id &&
    ctx.world.attendeeId(m.accountId, m.senderProviderId) !== f.sender_id
  )
    return false;
  const date = m.timestamp.toISOString();
  if (f.before !== undefined && date >= f.before) return false;
  return f.after === undefined || date > f.after;
}

/**
 * `MessageList` for `GET /chats/{id}/messages` and `GET /messages`: newest first, keyset cursor
 * that carries the filters (Unipile ignores other params when a cursor is given).
 */
export function listMessages(ctx: SandboxContext, req: Request, scope: { chatId?: string }): Record<string, unknown> {
  const raw = queryParam(req, 'cursor');
  let filters: MessageFilters;
  let position: z.infer<typeof messagesCursor>['cursor'] | undefined;
  if (raw) {
    const { cursor, ...rest } = decodeCursor(raw, messagesCursor);
    filters = rest;
    position = cursor;
  } else {
    const accountIds = scope.chatId === undefined ? queryParam(req, 'account_id')?.split(',').filter(Boolean) : undefined;
    const senderId = queryParam(req, 'sender_id');
    const before = datetimeQuery(req, 'before');
    const after = datetimeQuery(req, 'after');
    filters = {
      ...(scope.chatId === undefined ? {} : { chat_id: scope.chatId }),
      ...(accountIds ? { account_ids: accountIds } : {}),
      ...(senderId ? { sender_id: senderId } : {}),
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
      limit: parseLimit(queryParam(req, 'limit'), LIMITS.standard),
    };
  }
  const all = [...ctx.world.messages.values()].filter((m) => matches(ctx, m, filters));
  const page = pageByKeyset(sortNewestFirst(all, messageKey), position, filters.limit, messageKey, (cursor) => ({ ...filters, cursor }));
  return { object: 'MessageList', items: page.items.map((m) => messageView(ctx.world, m)), cursor: page.cursor };
}
