import { events } from '@outreach/db';
import { and, eq } from 'drizzle-orm';
import { notifyEventJobId } from '@outreach/queues';
import { insertLead, insertTenant } from '@outreach/testing';
import { startMatcherHarness, type MatcherHarness } from '../test-support/harness';
import { deliveryOf } from '../test-support/payloads';
import { processProcessDelivery } from './process-delivery';

let h: MatcherHarness;
beforeAll(async () => {
  h = await startMatcherHarness();
});
afterAll(async () => {
  await h.close();
});

async function world() {
  const account = await h.control.createAccount({ name: 'Sam Sender', own: { first_name: 'Sam', last_name: 'Sender' } });
  const tenant = await insertTenant(h.database.db, { unipileAccountId: account.id, providerUserId: account.connection_params.im.id });
  const person = await h.control.createPerson({ first_name: 'Ana', last_name: 'Silva' });
  return { accountId: account.id, tenant, person };
}

describe('events the notifier posts to Slack and webhooks', () => {
  it('enqueues one notify-event job for an acceptance, however often it is delivered', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, {
      publicIdentifier: w.person.public_identifier,
      status: 'invite_sent',
    });
    const body = {
      event: 'new_relation',
      account_id: w.accountId,
      account_type: 'LINKEDIN',
      user_provider_id: w.person.provider_id,
      user_public_identifier: w.person.public_identifier,
    };
    await processProcessDelivery(h.deps, deliveryOf(body, '/api/webhooks/unipile/users'));
    await processProcessDelivery(h.deps, deliveryOf({ ...body, webhook_name: 'again' }, '/api/webhooks/unipile/users'));

    const [accepted] = await h.database.db
      .select()
      .from(events)
      .where(and(eq(events.leadId, lead.id), eq(events.type, 'connection_accepted')));
    const job = await h.queues.notifications.getJob(notifyEventJobId(accepted!.id));
    expect(job?.name).toBe('notify-event');
    expect(job?.data).toEqual({ eventId: accepted!.id, clientId: w.tenant.client.id });
    const jobs = await h.queues.notifications.getJobs(['waiting', 'delayed']);
    expect(jobs.filter((j) => j.name === 'notify-event' && j.data.clientId === w.tenant.client.id)).toHaveLength(1);
  });

  it('enqueues a notify-event job for an account status change', async () => {
    const w = await world();
    const body = { AccountStatus: { account_id: w.accountId, account_type: 'LINKEDIN', message: 'CREDENTIALS' } };
    await processProcessDelivery(h.deps, deliveryOf(body, '/api/webhooks/unipile/account-status'));
    const [change] = await h.database.db
      .select()
      .from(events)
      .where(and(eq(events.linkedinAccountId, w.tenant.account.id), eq(events.type, 'account_status_changed')));
    expect((await h.queues.notifications.getJob(notifyEventJobId(change!.id)))?.data).toEqual({
      eventId: change!.id,
      clientId: w.tenant.client.id,
    });
  });
});
