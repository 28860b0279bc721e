import { randomUUID } from 'node:crypto';
import { notifications } from '@outreach/db';
import { insertClient } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

type NotificationInsert = typeof notifications.$inferInsert;

async function insertNotification(clientId: string, overrides: Partial<NotificationInsert> = {}) {
  const [row] = await g.database.db
    .insert(notifications)
    .values({ clientId, channel: 'email', kind: 'reply', dedupeKey: `test:${randomUUID()}`, ...overrides })
    .returning();
  return row!;
}

describe('GET /api/clients/{id}/notifications', () => {
  it('lists newest first with status and error, filtered by status and channel, page by page', async () => {
    const client = await insertClient(g.database.db);
    const viewer = await g.createUser('viewer', client.id);
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute));
    const sent = await insertNotification(client.id, { status: 'sent', sentAt: at(1), createdAt: at(0) });
    const failed = await insertNotification(client.id, {
      status: 'failed',
      attempts: 1,
      errorCode: 'resend_422',
      errorMessage: 'The `to` field must be a valid email address',
      createdAt: at(1),
    });
    const slack = await insertNotification(client.id, { channel: 'slack', status: 'sent', createdAt: at(2) });

    const all = await g.call('GET', `/api/clients/${client.id}/notifications`, { token: viewer.token });
    expect(all.status).toBe(200);
    expect(all.body.items.map((n: { id: string }) => n.id)).toEqual([slack.id, failed.id, sent.id]);

    const failures = await g.call('GET', `/api/clients/${client.id}/notifications?status=failed`, { token: viewer.token });
    expect(failures.body.items).toEqual([
      {
        id: failed.id,
        client_id: client.id,
        event_id: null,
        channel: 'email',
        kind: 'reply',
        status: 'failed',
        email_id: null,
        attempts: 1,
        error_code: 'resend_422',
        error_message: 'The `to` field must be a valid email address',
        sent_at: null,
        created_at: at(1).toISOString(),
        updated_at: expect.any(String),
      },
    ]);
    const emailsOnly = await g.call('GET', `/api/clients/${client.id}/notifications?channel=email`, { token: viewer.token });
    expect(emailsOnly.body.items.map((n: { id: string }) => n.id)).toEqual([failed.id, sent.id]);

    const first = await g.call('GET', `/api/clients/${client.id}/notifications?limit=2`, { token: viewer.token });
    expect(first.body.items).toHaveLength(2);
    const second = await g.call('GET', `/api/clients/${client.id}/notifications?limit=2&cursor=${first.body.next_cursor}`, {
      token: viewer.token,
    });
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: sent.id })], next_cursor: null });
  });

  it("answers 404 to another client's agent, and 400 naming an unknown status", async () => {
    const client = await insertClient(g.database.db);
    await insertNotification(client.id);
    const outsider = await g.createUser('agent', (await insertClient(g.database.db)).id);
    expect((await g.call('GET', `/api/clients/${client.id}/notifications`, { token: outsider.token })).status).toBe(404);
    const admin = await g.createUser('admin', null);
    const bad = await g.call('GET', `/api/clients/${client.id}/notifications?status=lost`, { token: admin.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ location: 'query', path: 'status' })]);
  });
});
