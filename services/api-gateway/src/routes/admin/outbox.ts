import { emails } from '@outreach/db';
import type { GatewayDeps } from '../../deps';
import { notFound } from '../../http/errors';
import { z } from '../../http/openapi';
import { pageOf, paginationQuery, presentPage } from '../../http/pagination';
import type { RouteDefiner } from '../../http/route';
import { idParams, timestamp } from '../../http/schemas';
import { findEmail, listOutbox, type EmailRow } from './store';

const emailSchema = z
  .object({
    id: z.uuid(),
    client_id: z.uuid().nullable(),
    kind: z.enum(emails.kind.enumValues),
    to: z.array(z.string()),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    transport: z
      .enum(emails.transport.enumValues)
      .openapi({ description: '`outbox` when RESEND_API_KEY is unset: stored here, never sent' }),
    status: z.enum(emails.status.enumValues),
    provider_message_id: z.string().nullable(),
    error_code: z.string().nullable(),
    error_message: z.string().nullable(),
    attempts: z.number().int(),
    created_at: timestamp,
    sent_at: timestamp.nullable(),
  })
  .openapi('OutboxEmail');

const listQuery = z
  .object({
    ...paginationQuery,
    transport: z.enum(emails.transport.enumValues).optional(),
    status: z.enum(emails.status.enumValues).optional(),
    kind: z.enum(emails.kind.enumValues).optional(),
    client_id: z.uuid('must be a UUID').optional(),
  })
  .strict();

const present = (e: EmailRow) => ({
  id: e.id,
  client_id: e.clientId,
  kind: e.kind,
  to: e.to,
  subject: e.subject,
  text: e.text,
  html: e.html,
  transport: e.transport,
  status: e.status,
  provider_message_id: e.providerMessageId,
  error_code: e.errorCode,
  error_message: e.errorMessage,
  attempts: e.attempts,
  created_at: e.createdAt.toISOString(),
  sent_at: e.sentAt?.toISOString() ?? null,
});

/**
 * Every email the platform sent or would have sent. Without RESEND_API_KEY this is where they
 * land, so the platform runs (and can be demonstrated) without Resend.
 */
export function registerOutboxRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;

  route(
    {
      method: 'get',
      path: '/api/admin/outbox',
      summary: 'Emails sent or stored in the local outbox, newest first',
      tags: ['admin'],
      access: 'admin',
      query: listQuery,
      response: pageOf(emailSchema),
    },
    async ({ query }) => {
      return presentPage(await listOutbox(db, query), present);
    },
  );

  route(
    {
      method: 'get',
      path: '/api/admin/outbox/:id',
      summary: 'One email, with its HTML and text',
      tags: ['admin'],
      access: 'admin',
      params: idParams,
      response: emailSchema,
    },
    async ({ params }) => {
      const row = await findEmail(db, params.id);
      if (!row) throw notFound('email');
      return present(row);
    },
  );
}
