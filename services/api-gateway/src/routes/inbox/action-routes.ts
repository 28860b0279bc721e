import { CONVERSATION_STATUSES, isAssignableUser, setReadState, updateConversation } from '@outreach/db';
import { wakeInboxRelay } from '@outreach/queues';
import type { GatewayDeps } from '../../deps';
import { ApiError, notFound } from '../../http/errors';
import { z } from '../../http/openapi';
import type { RouteDefiner } from '../../http/route';
import { idParams } from '../../http/schemas';
import { conversationOr404, inboxScope, requireUser } from './access';
import { conversationSchema, fromRow } from './schemas';

const MAX_LABELS = 20;
const LABEL = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[\p{L}\p{N} _.:/-]+$/u, 'letters, digits, spaces and _ . : / - only');

const assignBody = z.object({ user_id: z.uuid() }).strict();
const labelsBody = z
  .object({
    labels: z
      .array(LABEL)
      .max(MAX_LABELS)
      .openapi({ description: `The conversation's labels (replaces them; at most ${MAX_LABELS})` }),
  })
  .strict();
const statusBody = z
  .object({
    status: z.enum(CONVERSATION_STATUSES),
    snooze_until: z.iso.datetime({ offset: true }).optional().openapi({ description: 'With `snoozed`: reopen at this time' }),
    until_reply: z.boolean().optional().openapi({ description: 'With `snoozed`: reopen when the contact writes' }),
  })
  .strict()
  .superRefine((b, ctx) => {
    const snoozing = b.snooze_until !== undefined || b.until_reply !== undefined;
    if (b.status !== 'snoozed' && snoozing)
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'snooze_until and until_reply go with status snoozed only' });
    if (b.status === 'snoozed' && b.snooze_until === undefined && b.until_reply !== true) {
      ctx.addIssue({ code: 'custom', path: ['snooze_until'], message: 'snoozed needs snooze_until, until_reply: true, or both' });
    }
    if (b.snooze_until !== undefined && Date.parse(b.snooze_until) <= Date.now())
      ctx.addIssue({ code: 'custom', path: ['snooze_until'], message: 'must be in the future' });
  });

/** Inbox triage: read state (per user), assignment, status and snooze, labels. Viewers only read. */
export function registerInboxActionRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;
  const updated = async (
    auth: Parameters<typeof inboxScope>[0],
    id: string,
    set: Parameters<typeof updateConversation>[3],
    type: string,
    payload: Record<string, unknown>,
  ) => {
    const row = await updateConversation(db, inboxScope(auth), id, set, { type, payload });
    if (!row) throw notFound('conversation');
    wakeInboxRelay(deps.queues);
    return fromRow(row, (await conversationOr404(deps, auth, id)).unread);
  };

  for (const state of ['read', 'unread'] as const) {
    route(
      {
        method: 'post',
        path: `/api/inbox/conversations/:id/${state}`,
        summary: `Mark a conversation ${state} for the caller only`,
        tags: ['inbox'],
        access: 'read',
        params: idParams,
        status: 200,
        response: conversationSchema,
      },
      async ({ params, auth }) => {
        const userId = requireUser(auth, `marking ${state}`);
        const c = await conversationOr404(deps, auth, params.id);
        await setReadState(db, c, userId, state);
        wakeInboxRelay(deps.queues);
        return fromRow(c, state === 'unread');
      },
    );
  }

  route(
    {
      method: 'post',
      path: '/api/inbox/conversations/:id/assign',
      summary: 'Assign a conversation to a user of its client',
      tags: ['inbox'],
      access: 'write',
      params: idParams,
      body: assignBody,
      status: 200,
      response: conversationSchema,
    },
    async ({ params, body, auth }) => {
      const c = await conversationOr404(deps, auth, params.id);
      if (!(await isAssignableUser(db, c.clientId, body.user_id))) throw notFound('user');
      return updated(auth, c.id, { assigneeUserId: body.user_id }, 'conversation.updated', {
        assignee_user_id: body.user_id,
        by_user_id: auth.userId,
      });
    },
  );

  route(
    {
      method: 'post',
      path: '/api/inbox/conversations/:id/unassign',
      summary: 'Unassign a conversation',
      tags: ['inbox'],
      access: 'write',
      params: idParams,
      status: 200,
      response: conversationSchema,
    },
    async ({ params, auth }) =>
      updated(auth, params.id, { assigneeUserId: null }, 'conversation.updated', { assignee_user_id: null, by_user_id: auth.userId }),
  );

  route(
    {
      method: 'post',
      path: '/api/inbox/conversations/:id/status',
      summary: 'Set open, pending, snoozed (until a time and/or the contact replies) or closed',
      tags: ['inbox'],
      access: 'write',
      params: idParams,
      body: statusBody,
      status: 200,
      response: conversationSchema,
    },
    async ({ params, body, auth }) => {
      const snoozeUntil = body.status === 'snoozed' && body.snooze_until ? new Date(body.snooze_until) : null;
      const untilReply = body.status === 'snoozed' && body.until_reply === true;
      if (snoozeUntil && Number.isNaN(snoozeUntil.getTime())) throw new ApiError(400, 'validation_failed', 'body.snooze_until: not a time');
      return updated(auth, params.id, { status: body.status, snoozeUntil, snoozeUntilReply: untilReply }, 'conversation.updated', {
        status: body.status,
        snooze_until: snoozeUntil?.toISOString() ?? null,
        until_reply: untilReply,
        by_user_id: auth.userId,
      });
    },
  );

  route(
    {
      method: 'post',
      path: '/api/inbox/conversations/:id/labels',
      summary: "Replace a conversation's labels",
      tags: ['inbox'],
      access: 'write',
      params: idParams,
      body: labelsBody,
      status: 200,
      response: conversationSchema,
    },
    async ({ params, body, auth }) => {
      const labels = [...new Set(body.labels)];
      return updated(auth, params.id, { labels }, 'conversation.updated', { labels, by_user_id: auth.userId });
    },
  );
}
