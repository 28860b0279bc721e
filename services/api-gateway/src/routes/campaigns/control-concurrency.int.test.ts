import { insertEvent, leads, lockSendState, type Tx } from '@outreach/db';
import { eq, sql } from 'drizzle-orm';
import { insertLead, insertTenant, waitFor } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A transaction standing in for a sender (or a reply) that holds lead locks: `first` runs, then the
 * transaction waits for `go()`, runs `then` and commits. `done` settles with the commit or the error.
 */
function heldTransaction(first: (tx: Tx) => Promise<void>, then: (tx: Tx) => Promise<void>) {
  const locked = deferred();
  const go = deferred();
  let pid = 0;
  const done = g.database.db.transaction(async (tx) => {
    const [row] = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as Array<{ pid: number }>;
    pid = row!.pid;
    await first(tx);
    locked.resolve();
    await go.promise;
    await then(tx);
  });
  done.catch(() => locked.resolve());
  return { locked: locked.promise, go: go.resolve, done, pid: () => pid };
}

/** Resolves once another backend waits on a lock that `pid` holds. */
const blockedBy = (pid: number) =>
  waitFor(
    async () => {
      const [row] = (await g.database.db.execute(
        sql`select count(*)::int as n from pg_stat_activity where ${pid} = any(pg_blocking_pids(pid))`,
      )) as unknown as Array<{ n: number }>;
      return row!.n > 0;
    },
    { what: 'a backend waiting on the held transaction' },
  );

async function activeCampaign() {
  const t = await insertTenant(g.database.db);
  const agent = await g.createUser('agent', t.client.id);
  return { ...t, agent };
}

const leadRow = async (id: string) => (await g.database.db.select().from(leads).where(eq(leads.id, id)))[0]!;

describe.each(['pause', 'stop'] as const)('%s while a send holds a lead', (command) => {
  it(`${command}s after the send records its outcome, and both commit`, async () => {
    const t = await activeCampaign();
    const lead = await insertLead(g.database.db, t.campaign, { status: 'pending_invite', nextActionAt: new Date() });
    const send = heldTransaction(
      async (tx) => {
        expect((await lockSendState(tx, lead.id, null))?.campaignStatus).toBe('active');
      },
      // The sender's outcome: the lead advanced and an event naming the campaign (a foreign key to it).
      async (tx) => {
        await tx
          .update(leads)
          .set({ status: 'invite_sent', nextActionAt: new Date(Date.now() + 86_400_000) })
          .where(eq(leads.id, lead.id));
        await insertEvent(tx, {
          clientId: t.client.id,
          campaignId: t.campaign.id,
          leadId: lead.id,
          linkedinAccountId: t.account.id,
          type: 'connection_request_sent',
          occurredAt: new Date(),
        });
      },
    );
    await send.locked;
    const res = g.call('POST', `/api/campaigns/${t.campaign.id}/${command}`, { token: t.agent.token });
    await blockedBy(send.pid());
    send.go();
    await expect(send.done).resolves.toBeUndefined();
    const answered = await res;
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe(command === 'pause' ? 'paused' : 'stopped');
    // The send completed before the pause, which then took the lead out of the due scan.
    expect(await leadRow(lead.id)).toMatchObject({ status: 'invite_sent', nextActionAt: null });
  });
});

describe('a send that starts while a pause holds the leads', () => {
  it('sees the campaign paused once the pause commits', async () => {
    const t = await activeCampaign();
    const first = await insertLead(g.database.db, t.campaign, { status: 'pending_invite', nextActionAt: new Date() });
    const second = await insertLead(g.database.db, t.campaign, { status: 'pending_invite', nextActionAt: new Date() });
    const [low, high] = [first, second].sort((a, b) => (a.id < b.id ? -1 : 1));
    // A reply holds the later lead: the pause locks the earlier one (leads in id order), then waits.
    const reply = heldTransaction(
      async (tx) => {
        await tx.execute(sql`select id from leads where id = ${high!.id}::uuid for no key update`);
      },
      async () => undefined,
    );
    await reply.locked;
    const pause = g.call('POST', `/api/campaigns/${t.campaign.id}/pause`, { token: t.agent.token });
    await blockedBy(reply.pid());
    // The send reaches the earlier lead while the pause holds it: it waits, and then must see the pause.
    const seen = g.database.db.transaction(async (tx) => (await lockSendState(tx, low!.id, null))?.campaignStatus);
    const pausePid = await waitFor(async () => {
      const rows = (await g.database.db.execute(
        sql`select pid from pg_stat_activity where ${reply.pid()} = any(pg_blocking_pids(pid))`,
      )) as unknown as Array<{ pid: number }>;
      return rows[0]?.pid;
    });
    await blockedBy(pausePid);
    reply.go();
    await reply.done;
    expect((await pause).status).toBe(200);
    expect(await seen).toBe('paused');
  });
});
