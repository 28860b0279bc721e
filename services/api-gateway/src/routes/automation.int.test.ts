import { randomUUID } from 'node:crypto';
import {
  automationState,
  createDatabase,
  isSchedulerRunning,
  runMigrations,
  SCHEDULER_KEY,
  users,
  type Database,
  type UserRole,
} from '@outreach/db';
import { eq } from 'drizzle-orm';
import { insertClient, testDatabaseUrl } from '@outreach/testing';
import { signAccessToken } from '../auth/tokens';
import { startGateway, TEST_TOKENS, type GatewayHarness } from '../test-support/harness';

// The scheduler switch is one global row: stopping it in the shared test database would stop the
// workers of every other test file running at the same time. This file gets a database of its own.
const ownDatabaseUrl = (): string => {
  const url = new URL(testDatabaseUrl());
  url.pathname = `${url.pathname.replace(/^\//, '')}_scheduler`;
  return url.toString();
};

let own: Database;
let g: GatewayHarness;
beforeAll(async () => {
  await runMigrations(ownDatabaseUrl());
  own = createDatabase(ownDatabaseUrl(), { max: 4 });
  await own.db.delete(automationState).where(eq(automationState.key, SCHEDULER_KEY));
  g = await startGateway({ db: own.db });
});
afterAll(async () => {
  await g.close();
  await own.close();
});

/** A user in this file's own database (the harness's createUser writes to the shared one). */
async function user(role: UserRole) {
  const clientId = role === 'admin' ? null : (await insertClient(own.db)).id;
  const [row] = await own.db
    .insert(users)
    .values({ email: `${role}-${randomUUID()}@agency.example`, role, clientId, passwordHash: 'unused' })
    .returning();
  return { id: row!.id, token: signAccessToken(TEST_TOKENS, { sub: row!.id, role, client_id: clientId }) };
}

describe('/api/automation/scheduler', () => {
  it('reports running with nothing recorded before anyone switched it', async () => {
    const viewer = await user('viewer');
    const res = await g.call('GET', '/api/automation/scheduler/status', { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ running: true, reason: null, updated_at: null, updated_by: null });
    expect(await isSchedulerRunning(own.db)).toBe(true);
  });

  it('lets an admin stop and start it, persisted with who and why', async () => {
    const admin = await user('admin');
    const agent = await user('agent');
    const stopped = await g.call('POST', '/api/automation/scheduler/stop', { token: admin.token, body: { reason: 'LinkedIn incident' } });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ running: false, reason: 'LinkedIn incident', updated_by: admin.id });
    expect(await isSchedulerRunning(own.db)).toBe(false);
    // Tenants see that it is stopped and since when, not the operator's reason nor who.
    expect((await g.call('GET', '/api/automation/scheduler/status', { token: agent.token })).body).toEqual({
      ...stopped.body,
      reason: null,
      updated_by: null,
    });
    expect((await g.call('GET', '/api/automation/scheduler/status', { token: admin.token })).body).toEqual(stopped.body);

    const started = await g.call('POST', '/api/automation/scheduler/start', { token: admin.token });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ running: true, reason: null, updated_by: admin.id });
    expect(Date.parse(started.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(stopped.body.updated_at));
    expect(await isSchedulerRunning(own.db)).toBe(true);
  });

  it('is switched by admins only', async () => {
    const agent = await user('agent');
    const viewer = await user('viewer');
    for (const token of [agent.token, viewer.token]) {
      expect((await g.call('POST', '/api/automation/scheduler/stop', { token, body: { reason: 'mine' } })).status).toBe(403);
    }
    expect((await g.call('POST', '/api/automation/scheduler/stop')).status).toBe(401);
    expect((await g.call('GET', '/api/automation/scheduler/status')).status).toBe(401);
    expect(await isSchedulerRunning(own.db)).toBe(true);
  });

  it('rejects a bad reason and unknown fields by name, without switching', async () => {
    const admin = await user('admin');
    const res = await g.call('POST', '/api/automation/scheduler/stop', { token: admin.token, body: { reason: 42 } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['reason']);
    const unknown = await g.call('POST', '/api/automation/scheduler/stop', { token: admin.token, body: { running: false } });
    expect(unknown.body.error.details.map((d: { path: string }) => d.path)).toEqual(['running']);
    const blank = await g.call('POST', '/api/automation/scheduler/stop', { token: admin.token, body: { reason: '   ' } });
    expect(blank.status).toBe(400);
    expect(await isSchedulerRunning(own.db)).toBe(true);
  });
});
