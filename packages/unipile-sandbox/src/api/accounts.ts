import { Router } from 'express';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { decodeCursor, LIMITS, pageByKeyset, parseLimit, sortNewestFirst } from '../pagination';
import { accountView, statusCounts } from '../views/account';
import type { Account } from '../world/types';
import { queryParam } from './query';

const accountsCursor = z.object({ limit: z.number().int(), cursor: z.object({ last_id: z.string(), last_date: z.string() }) });
const accountKey = (a: Account) => ({ id: a.id, date: a.createdAt.toISOString() });

export function accountsRouter(ctx: SandboxContext): Router {
  const router = Router();
  const { world } = ctx;

  router.get('/accounts', (req, res) => {
    const raw = queryParam(req, 'cursor');
    const state = raw
      ? decodeCursor(raw, accountsCursor)
      : { limit: parseLimit(queryParam(req, 'limit'), LIMITS.standard), cursor: undefined };
    const all = sortNewestFirst([...world.accounts.values()], accountKey);
    const page = pageByKeyset(all, state.cursor, state.limit, accountKey, (cursor) => ({ limit: state.limit, cursor }));
    res.json({
      object: 'AccountList',
      items: page.items.map((a) => accountView(world, a)),
      cursor: page.cursor,
      total_count: all.length,
      status_counts: statusCounts(all),
    });
  });

  router.get('/accounts/:accountId', (req, res) => {
    res.json(accountView(world, world.requireAccount(req.params.accountId)));
  });

  router.delete('/accounts/:accountId', (req, res) => {
    const account = world.requireAccount(req.params.accountId);
    world.accounts.delete(account.id);
    ctx.events.accountStatus(account, 'DELETED');
    res.json({ object: 'AccountDeleted' });
  });

  // A healthy restart changes nothing and emits no status webhook (seen live).
  router.post('/accounts/:accountId/restart', (req, res) => {
    world.requireAccount(req.params.accountId);
    res.json({ object: 'AccountRestarted' });
  });

  return router;
}
