import { generateApiKey } from '../auth/api-keys';
import type { AuthContext } from '../auth/context';
import type { GatewayDeps } from '../deps';
import { forbidden, notFound } from '../http/errors';
import { z } from '../http/openapi';
import { pageOf, paginationQuery, presentPage } from '../http/pagination';
import type { RouteDefiner } from '../http/route';
import { idParams, timestamp } from '../http/schemas';
import { insertApiKey, listClientApiKeys, revokeApiKey, type ApiKeyRow } from './api-keys/store';
import { findOwnedClient } from './clients/store';

const apiKeySchema = z
  .object({
    id: z.uuid(),
    client_id: z.uuid(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'the start of the key (`ok_<prefix>_…`), to tell keys apart' }),
    created_at: timestamp,
    last_used_at: timestamp.nullable(),
    revoked_at: timestamp.nullable(),
  })
  .openapi('ApiKey');

const createdKeySchema = apiKeySchema
  .extend({ key: z.string().openapi({ description: 'the key itself, shown only in this answer; send it as `X-API-Key`' }) })
  .openapi('ApiKeyCreated');

const apiKeyInput = z
  .object({ name: z.string().trim().min(1).max(200) })
  .strict()
  .openapi('ApiKeyInput', { example: { name: 'CRM sync' } });

const iso = (d: Date | null) => d?.toISOString() ?? null;
const present = (k: ApiKeyRow) => ({
  id: k.id,
  client_id: k.clientId,
  name: k.name,
  prefix: k.prefix,
  created_at: k.createdAt.toISOString(),
  last_used_at: iso(k.lastUsedAt),
  revoked_at: iso(k.revokedAt),
});

/**
 * Keys are managed by people, never by a key: a leaked key that could mint more keys would
 * outlive its own revocation. Viewers are already refused by the `write` access level.
 */
function requireHuman(auth: AuthContext): void {
  if (auth.kind !== 'user') throw forbidden('API keys cannot manage API keys');
}

/** Integration keys per client: admins for any client, agents for their own (another client is 404). */
export function registerApiKeyRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;
  const requireClient = async (auth: AuthContext, clientId: string) => {
    await findOwnedClient(db, auth, clientId);
  };

  route(
    {
      method: 'get',
      path: '/api/clients/:id/api-keys',
      summary: "List a client's API keys (never the keys themselves)",
      tags: ['api-keys'],
      access: 'write',
      params: idParams,
      query: z.object(paginationQuery).strict(),
      response: pageOf(apiKeySchema),
    },
    async ({ params, query, auth }) => {
      requireHuman(auth);
      await requireClient(auth, params.id);
      return presentPage(await listClientApiKeys(db, params.id, query), present);
    },
  );

  route(
    {
      method: 'post',
      path: '/api/clients/:id/api-keys',
      summary: 'Create an API key for a client; the key is shown once',
      tags: ['api-keys'],
      access: 'write',
      params: idParams,
      body: apiKeyInput,
      response: createdKeySchema,
    },
    async ({ params, body, auth }) => {
      requireHuman(auth);
      await requireClient(auth, params.id);
      const generated = generateApiKey();
      const row = await insertApiKey(db, {
        clientId: params.id,
        name: body.name,
        prefix: generated.prefix,
        keyHash: generated.hash,
        createdByUserId: auth.userId,
      });
      return { ...present(row), key: generated.key };
    },
  );

  route(
    {
      method: 'delete',
      path: '/api/api-keys/:id',
      summary: 'Revoke an API key (it answers 401 from then on)',
      tags: ['api-keys'],
      access: 'write',
      params: idParams,
      status: 204,
    },
    async ({ params, auth }) => {
      requireHuman(auth);
      if (!(await revokeApiKey(db, auth, params.id))) throw notFound('API key');
      return undefined;
    },
  );
}
