import { Router, type Request } from 'express';
import { parseBody, queryParam } from '../api/query';
import type { SandboxContext } from '../context';
import { apiFaultSchema, clockSchema, settleSchema, webhookFaultSchema } from './schemas';

const DEFAULT_SETTLE_MS = 10_000;

function filterBy<T extends { account_id: string }>(items: T[], req: Request): T[] {
  const accountId = queryParam(req, 'account_id');
  return accountId === undefined ? items : items.filter((i) => i.account_id === accountId);
}

/** Control routes for faults and for observing what the sandbox sent and delivered. */
export function observeControlRouter(ctx: SandboxContext): Router {
  const router = Router();

  router.post('/faults/webhooks', (req, res) => {
    res.status(201).json(ctx.webhookFaults.add(parseBody(webhookFaultSchema, req.body)));
  });

  router.post('/faults/api', (req, res) => {
    res.status(201).json(ctx.apiFaults.add(parseBody(apiFaultSchema, req.body)));
  });

  router.get('/faults', (_req, res) => {
    res.json({ webhooks: ctx.webhookFaults.list(), api: ctx.apiFaults.list() });
  });

  router.delete('/faults', (_req, res) => {
    ctx.webhookFaults.clear();
    ctx.apiFaults.clear();
    res.json({ cleared: true });
  });

  router.get('/sent', (req, res) => {
    const { sent } = ctx.world;
    res.json({
      invitations: filterBy(sent.invitations, req),
      messages: filterBy(sent.messages, req),
      withdrawals: filterBy(sent.withdrawals, req),
      profile_views: filterBy(sent.profile_views, req),
    });
  });

  router.get('/deliveries', (req, res) => {
    const event = queryParam(req, 'event');
    const webhookId = queryParam(req, 'webhook_id');
    const keep = <T extends { account_id: string; event: string; webhook_id: string | null }>(items: T[]): T[] =>
      filterBy(items, req).filter(
        (i) => (event === undefined || i.event === event) && (webhookId === undefined || i.webhook_id === webhookId),
      );
    res.json({ pending: ctx.dispatcher.pending, items: keep(ctx.dispatcher.attempts), deliveries: keep(ctx.dispatcher.deliveries) });
  });

  // Waits for quiet instead of sleeping: no delivery pending, no retry or simulated person waiting.
  router.post('/deliveries/settle', async (req, res) => {
    const fromQuery = queryParam(req, 'max_wait_ms');
    const body = parseBody(settleSchema, req.body);
    const maxWait = body.max_wait_ms ?? (fromQuery === undefined ? DEFAULT_SETTLE_MS : Number(fromQuery));
    const settled = await ctx.scheduler.whenIdle(Number.isFinite(maxWait) ? maxWait : DEFAULT_SETTLE_MS);
    res.json({ settled, pending: ctx.dispatcher.pending, scheduled: ctx.scheduler.pending });
  });

  router.post('/clock/advance', (req, res) => {
    res.json({ now: ctx.clock.advance(parseBody(clockSchema, req.body).ms).toISOString() });
  });

  return router;
}
