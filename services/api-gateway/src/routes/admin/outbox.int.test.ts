import { randomUUID } from 'node:crypto';
import { emails } from '@outreach/db';
import { insertClient } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

type EmailInsert = typeof emails.$inferInsert;

async function insertEmail(clientId: string, overrides: Partial<EmailInsert> = {}) {
  const [row] = await g.database.db
    .insert(emails)
    .values({
      clientId,
      kind: 'reply_notification',
      dedupeKey: `test:${randomUUID()}`,
      to: ['ops@acme.example'],
      subject: 'Jane Doe replied',
      html: '<p>Hi &lt;there&gt;</p>',
      text: 'Hi <there>',
      transport: 'outbox',
      status: 'sent',
      ...overrides,
    })
    .returning();
  return row!;
}

describe('GET /api/admin/outbox', () => {
  it('lists emails newest first, filtered by client, transport, status and kind, page by page', async () => {
    const client = await insertClient(g.database.db);
    const admin = await g.createUser('admin', null);
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute));
    const stored = await insertEmail(client.id, { createdAt: at(0), sentAt: at(0) });
    const report = await insertEmail(client.id, { kind: 'weekly_report', subject: 'Your week', createdAt: at(1), sentAt: at(1) });
    const failed = await insertEmail(client.id, {
      transport: 'resend',
      status: 'failed',
      attempts: 1,
      errorCode: 'validation_error',
      errorMessage: 'Invalid `to` field',
      createdAt: at(2),
    });
    const mine = `client_id=${client.id}`;

    const all = await g.call('GET', `/api/admin/outbox?${mine}`, { token: admin.token });
    expect(all.status).toBe(200);
    expect(all.body.items.map((e: { id: string }) => e.id)).toEqual([failed.id, report.id, stored.id]);
    expect(all.body.items[2]).toEqual({
      id: stored.id,
      client_id: client.id,
      kind: 'reply_notification',
      to: ['ops@acme.example'],
      subject: 'Jane Doe replied',
      text: 'Hi <there>',
      html: '<p>Hi &lt;there&gt;</p>',
      transport: 'outbox',
      status: 'sent',
      provider_message_id: null,
      error_code: null,
      error_message: null,
      attempts: 0,
      created_at: at(0).toISOString(),
      sent_at: at(0).toISOString(),
    });

    const ids = async (filter: string) =>
      (await g.call('GET', `/api/admin/outbox?${mine}&${filter}`, { token: admin.token })).body.items.map((e: { id: string }) => e.id);
    expect(await ids('transport=outbox')).toEqual([report.id, stored.id]);
    expect(await ids('status=failed')).toEqual([failed.id]);
    expect(await ids('kind=weekly_report')).toEqual([report.id]);
    expect(await ids('transport=resend&status=sent')).toEqual([]);

    const first = await g.call('GET', `/api/admin/outbox?${mine}&limit=2`, { token: admin.token });
    expect(first.body.items).toHaveLength(2);
    const second = await g.call('GET', `/api/admin/outbox?${mine}&limit=2&cursor=${first.body.next_cursor}`, { token: admin.token });
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: stored.id })], next_cursor: null });
  });

  it('answers one email by id, 404 for an unknown one, and 400 naming a bad filter', async () => {
    const client = await insertClient(g.database.db);
    const admin = await g.createUser('admin', null);
    const email = await insertEmail(client.id, { status: 'failed', errorCode: 'validation_error', errorMessage: 'Invalid `to` field' });
    const one = await g.call('GET', `/api/admin/outbox/${email.id}`, { token: admin.token });
    expect(one.body).toMatchObject({ id: email.id, status: 'failed', error_message: 'Invalid `to` field', html: email.html });
    expect((await g.call('GET', `/api/admin/outbox/${randomUUID()}`, { token: admin.token })).status).toBe(404);
    const bad = await g.call('GET', '/api/admin/outbox?transport=carrier-pigeon&client_id=nope', { token: admin.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['transport', 'client_id']);
  });

  it('is for admins only', async () => {
    const client = await insertClient(g.database.db);
    const email = await insertEmail(client.id);
    const agent = await g.createUser('agent', client.id);
    expect((await g.call('GET', '/api/admin/outbox', { token: agent.token })).status).toBe(403);
    expect((await g.call('GET', `/api/admin/outbox/${email.id}`, { token: agent.token })).status).toBe(403);
  });
});
