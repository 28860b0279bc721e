import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Express, Request, RequestHandler } from 'express';
import type { AuthContext } from '../auth/context';
import { authenticateUser } from '../auth/authenticate';
import { verifyBoardSession } from '../auth/tokens';
import type { GatewayDeps } from '../deps';
import { forbidden, unauthorized } from './errors';
import type { Authenticate } from './route';

export const BULL_BOARD_PATH = '/admin/queues';
/** Browsers cannot send a bearer header when navigating: the board also reads the token from this cookie. */
export const ADMIN_COOKIE = 'outreach_admin';
/** Where the cookie is sent: the board only, never the API (so it can never stand in for a bearer there). */
export const ADMIN_COOKIE_PATH = '/admin';

/** One cookie's value from the Cookie header, or undefined (also when it is not valid percent-encoding). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The admin-session cookie carries a Bull Board session token (its own audience, 15 minutes), never
 * an API token: a stolen cookie opens neither the API nor the board for long. The user is re-read
 * each time, so a disabled, demoted or logged-out admin loses the board at once.
 */
async function fromCookie(deps: GatewayDeps, req: Request): Promise<AuthContext | null> {
  const token = readCookie(req, ADMIN_COOKIE);
  const session = token ? verifyBoardSession(deps.tokens, token) : null;
  return session ? authenticateUser(deps.db, session.sub, session.issuedAtMs) : null;
}

function requireAdmin(deps: GatewayDeps, authenticate: Authenticate): RequestHandler {
  return async (req, res, next) => {
    const auth = (await authenticate(req)) ?? (await fromCookie(deps, req));
    if (!auth) throw unauthorized();
    if (auth.role !== 'admin') throw forbidden('admins only');
    // Job payloads and errors are shown here: keep them out of shared caches.
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}

/**
 * Bull Board over every queue of the platform, at /admin/queues. It has no authentication of its
 * own, so every request (page, assets, its JSON API, retries and cleans) passes `requireAdmin`
 * first: an admin bearer token, or the HttpOnly SameSite=Strict cookie set by
 * POST /api/auth/admin-session.
 */
export function mountBullBoard(app: Express, deps: GatewayDeps, authenticate: Authenticate): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: Object.values(deps.queues).map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Outreach queues' } },
  });
  app.use(BULL_BOARD_PATH, requireAdmin(deps, authenticate), serverAdapter.getRouter());
}
