import { randomUUID } from 'node:crypto';
import { loadConfig } from '@outreach/config';
import { IllegalLeadTransitionError } from '@outreach/domain';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { createDatabase, type Database } from '../client';
import { campaigns, clients, events, leads, linkedinAccounts, type LeadStatus } from '../schema';
import { transitionLead } from './lead-transitions';
import { rescheduleLeads } from './sequencing';

// @outreach/testing depends on this package, so its builders are not used here.
const { TEST_DATABASE_URL } = loadConfig(
  z.object({ TEST_DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/outreach_test') }),
);

let database: Database;
let scope: { clientId: string; campaignId: string; accountId: string };

beforeAll(async () => {
  database = createDatabase(TEST_DATABASE_URL, { max: 2 });
  const [client] = await database.db
    .insert(clients)
    .values({ name: `Lifecycle ${randomUUID()}` })
    .returning();
  const [account] = await database.db
    .insert(linkedinAccounts)
    .values({ clientId: client!.id, unipileAccountId: `acc_${randomUUID()}`, name: 'Sender' })
    .returning();
  const [campaign] = await database.db
    .insert(campaigns)
    .values({ clientId: client!.id, linkedinAccountId: account!.id, name: 'Lifecycle', status: 'active' })
    .returning();
  scope = { clientId: client!.id, campaignId: campaign!.id, accountId: account!.id };
});
afterAll(async () => {
  await database.close();
});

async function addLead(status: LeadStatus) {
  const [row] = await database.db
    .insert(leads)
    .values({ clientId: scope.clientId, campaignId: scope.campaignId, firstName: 'Ana', lastName: randomUUID(), status })
    .returning();
  return row!;
}
const statusOf = async (id: string) => (await database.db.select({ status: leads.status }).from(leads).where(eq(leads.id, id)))[0]?.status;
const eventsOf = (id: string) => database.db.select().from(events).where(eq(events.leadId, id)).orderBy(events.id);

describe('transitionLead', () => {
  it('writes the status, the columns that go with it and one lead_status_changed event naming from, to and reason', async () => {
    const lead = await addLead('error');
    const result = await transitionLead(database.db, lead, 'pending_invite', 'retry_requested', {
      accountId: scope.accountId,
      set: { errorCode: null, retryCount: 0 },
      meta: { method: 'api' },
    });
    expect(result).toMatchObject({
      changed: true,
      eventId: expect.any(Number),
      lead: { id: lead.id, status: 'pending_invite', retryCount: 0 },
    });
    expect(await eventsOf(lead.id)).toEqual([
      expect.objectContaining({
        id: result.eventId,
        type: 'lead_status_changed',
        linkedinAccountId: scope.accountId,
        meta: { method: 'api', from: 'error', to: 'pending_invite', reason: 'retry_requested' },
      }),
    ]);
  });

  it('throws an error naming both statuses for a transition the table refuses, and writes nothing', async () => {
    const lead = await addLead('responded');
    const attempt = transitionLead(database.db, lead, 'messaged', 'message_sent', { accountId: scope.accountId });
    await expect(attempt).rejects.toThrow(IllegalLeadTransitionError);
    await expect(attempt).rejects.toThrow('illegal lead transition responded → messaged');
    expect(await statusOf(lead.id)).toBe('responded');
    expect(await eventsOf(lead.id)).toEqual([]);
  });

  it('changes nothing when the lead left the status its caller read (a reply won the race)', async () => {
    const lead = await addLead('messaged');
    await database.db.update(leads).set({ status: 'responded' }).where(eq(leads.id, lead.id));
    const result = await transitionLead(database.db, lead, 'completed', 'sequence_finished', { accountId: scope.accountId });
    expect(result).toEqual({ changed: false, lead: null, eventId: null });
    expect(await statusOf(lead.id)).toBe('responded');
    expect(await eventsOf(lead.id)).toEqual([]);
  });

  it("records an action's outcome with the action's own event, inserted once under its unique guard", async () => {
    const lead = await addLead('invite_sent');
    const accepted = { type: 'connection_accepted' as const, once: true, meta: { detection: 'webhook' } };
    const first = await transitionLead(database.db, lead, 'connected', 'invite_accepted', { accountId: scope.accountId, event: accepted });
    expect(first.eventId).toEqual(expect.any(Number));
    // Retried from `withdrawn` (the same acceptance seen again): the status moves, the event is not repeated.
    await database.db.update(leads).set({ status: 'withdrawn' }).where(eq(leads.id, lead.id));
    const again = await transitionLead(database.db, { ...lead, status: 'withdrawn' }, 'connected', 'invite_accepted', {
      accountId: scope.accountId,
      event: accepted,
    });
    expect(again).toMatchObject({ changed: true, eventId: null });
    expect((await eventsOf(lead.id)).map((e) => [e.type, e.meta])).toEqual([
      ['connection_accepted', { detection: 'webhook', from: 'invite_sent', to: 'connected', reason: 'invite_accepted' }],
    ]);
  });
});

describe('rescheduleLeads', () => {
  it('completes leads with their events in one statement, and skips one that moved since it was locked', async () => {
    const done = await addLead('messaged');
    const moved = await addLead('connected');
    const waiting = await addLead('invite_sent');
    await database.db.update(leads).set({ status: 'responded' }).where(eq(leads.id, moved.id));
    const at = new Date('2026-06-01T10:00:00Z');
    const complete = (lead: typeof done) => ({
      leadId: lead.id,
      nextActionAt: null,
      transition: { lead, to: 'completed' as const, reason: 'sequence_finished' as const, accountId: scope.accountId, meta: { step: 2 } },
    });
    await rescheduleLeads(database.db, [complete(done), complete(moved), { leadId: waiting.id, nextActionAt: at }], at);
    expect([await statusOf(done.id), await statusOf(moved.id), await statusOf(waiting.id)]).toEqual([
      'completed',
      'responded',
      'invite_sent',
    ]);
    expect((await eventsOf(done.id)).map((e) => [e.type, e.occurredAt, e.meta])).toEqual([
      ['lead_status_changed', at, { step: 2, from: 'messaged', to: 'completed', reason: 'sequence_finished' }],
    ]);
    expect(await eventsOf(moved.id)).toEqual([]);
  });

  it('refuses a batch holding an illegal transition before writing any of it', async () => {
    const lead = await addLead('invite_sent');
    const change = {
      leadId: lead.id,
      nextActionAt: null,
      transition: { lead, to: 'completed' as const, reason: 'sequence_finished' as const, accountId: scope.accountId },
    };
    await expect(rescheduleLeads(database.db, [change])).rejects.toThrow('illegal lead transition invite_sent → completed');
    expect(await statusOf(lead.id)).toBe('invite_sent');
  });
});
