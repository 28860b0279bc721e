import {
  countConversations,
  countUnread,
  listConversationMessages,
  listConversations,
  loadConversationContext,
  CONVERSATION_STATUSES,
  type InboxFilter,
} from '@outreach/db';
import type { GatewayDeps } from '../../deps';
import { z } from '../../http/openapi';
import type { RouteDefiner } from '../../http/route';
import { idParams } from '../../http/schemas';
import { conversationOr404, inboxScope, narrowToClient, requireUser } from './access';
import { cutPage, decodeCursor } from './cursor';
import {
  conversationDetailSchema,
  countersResponse,
  fromRow,
  listResponse,
  messageSchema,
  presentListItem,
  presentMessage,
} from './schemas';

const cursor = z.string().min(1).max(200).optional().openapi({ description: 'The `next_cursor` of the previous page' });
const booleanText = z.enum(['true', 'false']).transform((v) => v === 'true');

const listQuery = z
  .object({
    status: z.enum(CONVERSATION_STATUSES).optional(),
    assignee: z
      .union([z.enum(['me', 'unassigned', 'all']), z.uuid()])
      .default('all')
      .openapi({ description: '`me`, `unassigned`, `all` or a user id' }),
    client_id: z.uuid().optional().openapi({ description: "Admins: only this client's conversations; others: their own client only" }),
    campaign_id: z.uuid().optional(),
    linkedin_account_id: z.uuid().optional(),
    label: z.string().min(1).max(50).optional(),
    unread: booleanText.optional().openapi({ type: 'boolean', description: 'Unread for the caller (or read)' }),
    q: z.string().trim().min(1).max(200).optional().openapi({ description: "Full-text search over the tenant's messages" }),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor,
  })
  .strict();

const messagesQuery = z
  .object({
    order: z.enum(['asc', 'desc']).default('asc').openapi({ description: '`asc` oldest first (default), `desc` newest first' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor,
  })
  .strict();

const messagePage = z.object({ items: z.array(messageSchema), next_cursor: z.string().nullable() }).openapi('InboxMessagePage');

/** Inbox reads: the conversation list with its counts, one conversation, its messages, unread counters. */
export function registerInboxReadRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;

  route(
    {
      method: 'get',
      path: '/api/inbox/conversations',
      summary: 'List conversations, most recent activity first',
      tags: ['inbox'],
      access: 'read',
      query: listQuery,
      response: listResponse,
    },
    async ({ query, auth }) => {
      const scope = narrowToClient(inboxScope(auth), query.client_id);
      const assignee: InboxFilter['assignee'] =
        query.assignee === 'all'
          ? { kind: 'all' }
          : query.assignee === 'unassigned'
            ? { kind: 'unassigned' }
            : { kind: 'user', id: query.assignee === 'me' ? requireUser(auth, 'assignee=me') : query.assignee };
      const filter: InboxFilter = {
        ...scope,
        status: query.status,
        assignee,
        campaignId: query.campaign_id,
        linkedinAccountId: query.linkedin_account_id,
        label: query.label,
        unread: query.unread,
        q: query.q,
      };
      const [rows, meta] = await Promise.all([
        listConversations(db, filter, { limit: query.limit + 1, after: decodeCursor(query.cursor) }),
        countConversations(db, filter),
      ]);
      const page = cutPage(rows, query.limit, (r) => ({ t: r.cursor_at, id: r.id }));
      return { items: page.items.map(presentListItem), next_cursor: page.next_cursor, meta };
    },
  );

  route(
    {
      method: 'get',
      path: '/api/inbox/conversations/:id',
      summary: 'Get a conversation with its participants, lead, campaign and last message',
      tags: ['inbox'],
      access: 'read',
      params: idParams,
      response: conversationDetailSchema,
    },
    async ({ params, auth }) => {
      const c = await conversationOr404(deps, auth, params.id);
      const ctx = await loadConversationContext(db, c);
      return {
        ...fromRow(c, c.unread),
        participants: ctx.participants.map((p) => ({
          provider_id: p.providerId,
          name: p.name,
          profile_url: p.profileUrl,
          is_self: p.isSelf,
        })),
        lead: ctx.lead
          ? {
              id: ctx.lead.id,
              first_name: ctx.lead.firstName,
              last_name: ctx.lead.lastName,
              company: ctx.lead.company,
              title: ctx.lead.title,
              profile_url: ctx.lead.profileUrl,
              status: ctx.lead.status,
            }
          : null,
        campaign: ctx.campaign ?? null,
        last_message: ctx.lastMessage ? presentMessage(ctx.lastMessage) : null,
      };
    },
  );

  route(
    {
      method: 'get',
      path: '/api/inbox/conversations/:id/messages',
      summary: "A conversation's messages, oldest or newest first",
      tags: ['inbox'],
      access: 'read',
      params: idParams,
      query: messagesQuery,
      response: messagePage,
    },
    async ({ params, query, auth }) => {
      const c = await conversationOr404(deps, auth, params.id);
      const rows = await listConversationMessages(db, c.id, {
        order: query.order,
        limit: query.limit + 1,
        after: decodeCursor(query.cursor),
      });
      const page = cutPage(rows, query.limit, (r) => ({ t: r.cursorAt, id: r.row.id }));
      return { items: page.items.map((r) => presentMessage(r.row)), next_cursor: page.next_cursor };
    },
  );

  route(
    {
      method: 'get',
      path: '/api/inbox/counters',
      summary: "The caller's unread conversations by status and assignee",
      tags: ['inbox'],
      access: 'read',
      response: countersResponse,
    },
    async ({ auth }) => {
      const scope = inboxScope(auth);
      return countUnread(db, scope.clientId, scope.userId);
    },
  );
}
