import { recordUnsubscribe } from '@outreach/db';
import { escapeHtml } from '@outreach/email';
import { verifyUnsubscribeToken } from '@outreach/reports';
import type { Request, Response } from 'express';
import type { GatewayDeps } from '../deps';
import { ApiError } from '../http/errors';
import { z } from '../http/openapi';
import type { RouteDefiner } from '../http/route';
import { findClientName } from './clients/store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIST_NAMES = { weekly_report: 'the weekly outreach report' } as const;

// Not strict: mail clients and link trackers append their own parameters to the link.
const tokenQuery = z.object({ token: z.string().max(4096).optional().openapi({ description: 'The signed token from the email link' }) });

const unsubscribedSchema = z
  .object({ unsubscribed: z.literal(true), client_id: z.uuid(), email: z.string(), list: z.enum(['weekly_report']) })
  .openapi('Unsubscribed');

/** Browsers get a page; a caller that prefers JSON (scripts, tests) gets the platform's JSON shapes. */
const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json';

function sendPage(res: Response, status: number, title: string, message: string): void {
  // The token is in the URL: keep it out of Referer headers and caches; the page loads nothing.
  res
    .status(status)
    .set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" })
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>` +
        `<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #1f2937"><h1 style="font-size: 1.25rem">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`,
    );
}

/**
 * The signed link at the foot of every weekly report. GET is the link itself; POST is RFC 8058
 * one-click unsubscribe (`List-Unsubscribe-Post`), which mail providers call with the same URL.
 * Both are idempotent: the (client, email, list) key makes a second use a no-op.
 */
export function registerUnsubscribeRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;

  const handler = async ({ query, req, res }: { query: z.infer<typeof tokenQuery>; req: Request; res: Response }) => {
    const claim = query.token ? verifyUnsubscribeToken(deps.email.unsubscribeSecret, query.token) : null;
    if (!claim || !UUID.test(claim.clientId)) {
      const message = 'not a valid unsubscribe link (it may have been cut off or altered)';
      if (wantsJson(req)) throw new ApiError(400, 'validation_failed', `query.token: ${message}`, [{ location: 'query', path: 'token', message }]);
      sendPage(res, 400, 'This unsubscribe link is not valid', 'It may have been cut off or altered. Open it again from the email, or reply to the email to be removed.');
      return undefined;
    }
    const email = claim.email.trim().toLowerCase();
    await recordUnsubscribe(db, { clientId: claim.clientId, email, list: claim.list });
    deps.logger.info('unsubscribed', { clientId: claim.clientId, list: claim.list });
    if (wantsJson(req)) return { unsubscribed: true as const, client_id: claim.clientId, email, list: claim.list };
    const clientName = await findClientName(db, claim.clientId);
    const what = `${LIST_NAMES[claim.list]}${clientName !== null ? ` for ${clientName}` : ''}`;
    sendPage(res, 200, 'You are unsubscribed', `You will no longer receive ${what} at ${email}.`);
    return undefined;
  };

  const common = {
    path: '/api/unsubscribe',
    tags: ['notifications'],
    access: 'public' as const,
    query: tokenQuery,
    status: 200,
    response: unsubscribedSchema,
    responseDescription: 'Unsubscribed (also when already unsubscribed). An HTML page unless the caller prefers application/json; an invalid token answers 400 the same way.',
  };
  route({ ...common, method: 'get', summary: 'Unsubscribe from an email list through the signed link in the email' }, handler);
  route({ ...common, method: 'post', summary: 'One-click unsubscribe (RFC 8058 List-Unsubscribe-Post) with the same signed link' }, handler);
}
