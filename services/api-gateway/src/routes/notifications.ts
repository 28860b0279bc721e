import { notifications } from '@outreach/db';
import type { GatewayDeps } from '../deps';
import { z } from '../http/openapi';
import { pageOf, paginationQuery, presentPage } from '../http/pagination';
import type { RouteDefiner } from '../http/route';
import { idParams, timestamp } from '../http/schemas';
import { findOwnedClient } from './clients/store';
import { listClientNotifications, type NotificationRow } from './notifications/store';

const STATUSES = notifications.status.enumValues;
const CHANNELS = notifications.channel.enumValues;

const notificationSchema = z
  .object({
    id: z.uuid(),
    client_id: z.uuid(),
    event_id: z.number().int().nullable(),
    channel: z.enum(CHANNELS),
    kind: z.string(),
    status: z
      .enum(STATUSES)
      .openapi({ description: 'pending → sent | failed | skipped; batched while an email waits for its digest window' }),
    email_id: z.uuid().nullable().openapi({ description: 'The email that carried it (see GET /api/admin/outbox/{id})' }),
    attempts: z.number().int(),
    error_code: z.string().nullable(),
    error_message: z.string().nullable().openapi({ description: "Why it failed or was skipped, e.g. Resend's 422 reason" }),
    sent_at: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Notification');

const listQuery = z
  .object({
    ...paginationQuery,
    status: z.enum(STATUSES).optional(),
    channel: z.enum(CHANNELS).optional(),
  })
  .strict();

const present = (n: NotificationRow) => ({
  id: n.id,
  client_id: n.clientId,
  event_id: n.eventId,
  channel: n.channel,
  kind: n.kind,
  status: n.status,
  email_id: n.emailId,
  attempts: n.attempts,
  error_code: n.errorCode,
  error_message: n.errorMessage,
  sent_at: n.sentAt?.toISOString() ?? null,
  created_at: n.createdAt.toISOString(),
  updated_at: n.updatedAt.toISOString(),
});

/** What the notifier did for a client, newest first, failures with their reason. */
export function registerNotificationRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;

  route(
    {
      method: 'get',
      path: '/api/clients/:id/notifications',
      summary: "A client's notifications per channel, newest first, with each one's status and error",
      tags: ['notifications'],
      access: 'read',
      params: idParams,
      query: listQuery,
      response: pageOf(notificationSchema),
    },
    async ({ params, query, auth }) => {
      const client = await findOwnedClient(db, auth, params.id);
      return presentPage(await listClientNotifications(db, client.id, query), present);
    },
  );
}
