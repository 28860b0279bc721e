import { randomUUID } from 'node:crypto';
import { loadConfig } from '@outreach/config';
import { z } from 'zod';
import { createDatabase, type Database } from '../client';
import { clients } from '../schema';
import { appendInboxEvent, readInboxEventsAfter, stampAllInboxEvents, stampInboxEvents } from './inbox-ingest';

// @outreach/testing depends on this package, so its builders are not used here.
const { TEST_DATABASE_URL } = loadConfig(
  z.object({ TEST_DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/outreach_test') }),
);

let database: Database;
let clientId: string;

beforeAll(async () => {
  database = createDatabase(TEST_DATABASE_URL, { max: 14 });
  const [client] = await database.db
    .insert(clients)
    .values({ name: `Outbox ${randomUUID()}` })
    .returning();
  clientId = client!.id;
});
afterAll(async () => {
  await database.close();
});

describe('inbox_events public ids', () => {
  it('reach a reader "after the last id" exactly once, whatever order the writers commit in', async () => {
    const WRITERS = 8;
    const releases: Array<() => void> = [];
    const inserted: Array<Promise<void>> = [];
    const writers = Array.from({ length: WRITERS }, (_, i) => {
      let done!: () => void;
      inserted.push(new Promise<void>((r) => (done = r)));
      const held = new Promise<void>((r) => releases.push(r));
      return database.db.transaction(async (tx) => {
        await appendInboxEvent(tx, { clientId, conversationId: null, type: 'test.event', payload: { i } });
        done();
        await held;
      });
    });
    await Promise.all(inserted);

    const seen: Array<{ id: number; i: number }> = [];
    let last = 0;
    const readNew = async () => {
      for (const e of await readInboxEventsAfter(database.db, last, clientId, 100)) {
        seen.push({ id: e.id, i: e.payload.i as number });
        last = e.id;
      }
    };
    // The last row written commits first, the first last; stampers race each other in between.
    for (let k = WRITERS - 1; k >= 0; k -= 1) {
      releases[k]!();
      await writers[k];
      await Promise.all([stampInboxEvents(database.db, 3), stampInboxEvents(database.db, 3), stampAllInboxEvents(database.db)]);
      await readNew();
    }
    await stampAllInboxEvents(database.db);
    await readNew();

    expect(seen.map((s) => s.i).sort((a, b) => a - b)).toEqual(Array.from({ length: WRITERS }, (_, i) => i));
    const ids = seen.map((s) => s.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(WRITERS);
    // Committed in reverse: each became readable only after its commit, so the order follows commits.
    expect(seen.map((s) => s.i)).toEqual(Array.from({ length: WRITERS }, (_, i) => WRITERS - 1 - i));
  });
});
