import type { GatewayDeps } from '../deps';
import type { RouteDefiner } from '../http/route';
import { idParams } from '../http/schemas';
import { savedSettingsSchema, settingsInputSchema, settingsSchema } from './notification-settings/schemas';
import { findSettings, presentSettings, saveSettings } from './notification-settings/store';
import { findOwnedClient } from './clients/store';

const tags = ['notifications'];

/** Per-client reply notification and weekly report settings; the webhook signing secret is never read back. */
export function registerNotificationSettingsRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;

  route(
    {
      method: 'get',
      path: '/api/clients/:id/notification-settings',
      summary: "A client's notification and weekly report settings (the defaults until first saved)",
      tags,
      access: 'read',
      params: idParams,
      response: settingsSchema,
    },
    async ({ params, auth }) => {
      const client = await findOwnedClient(db, auth, params.id);
      return presentSettings(client, await findSettings(db, client.id), deps.notifications);
    },
  );

  route(
    {
      method: 'put',
      path: '/api/clients/:id/notification-settings',
      summary: "Replace a client's notification and weekly report settings; a new webhook secret is shown once",
      tags,
      access: 'write',
      params: idParams,
      body: settingsInputSchema(deps.notifications.allowLocalHttpHooks),
      response: savedSettingsSchema,
    },
    async ({ params, body, auth }) => {
      const client = await findOwnedClient(db, auth, params.id);
      const { row, secret } = await saveSettings(db, client.id, body, await findSettings(db, client.id));
      const presented = presentSettings(client, row, deps.notifications);
      return { ...presented, webhook: { ...presented.webhook, ...(secret ? { secret } : {}) } };
    },
  );
}
