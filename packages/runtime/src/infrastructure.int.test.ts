import { createLogger } from '@outreach/logger';
import { testDatabaseUrl, testRedisUrl, uniquePrefix, waitFor } from '@outreach/testing';
import { createInfrastructure } from './infrastructure';

describe('createInfrastructure', () => {
  it('opens working connections and closes the queues, then Redis, then Postgres', async () => {
    const infra = createInfrastructure({
      databaseUrl: testDatabaseUrl(),
      poolSize: 2,
      redisUrl: testRedisUrl(),
      queuePrefix: uniquePrefix(),
      logger: createLogger('runtime-test', { silent: true }),
    });
    const [row] = await infra.database.sql<Array<{ one: number }>>`select 1 as one`;
    expect(row?.one).toBe(1);
    expect(await infra.redis.ping()).toBe('PONG');
    expect(infra.db).toBe(infra.database.db);
    await infra.queues.unipileDeliveries.waitUntilReady();

    const queueCloses = Object.values(infra.queues).map((q) => jest.spyOn(q, 'close'));
    const disconnect = jest.spyOn(infra.redis, 'disconnect');
    const endDatabase = jest.spyOn(infra.database, 'close');
    await infra.close();

    const lastQueueClose = Math.max(...queueCloses.map((spy) => spy.mock.invocationCallOrder[0] ?? Infinity));
    expect(lastQueueClose).toBeLessThan(disconnect.mock.invocationCallOrder[0]!);
    expect(disconnect.mock.invocationCallOrder[0]).toBeLessThan(endDatabase.mock.invocationCallOrder[0]!);
    // ioredis reports 'end' once the socket has closed, a moment after disconnect() returns.
    await waitFor(() => infra.redis.status === 'end', { what: 'redis connection ended' });
    await expect(infra.database.sql`select 1`).rejects.toThrow();
  });
});
