import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { GatewayDeps } from '../../deps';
import { ApiError, notFound } from '../../http/errors';
import { z } from '../../http/openapi';
import type { RouteDefiner } from '../../http/route';
import { timeZone, timestamp } from '../../http/schemas';
import { clientForCreate } from '../../http/tenancy';
import { findClient } from '../clients/store';
import { completeConnectRequest, fromUnipile } from './complete-connect';
import { deleteConnectRequest, insertConnectRequest } from './store';

const tags = ['linkedin-accounts'];
/** How long a hosted-auth link (and its pending request) stays usable. */
const LINK_TTL_MS = 60 * 60 * 1000;
export const CALLBACK_PATH = '/api/linkedin-accounts/connect/callback';

const connectInput = z
  .object({
    client_id: z.uuid('must be a UUID').optional().openapi({ description: 'admins only: the client the account will belong to' }),
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: "our label for the account; defaults to the LinkedIn member's name" }),
    timezone: timeZone.optional().openapi({ description: "defaults to the client's time zone" }),
  })
  .strict()
  .openapi('LinkedinConnectInput');

const connectResponse = z
  .object({ url: z.string().openapi({ description: "Unipile's hosted-auth page; open it to sign in to LinkedIn" }), expires_at: timestamp })
  .openapi('LinkedinConnectLink');

// Unipile's payload, not ours: not strict, so a field Unipile adds later does not make us refuse
// (and make it retry) a real connection. Only these three fields are read.
const callbackBody = z
  .object({
    status: z.enum(['CREATION_SUCCESS', 'RECONNECTED']),
    account_id: z.string().min(1).max(200),
    name: z.string().min(1).max(200).openapi({ description: 'the token of the connect request, echoed by Unipile' }),
  })
  .openapi('LinkedinConnectCallback');

const callbackResponse = z.object({ linkedin_account_id: z.uuid() }).openapi('LinkedinConnectCallbackResult');

/**
 * Where Unipile will post the callback: `PUBLIC_API_URL` when set (production, behind a proxy),
 * else the origin this request came in on, which is what Unipile reaches in a local setup.
 */
function callbackUrl(deps: GatewayDeps, req: Request): string {
  const base = deps.publicApiUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  return `${base.replace(/\/+$/, '')}${CALLBACK_PATH}`;
}

/** Hosted-auth connection: a link for the operator, and the public callback Unipile calls when done. */
export function registerConnectRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;

  route(
    {
      method: 'post',
      path: '/api/linkedin-accounts/connect',
      errors: [502, 503],
      summary: 'Get a Unipile hosted-auth link that connects a LinkedIn account to a client',
      tags,
      access: 'write',
      body: connectInput,
      response: connectResponse,
    },
    async ({ body, auth, req }) => {
      const clientId = clientForCreate(auth, body.client_id);
      const client = await findClient(db, clientId);
      if (!client) throw notFound('client');
      // The Unipile DSN is the link's `api_url`; read defensively so a deployment without it gets a clear 503.
      const apiUrl: string | undefined = (deps as Partial<GatewayDeps>).unipileDsn;
      if (!apiUrl) throw new ApiError(503, 'unavailable', 'the Unipile DSN is not configured');

      // The token is the only link between Unipile's callback and this client, so it is random and unguessable.
      const token = randomBytes(24).toString('base64url');
      const expiresAt = new Date(Date.now() + LINK_TTL_MS);
      await insertConnectRequest(db, {
        clientId,
        token,
        accountName: body.name ?? null,
        timezone: body.timezone ?? client.timezone,
        expiresAt,
      });
      try {
        const url = await deps.unipile.createHostedAuthLink({
          type: 'create',
          apiUrl,
          expiresOn: expiresAt,
          name: token,
          notifyUrl: callbackUrl(deps, req),
        });
        return { url, expires_at: expiresAt.toISOString() };
      } catch (err) {
        await deleteConnectRequest(db, token);
        throw fromUnipile(err, 'Unipile hosted-auth');
      }
    },
  );

  route(
    {
      method: 'post',
      path: CALLBACK_PATH,
      errors: [409, 410, 502],
      summary: 'Called by Unipile when a hosted-auth connection finishes; records the account',
      tags,
      access: 'public',
      status: 200,
      body: callbackBody,
      response: callbackResponse,
    },
    async ({ body }) => {
      const accountId = await completeConnectRequest(deps, { token: body.name, unipileAccountId: body.account_id });
      return { linkedin_account_id: accountId };
    },
  );
}
