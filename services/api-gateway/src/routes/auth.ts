import { revokeUserTokens } from '@outreach/db';
import type { LoginLimiter } from '../auth/login-limiter';
import { DUMMY_HASH_PROMISE, verifyPassword } from '../auth/passwords';
import { findUserByEmail, findUserEmail } from '../auth/store';
import { signAccessToken } from '../auth/tokens';
import type { GatewayDeps } from '../deps';
import { ApiError } from '../http/errors';
import { z } from '../http/openapi';
import type { RouteDefiner } from '../http/route';

const loginBody = z
  .object({ email: z.email().max(320), password: z.string().min(1).max(1024) })
  .strict()
  .openapi('LoginRequest', { example: { email: 'ops@agency.example', password: 'correct horse battery staple' } });

const tokenResponse = z
  .object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number().int() })
  .openapi('AccessToken');

const meResponse = z
  .object({
    kind: z.enum(['user', 'api_key']),
    user_id: z.uuid().nullable(),
    email: z.string().nullable(),
    role: z.enum(['admin', 'agent', 'viewer']),
    client_id: z.uuid().nullable(),
  })
  .openapi('Me');

export function registerAuthRoutes(route: RouteDefiner, deps: GatewayDeps, limiter: LoginLimiter): void {
  route(
    {
      method: 'post',
      path: '/api/auth/login',
      errors: [429],
      summary: 'Exchange email and password for a bearer token',
      tags: ['auth'],
      access: 'public',
      status: 200,
      body: loginBody,
      response: tokenResponse,
    },
    async ({ body, req, res }) => {
      // req.ip honours TRUST_PROXY: behind a proxy it is the client's address, not the proxy's.
      const ip = req.ip ?? 'unknown';
      const verdict = await limiter.attempt(body.email, ip);
      if (!verdict.allowed) {
        res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
        throw new ApiError(429, 'too_many_requests', `too many failed logins; retry in ${verdict.retryAfterSeconds} s`);
      }
      const user = await findUserByEmail(deps.db, body.email);
      const valid =
        user && !user.disabledAt
          ? await verifyPassword(body.password, user.passwordHash)
          : await verifyPassword(body.password, await DUMMY_HASH_PROMISE).then(() => false);
      if (!user || !valid) throw new ApiError(401, 'unauthorized', 'wrong email or password');
      await limiter.succeeded(body.email, ip);
      const token = signAccessToken(deps.tokens, { sub: user.id, role: user.role, client_id: user.clientId });
      return { access_token: token, token_type: 'Bearer' as const, expires_in: deps.tokens.ttlSeconds };
    },
  );

  route(
    {
      method: 'post',
      path: '/api/auth/logout',
      summary: "End every session of the caller: all of the user's access tokens answer 401 from now on",
      tags: ['auth'],
      access: 'read',
      status: 204,
    },
    async ({ auth }) => {
      if (!auth.userId)
        throw new ApiError(400, 'validation_failed', 'an API key has no session to end: revoke it with DELETE /api/api-keys/{id}');
      await revokeUserTokens(deps.db, auth.userId);
      return undefined;
    },
  );

  route(
    { method: 'get', path: '/api/auth/me', summary: 'Who the credentials belong to', tags: ['auth'], access: 'read', response: meResponse },
    async ({ auth }) => {
      const email = auth.userId ? await findUserEmail(deps.db, auth.userId) : null;
      return { kind: auth.kind as 'user' | 'api_key', user_id: auth.userId, email, role: auth.role, client_id: auth.clientId };
    },
  );
}
