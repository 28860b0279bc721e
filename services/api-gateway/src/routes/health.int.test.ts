import { createDatabase, type Database } from '@outreach/db';
import { waitFor } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../test-support/harness';

describe('GET /readyz', () => {
  let g: GatewayHarness;
  beforeAll(async () => {
    g = await startGateway();
    // The producer connection refuses commands until it is connected (no offline queue, by design).
    await waitFor(() => g.deps.redis.status === 'ready', { what: 'Redis connected' });
  });
  afterAll(() => g.close());

  it('answers ok when Postgres and Redis both answer', async () => {
    const res = await g.call('GET', '/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', postgres: 'ok', redis: 'ok' });
  });
});

describe('GET /readyz without Postgres', () => {
  let g: GatewayHarness;
  let unreachable: Database;
  beforeAll(async () => {
    // Port 1 refuses connections at once: the readiness query fails without waiting for its timeout.
    unreachable = createDatabase('postgres://postgres@127.0.0.1:1/nowhere', { max: 1 });
    g = await startGateway({ db: unreachable.db });
    await waitFor(() => g.deps.redis.status === 'ready', { what: 'Redis connected' });
  });
  afterAll(async () => {
    await g.close();
    await unreachable.close();
  });

  it('answers 503 naming Postgres as down and Redis as ok', async () => {
    const res = await g.call('GET', '/readyz');
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'unavailable', details: { postgres: 'down', redis: 'ok' } });
  });
});
