import { isUnsubscribed, recordUnsubscribe } from '@outreach/db';
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

const unsubscribeStatusSchema = z
  .object({ unsubscribed: z.boolean(), client_id: z.uuid(), email: z.string(), list: z.enum(['weekly_report']) })
  .openapi('UnsubscribeStatus');

type Claim = { clientId: string; email: string; list: keyof typeof LIST_NAMES };

const PAGE_STYLE = 'font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #1f2937';

function sendPage(res: Response, status: number, title: string, message: string, form?: { action: string; button: string }): void {
  // The token is in the URL: keep it out of Referer headers and caches; the page loads nothing and
  // may only post its own form back here.
  const formHtml = form
    ? `<form method="post" action="${escapeHtml(form.action)}"><button type="submit" style="font-size: 1rem; padding: 0.5rem 1rem">${escapeHtml(form.button)}</button></form>`
    : '';
  res
    .status(status)
    .set({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    })
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>` +
        `<body style="${PAGE_STYLE}"><h1 style="font-size: 1.25rem">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${formHtml}</body></html>`,
    );
}

/**
 * The signed link at the foot of every weekly report. GET only shows a confirmation page (mail
 * scanners and link previews fetch links: a GET must not unsubscribe anyone); POST unsubscribes,
 * from that page's button or as RFC 8058 one-click (`List-Unsubscribe-Post`), which mail providers
 * call with the same URL. POST is idempotent: the (client, email, list) key makes a repeat a no-op.
 */
export function registerUnsubscribeRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;

  /** The verified claim, or null after answering 400 (page or JSON). */
  const readClaim = (token: string | undefined, req: Request, res: Response): Claim | null => {
    const claim = token ? verifyUnsubscribeToken(deps.email.unsubscribeSecret, token) : null;
    if (claim && UUID.test(claim.clientId)) return { ...claim, email: claim.email.trim().toLowerCase() };
    const message = 'not a valid unsubscribe link (it may have been cut off or altered)';
    if (wantsJson(req))
      throw new ApiError(400, 'validation_failed', `query.token: ${message}`, [{ location: 'query', path: 'token', message }]);
    sendPage(
      res,
      400,
      'This unsubscribe link is not valid',
      'It may have been cut off or altered. Open it again from the email, or reply to the email to be removed.',
    );
    return null;
  };

  const describe = async (claim: Claim) => {
    const clientName = await findClientName(db, claim.clientId);
    return `${LIST_NAMES[claim.list]}${clientName !== null ? ` for ${clientName}` : ''}`;
  };

  const confirm = async ({ query, req, res }: { query: z.infer<typeof tokenQuery>; req: Request; res: Response }) => {
    const claim = readClaim(query.token, req, res);
    if (!claim) return undefined;
    const done = await isUnsubscribed(db, { clientId: claim.clientId, email: claim.email, list: claim.list });
    if (wantsJson(req)) return { unsubscribed: Boolean(done), client_id: claim.clientId, email: claim.email, list: claim.list };
    const what = await describe(claim);
    if (done) sendPage(res, 200, 'You are unsubscribed', `You no longer receive ${what} at ${claim.email}.`);
    else
      sendPage(res, 200, 'Unsubscribe?', `Stop sending ${what} to ${claim.email}?`, {
        action: `/api/unsubscribe?token=${encodeURIComponent(query.token ?? '')}`,
        button: 'Unsubscribe',
      });
    return undefined;
  };

  const unsubscribe = async ({ query, req, res }: { query: z.infer<typeof tokenQuery>; req: Request; res: Response }) => {
    const claim = readClaim(query.token, req, res);
    if (!claim) return undefined;
    await recordUnsubscribe(db, { clientId: claim.clientId, email: claim.email, list: claim.list });
    deps.logger.info('unsubscribed', { clientId: claim.clientId, list: claim.list });
    if (wantsJson(req)) return { unsubscribed: true as const, client_id: claim.clientId, email: claim.email, list: claim.list };
    sendPage(res, 200, 'You are unsubscribed', `You will no longer receive ${await describe(claim)} at ${claim.email}.`);
    return undefined;
  };

  const common = { path: '/api/unsubscribe', tags: ['notifications'], access: 'public' as const, query: tokenQuery, status: 200 };
  route(
    {
      ...common,
      method: 'get',
      summary: 'The signed link in the email: a confirmation page (unsubscribes nothing by itself)',
      response: unsubscribeStatusSchema,
      responseDescription:
        'An HTML page with an Unsubscribe button (JSON: whether already unsubscribed); an invalid token answers 400 the same way.',
    },
    confirm,
  );
  route(
    {
      ...common,
      method: 'post',
      summary: 'Unsubscribe: the confirmation button, or RFC 8058 one-click (List-Unsubscribe-Post) with the same signed link',
      response: unsubscribedSchema,
      responseDescription:
        'Unsubscribed (also when already unsubscribed). An HTML page unless the caller prefers application/json; an invalid token answers 400 the same way.',
    },
    unsubscribe,
  );
}
