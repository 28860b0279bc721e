import { createDatabase, events, type Database, type EventType } from '@outreach/db';
import { sql } from 'drizzle-orm';
import { createLogger } from '@outreach/logger';
import { createFreshDatabase, insertLead, insertTenant, type FreshDatabase } from '@outreach/testing';
import { processRollupEvents } from './rollup-events';

const logger = createLogger('reporter', { silent: true });
const TYPES: EventType[] = ['connection_request_sent', 'connection_accepted', 'message_sent', 'message_received', 'message_failed'];
const BASE = Date.parse('2026-03-01T00:00:00Z');
const QUARTER = 15 * 60_000;

// A database of its own: the rollup counts every event it finds, and its cursor is global.
let fresh: FreshDatabase;
let database: Database;
beforeAll(async () => {
  fresh = await createFreshDatabase('rollup');
  database = createDatabase(fresh.url, { max: 4 });
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

const deps = () => ({ db: database.db, logger });

/** A pseudo-random generator with a fixed seed, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

type Raw = { campaign_id: string | null; type: string; n: string };
type Rolled = { campaign_id: string | null; type: string; n: string };
const key = (r: { campaign_id: string | null; type: string }) => `${r.campaign_id}/${r.type}`;

async function compareWindow(lo: Date, hi: Date): Promise<void> {
  const raw = await database.db.execute<Raw>(
    sql`select campaign_id, type::text, count(*) n from events where occurred_at >= ${lo.toISOString()}::timestamptz and occurred_at < ${hi.toISOString()}::timestamptz group by 1, 2`,
  );
  const rolled = await database.db.execute<Rolled>(
    sql`select campaign_id, type::text, sum(count) n from event_rollups where slot >= ${lo.toISOString()}::timestamptz and slot < ${hi.toISOString()}::timestamptz group by 1, 2`,
  );
  const asMap = (rows: Array<Raw | Rolled>) => Object.fromEntries(rows.map((r) => [key(r), Number(r.n)]));
  expect(asMap(rolled)).toEqual(asMap(raw));
}

describe('processRollupEvents', () => {
  it('equals the raw GROUP BY on 100 random windows, and a second run counts nothing twice', async () => {
    const a = await insertTenant(database.db);
    const b = await insertTenant(database.db);
    const leadsA = await Promise.all([1, 2, 3, 4, 5].map(() => insertLead(database.db, a.campaign)));
    const random = seeded(42);
    const rows = Array.from({ length: 3_000 }, (_, i) => {
      const t = random() < 0.5 ? a : b;
      const type = TYPES[Math.floor(random() * TYPES.length)] as EventType;
      return {
        clientId: t.client.id,
        campaignId: random() < 0.05 ? null : t.campaign.id,
        linkedinAccountId: t.account.id,
        // One acceptance per lead at most (a unique index), so random acceptances carry none.
        leadId: t === a && type !== 'connection_accepted' ? (leadsA[Math.floor(random() * 5)]?.id ?? null) : null,
        type,
        externalId: `m-${i}`,
        occurredAt: new Date(BASE + Math.floor(random() * 14 * 86_400_000)),
      };
    });
    for (let i = 0; i < rows.length; i += 500) await database.db.insert(events).values(rows.slice(i, i + 500));

    const first = await processRollupEvents(deps(), {});
    expect(first.events).toBe(3_000);
    for (let i = 0; i < 100; i++) {
      const lo = BASE + Math.floor((random() * 14 * 86_400_000) / QUARTER) * QUARTER;
      const hi = lo + Math.ceil((random() * 5 * 86_400_000) / QUARTER) * QUARTER;
      await compareWindow(new Date(lo), new Date(hi));
    }
    const second = await processRollupEvents(deps(), {});
    expect(second.events).toBe(0);
    await compareWindow(new Date(BASE - 86_400_000), new Date(BASE + 20 * 86_400_000));
  }, 60_000);

  it('counts an event whose transaction commits after a later one was counted, once', async () => {
    const t = await insertTenant(database.db);
    const at = new Date(BASE + 3_600_000);
    const base = {
      clientId: t.client.id,
      campaignId: t.campaign.id,
      linkedinAccountId: t.account.id,
      type: 'message_sent' as const,
      occurredAt: at,
    };
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    // An insert that takes its id now and commits only when released: the late event.
    const slow = database.db.transaction(async (tx) => {
      await tx.insert(events).values(base);
      inserted();
      await held;
    });
    await insertedYet;
    await database.db.insert(events).values(base);

    const before = await processRollupEvents(deps(), {});
    expect(before).toMatchObject({ events: 1, late: 0 });
    release();
    await slow;
    const after = await processRollupEvents(deps(), {});
    expect(after).toMatchObject({ events: 0, late: 1 });
    expect((await processRollupEvents(deps(), {})).late).toBe(0);
    const [row] = await database.db.execute<{ n: string }>(
      sql`select sum(count) n from event_rollups where campaign_id = ${t.campaign.id}`,
    );
    expect(Number(row?.n)).toBe(2);
  });

  it('writes the same lead facts whatever order the events arrive in', async () => {
    const t = await insertTenant(database.db);
    const lead = await insertLead(database.db, t.campaign);
    const ev = (type: EventType, iso: string, meta: Record<string, unknown> = {}) => ({
      clientId: t.client.id,
      campaignId: t.campaign.id,
      linkedinAccountId: t.account.id,
      leadId: lead.id,
      type,
      occurredAt: new Date(iso),
      externalId: `${type}-${iso}`,
      meta,
    });
    // The reply and the acceptance arrive first (a late poll inserts the earlier invite and message after).
    await database.db
      .insert(events)
      .values([ev('message_received', '2026-03-05T12:00:00Z'), ev('connection_accepted', '2026-03-03T09:00:00Z')]);
    await processRollupEvents(deps(), {});
    await database.db
      .insert(events)
      .values([
        ev('message_sent', '2026-03-04T10:00:00Z', { origin: 'inbox', step: 'manual' }),
        ev('connection_request_sent', '2026-03-02T08:00:00Z'),
        ev('message_sent', '2026-03-04T11:00:00Z', { step: 1 }),
        ev('message_received', '2026-03-05T10:00:00Z'),
      ]);
    await processRollupEvents(deps(), {});
    const [facts] = await database.db.execute<Record<string, unknown>>(sql`select * from lead_facts where lead_id = ${lead.id}`);
    const iso = (v: unknown) => new Date(String(v)).toISOString();
    expect({
      invite: iso(facts?.first_invite_at),
      accepted: iso(facts?.accepted_at),
      message: iso(facts?.first_message_at),
      touch: iso(facts?.first_touch_at),
      reply: iso(facts?.first_reply_at),
      last: iso(facts?.last_reply_at),
      replies: facts?.replies,
    }).toEqual({
      invite: '2026-03-02T08:00:00.000Z',
      accepted: '2026-03-03T09:00:00.000Z',
      // The inbox send at 10:00 is a touch but not a sequence message.
      message: '2026-03-04T11:00:00.000Z',
      touch: '2026-03-02T08:00:00.000Z',
      reply: '2026-03-05T10:00:00.000Z',
      last: '2026-03-05T12:00:00.000Z',
      replies: 2,
    });
  });

  it("deletes a client's rollups and lead facts with the client, and no one else's", async () => {
    const gone = await insertTenant(database.db);
    const kept = await insertTenant(database.db);
    const at = new Date('2026-03-10T10:00:00Z');
    for (const t of [gone, kept]) {
      const lead = await insertLead(database.db, t.campaign);
      await database.db.insert(events).values({
        clientId: t.client.id,
        campaignId: t.campaign.id,
        linkedinAccountId: t.account.id,
        leadId: lead.id,
        type: 'connection_request_sent',
        occurredAt: at,
      });
    }
    await processRollupEvents(deps(), {});
    const counts = async (clientId: string) => {
      const [row] = await database.db.execute<{ rollups: number; facts: number }>(
        sql`select (select count(*) from event_rollups where client_id = ${clientId})::int as rollups, (select count(*) from lead_facts where client_id = ${clientId})::int as facts`,
      );
      return row;
    };
    expect(await counts(gone.client.id)).toEqual({ rollups: 1, facts: 1 });
    await database.db.execute(sql`delete from clients where id = ${gone.client.id}`);
    expect(await counts(gone.client.id)).toEqual({ rollups: 0, facts: 0 });
    expect(await counts(kept.client.id)).toEqual({ rollups: 1, facts: 1 });
  });
});
