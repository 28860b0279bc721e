import { Router } from 'express';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { ApiError, resourceNotFound } from '../errors';
import { newToken } from '../ids';
import { DATETIME_PATTERN, parseBody } from './query';

const linkBody = z
  .object({
    type: z.enum(['create', 'reconnect']),
    providers: z.union([z.string(), z.array(z.string())]),
    api_url: z.string().min(1),
    expiresOn: z
      .string()
      .regex(DATETIME_PATTERN, "Expected string to match '^[1-2]\\d{3}-[0-1]\\d-[0-3]\\dT\\d{2}:\\d{2}:\\d{2}.\\d{3}Z$'"),
    name: z.string().optional(),
    notify_url: z.url().optional(),
    success_redirect_url: z.string().optional(),
    failure_redirect_url: z.string().optional(),
    reconnect_account: z.string().optional(),
  })
  .refine((b) => b.type !== 'reconnect' || b.reconnect_account !== undefined, {
    path: ['reconnect_account'],
    message: 'Expected required property',
  });

/** `POST /hosted/accounts/link` → `{object: "HostedAuthUrl", url}` pointing at the sandbox's own page. */
export function hostedApiRouter(ctx: SandboxContext): Router {
  const router = Router();
  router.post('/hosted/accounts/link', (req, res) => {
    const body = parseBody(linkBody, req.body);
    if (body.reconnect_account !== undefined) ctx.world.requireAccount(body.reconnect_account);
    const token = newToken();
    ctx.world.hostedLinks.set(token, {
      token,
      type: body.type,
      name: body.name ?? null,
      notifyUrl: body.notify_url ?? null,
      reconnectAccountId: body.reconnect_account ?? null,
      expiresOn: new Date(body.expiresOn),
      usedAt: null,
    });
    res.json({ object: 'HostedAuthUrl', url: `${ctx.baseUrl()}/hosted/${token}` });
  });
  return router;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page a user would open; in the sandbox it only explains how to finish the flow. */
export function hostedPageRouter(ctx: SandboxContext): Router {
  const router = Router();
  router.get('/hosted/:token', (req, res) => {
    const link = ctx.world.hostedLinks.get(req.params.token);
    if (!link) throw resourceNotFound('Unknown hosted auth link.');
    if (link.expiresOn.getTime() < ctx.clock.nowMs()) throw new ApiError(401, 'expired_link', 'This link has expired.');
    const token = escapeHtml(link.token);
    res
      .type('html')
      .send(
        `<!doctype html><title>Unipile sandbox — connect LinkedIn</title><h1>Connect a LinkedIn account (${link.type})</h1>` +
          `<p>This is the Unipile sandbox. Complete the flow with <code>POST /_sandbox/hosted/${token}/complete</code>.</p>`,
      );
  });
  return router;
}
