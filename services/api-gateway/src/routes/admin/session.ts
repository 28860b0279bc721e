import type { CookieOptions, Request } from 'express';
import { BOARD_SESSION_TTL_SECONDS, signBoardSession } from '../../auth/tokens';
import type { GatewayDeps } from '../../deps';
import { ADMIN_COOKIE, ADMIN_COOKIE_PATH } from '../../http/bull-board';
import { unauthorized } from '../../http/errors';
import type { RouteDefiner } from '../../http/route';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site can make the browser send it, so
 * the board's POST actions cannot be forged), Path=/admin (never sent to the API). Secure unless
 * the gateway is reached on loopback, where local development runs over plain HTTP.
 */
const cookieOptions = (req: Request): CookieOptions => ({
  httpOnly: true,
  sameSite: 'strict',
  path: ADMIN_COOKIE_PATH,
  secure: req.secure || !LOOPBACK.has(req.hostname),
});

/** The bearer token the request was authenticated with (admins always use one: API keys are never admin). */
function bearerOf(req: Request): string {
  const match = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '');
  if (!match?.[1]) throw unauthorized('an admin bearer token is required');
  return match[1].trim();
}

/** Lets an admin's browser open Bull Board, which cannot be sent a bearer header. */
export function registerAdminSessionRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  route(
    {
      method: 'post',
      path: '/api/auth/admin-session',
      summary: 'Set the HttpOnly cookie with which a browser opens Bull Board at /admin/queues',
      tags: ['auth'],
      access: 'admin',
      status: 204,
      responseDescription:
        'Cookie `outreach_admin` set (HttpOnly, SameSite=Strict, Path=/admin): a Bull Board session of 15 minutes, not the bearer token',
    },
    async ({ req, res, auth }) => {
      bearerOf(req);
      // A session of the board's own, shorter than the bearer token and useless on the API.
      const session = signBoardSession(deps.tokens, auth.userId as string);
      res.cookie(ADMIN_COOKIE, session, { ...cookieOptions(req), maxAge: BOARD_SESSION_TTL_SECONDS * 1000 });
      return undefined;
    },
  );

  route(
    {
      method: 'delete',
      path: '/api/auth/admin-session',
      summary: 'Clear the Bull Board cookie',
      tags: ['auth'],
      access: 'public',
      status: 204,
    },
    async ({ req, res }) => {
      res.clearCookie(ADMIN_COOKIE, cookieOptions(req));
      return undefined;
    },
  );
}
