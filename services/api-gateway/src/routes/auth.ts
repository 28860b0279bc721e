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
    { method: 'post', path: '/api/auth/login', errors: [429], summary: 'Exchange email and password for a bearer token', tags: ['auth'], access: 'public', status: 200, body: loginBody, response: tokenResponse },
    async ({ body, req, res }) => {
      const ip = req.ip ?? 'unknown';
      const wait = await limiter.retryAfter(body.email, ip);
      if (wait > 0) {
        res.setHeader('Retry-After', String(wait));
        throw new ApiError(429, 'too_many_requests', `too many failed logins; retry in ${wait} s`);
      }
      const user = await findUserByEmail(deps.db, body.email);
      const valid = user && !user.disabledAt ? await verifyPassword(body.password, user.passwordHash) : await verifyPassword(body.password, await DUMMY_HASH_PROMISE).then(() => false);
      if (!user || !valid) {
        await limiter.recordFailure(body.email, ip);
        throw new ApiError(401, 'unauthorized', 'wrong email or password');
      }
      await limiter.reset(body.email);
      const token = signAccessToken(deps.tokens, { sub: user.id, role: user.role, client_id: user.clientId });
      return { access_token: token, token_type: 'Bearer' as const, expires_in: deps.tokens.ttlSeconds };
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
