import { Router } from 'express';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { resourceNotFound } from '../errors';
import { newUnipileId } from '../ids';
import { decodeCursor, LIMITS, pageByKeyset, parseLimit, sortNewestFirst } from '../pagination';
import { MESSAGING_EVENTS } from '../webhooks/payloads';
import type { WebhookRegistration, WebhookSource } from '../world/types';
import { parseBody, queryParam } from './query';

const ACCOUNT_STATUS_EVENTS = [
  'creation_success',
  'creation_fail',
  'deleted',
  'reconnected',
  'sync_success',
  'stopped',
  'ok',
  'connecting',
  'error',
  'credentials',
  'permissions',
] as const;
const EVENTS_BY_SOURCE: Record<WebhookSource, readonly string[]> = {
  messaging: MESSAGING_EVENTS,
  users: ['new_relation'],
  account_status: ACCOUNT_STATUS_EVENTS,
};

/** Keys a messaging registration declares by default (real `GET /webhooks` capture). */
const MESSAGING_KEYS = [
  'account_id',
  'account_type',
  'account_info',
  'webhook_name',
  'chat_id',
  'attendees',
  'sender',
  'subject',
  'message',
  'mentions',
  'message_id',
  'timestamp',
  'attachments',
  'reaction',
  'reaction_sender',
  'read_by',
  'is_sender',
  'provider_chat_id',
  'provider_message_id',
  'is_event',
  'chat_pinned',
  'quoted',
  'reply_to',
  'is_forwarded',
  'chat_content_type',
  'message_type',
  'is_group',
  'folder',
];

const createBody = z
  .object({
    source: z.enum(['messaging', 'users', 'account_status']),
    request_url: z.url(),
    name: z.string().optional(),
    format: z.enum(['json', 'form']).optional(),
    account_ids: z.array(z.string()).optional(),
    enabled: z.boolean().optional(),
    events: z.array(z.string()).optional(),
    headers: z.array(z.object({ key: z.string().min(1), value: z.string() })).optional(),
    data: z.array(z.object({ name: z.string(), key: z.string() })).optional(),
  })
  .superRefine((body, issues) => {
    const allowed = EVENTS_BY_SOURCE[body.source];
    (body.events ?? []).forEach((event, i) => {
      if (!allowed.includes(event)) issues.addIssue({ code: 'custom', path: ['events', i], message: "Expected kind 'StringEnum'" });
    });
  });

const webhooksCursor = z.object({ limit: z.number().int(), cursor: z.object({ last_id: z.string(), last_date: z.string() }) });
const webhookKey = (w: WebhookRegistration) => ({ id: w.id, date: w.createdAt.toISOString() });

export function webhooksRouter(ctx: SandboxContext): Router {
  const router = Router();
  const { world } = ctx;

  router.post('/webhooks', (req, res) => {
    const body = parseBody(createBody, req.body);
    const hook: WebhookRegistration = {
      id: newUnipileId(),
      source: body.source,
      requestUrl: body.request_url,
      name: body.name ?? '',
      format: body.format ?? 'json',
      accountIds: body.account_ids ?? [],
      enabled: body.enabled ?? true,
      events: body.events ?? [],
      headers: body.headers ?? [],
      data: body.data ?? (body.source === 'messaging' ? MESSAGING_KEYS.map((k) => ({ name: k, key: k })) : []),
      createdAt: ctx.clock.now(),
    };
    world.webhooks.set(hook.id, hook);
    res.status(201).json({ object: 'WebhookCreated', webhook_id: hook.id });
  });

  router.get('/webhooks', (req, res) => {
    const raw = queryParam(req, 'cursor');
    const state = raw
      ? decodeCursor(raw, webhooksCursor)
      : { limit: parseLimit(queryParam(req, 'limit'), LIMITS.standard), cursor: undefined };
    const all = sortNewestFirst([...world.webhooks.values()], webhookKey);
    const page = pageByKeyset(all, state.cursor, state.limit, webhookKey, (cursor) => ({ limit: state.limit, cursor }));
    res.json({ object: 'WebhookList', items: page.items.map((w) => webhookView(ctx, w)), cursor: page.cursor });
  });

  router.delete('/webhooks/:webhookId', (req, res) => {
    if (!world.webhooks.delete(req.params.webhookId)) throw resourceNotFound('Webhook not found.');
    res.json({ object: 'WebhookDeleted' });
  });

  return router;
}

function webhookView(ctx: SandboxContext, hook: WebhookRegistration): Record<string, unknown> {
  return {
    object: 'Webhook',
    id: hook.id,
    type: 'AUTO',
    account_ids: hook.accountIds.map((id) => ({ id, name: ctx.world.accounts.get(id)?.name ?? null, type: 'LINKEDIN' })),
    enabled: hook.enabled,
    name: hook.name,
    request_url: hook.requestUrl,
    format: hook.format,
    headers: hook.headers,
    data: hook.data,
    events: hook.events.length > 0 ? hook.events : hook.source === 'messaging' ? ['message_received'] : [...EVENTS_BY_SOURCE[hook.source]],
    source: hook.source,
  };
}
