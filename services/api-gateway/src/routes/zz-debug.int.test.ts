import { createLogger } from '@outreach/logger';
import { insertClient } from '@outreach/testing';
import { startGateway } from '../test-support/harness';
it('debug', async () => {
  const g = await startGateway({ logger: createLogger('dbg', { level: 'debug' }) });
  const client = await insertClient(g.database.db);
  const agent = await g.createUser('agent', client.id);
  const res = await g.call('GET', `/api/clients/${client.id}/reports/preview?week=2026-W53`, { token: agent.token });
  expect(res.body).toBe(1);
  await g.close();
});
