import { randomUUID } from 'node:crypto';
import { insertEvent, webhookDeliveries } from '@outreach/db';
import { insertLead } from '@outreach/testing';
import { leadTenant, type LeadTenant } from '../../test-support/leads';
import { startGateway, type GatewayHarness } from '../../test-support/harness';

let g: GatewayHarness;
let t: LeadTenant;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});
beforeEach(async () => {
  t = await leadTenant(g);
});

type Delivery = typeof webhookDeliveries.$inferInsert;
const delivery = (overrides: Partial<Delivery>): Delivery => ({
  deliveryKey: `test-${randomUUID()}`,
  kind: 'messaging',
  event: 'message_received',
  route: '/webhooks/unipile/messaging',
  body: {},
  receivedAt: new Date(),
  ...overrides,
});

describe('GET /api/leads/:id/diagnostics', () => {
  it("shows the lead's events, matched deliveries, unmatched deliveries naming it, and its live chat", async () => {
    const account = await g.control.createAccount({ name: 'Sender' });
    const person = await g.control.createPerson({ first_name: 'Ana', last_name: 'Silva' });
    const { chat_id: chatId } = await g.control.reply(person.provider_id, { account_id: account.id, text: 'Interested, tell me more' });
    const lead = await insertLead(g.database.db, t.campaign, {
      providerId: person.provider_id,
      publicIdentifier: person.public_identifier,
      conversationId: chatId,
      status: 'responded',
    });
    await insertEvent(g.database.db, {
      clientId: t.client.id,
      campaignId: t.campaign.id,
      leadId: lead.id,
      type: 'message_received',
      occurredAt: new Date(),
      meta: { chat_id: chatId },
    });

    const old = new Date(Date.now() - 40 * 86_400_000);
    const otherClient = (await leadTenant(g)).client;
    const [matched, unmatched] = await g.database.db
      .insert(webhookDeliveries)
      .values([
        delivery({
          outcome: 'matched',
          clientId: t.client.id,
          leadId: lead.id,
          matchKey: 'provider_id',
          triedKeys: [{ key: 'provider_id', value: person.provider_id }],
        }),
        delivery({
          outcome: 'unmatched',
          clientId: t.client.id,
          triedKeys: [
            { key: 'member_id', value: '123' },
            { key: 'profile_lookup.public_identifier', value: person.public_identifier },
          ],
        }),
        // Not shown: another client's delivery, one older than 30 days, one naming someone else.
        delivery({ outcome: 'unmatched', clientId: otherClient.id, triedKeys: [{ key: 'provider_id', value: person.provider_id }] }),
        delivery({ outcome: 'unmatched', clientId: t.client.id, receivedAt: old, triedKeys: [{ key: 'conversation_id', value: chatId }] }),
        delivery({ outcome: 'unmatched', clientId: t.client.id, triedKeys: [{ key: 'provider_id', value: 'ACoAAsomeoneelse000000' }] }),
      ])
      .returning();

    const res = await g.call('GET', `/api/leads/${lead.id}/diagnostics`, { token: t.viewer.token });
    expect(res.status).toBe(200);
    expect(res.body.lead).toMatchObject({ id: lead.id, conversation_id: chatId });
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['message_received']);
    expect(res.body.deliveries).toEqual([
      {
        id: matched!.id,
        received_at: matched!.receivedAt.toISOString(),
        kind: 'messaging',
        event: 'message_received',
        outcome: 'matched',
        match_key: 'provider_id',
        tried_keys: matched!.triedKeys,
        route: '/webhooks/unipile/messaging',
      },
    ]);
    expect(res.body.unmatched_mentioning.map((d: { id: string }) => d.id)).toEqual([unmatched!.id]);
    expect(res.body.chat_error).toBeNull();
    expect(res.body.chat).toEqual({
      chat_id: chatId,
      messages: [expect.objectContaining({ text: 'Interested, tell me more', is_sender: false })],
    });
  });

  it('reports a Unipile failure as chat_error instead of failing', async () => {
    const lead = await insertLead(g.database.db, t.campaign, { conversationId: 'chat-that-does-not-exist' });
    const res = await g.call('GET', `/api/leads/${lead.id}/diagnostics`, { token: t.agent.token });
    expect(res.status).toBe(200);
    expect(res.body.chat).toBeNull();
    expect(res.body.chat_error).toEqual(expect.stringContaining('Unipile answered 404'));
  });

  it('shows no chat and no unmatched deliveries for a lead without identifiers or conversation', async () => {
    const lead = await insertLead(g.database.db, t.campaign);
    const res = await g.call('GET', `/api/leads/${lead.id}/diagnostics`, { token: t.agent.token });
    expect(res.body).toMatchObject({ events: [], deliveries: [], unmatched_mentioning: [], chat: null, chat_error: null });
  });

  it("answers 404 to another client's user and 401 without credentials", async () => {
    const lead = await insertLead(g.database.db, t.campaign);
    expect((await g.call('GET', `/api/leads/${lead.id}/diagnostics`, { token: t.stranger.token })).status).toBe(404);
    expect((await g.call('GET', `/api/leads/${lead.id}/diagnostics`)).status).toBe(401);
  });
});
