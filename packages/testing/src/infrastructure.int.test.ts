import postgres from 'postgres';
import { testDatabaseUrl } from './env';
import { createTestInfrastructure } from './infrastructure';

const databaseExists = async (name: string): Promise<boolean> => {
  const sql = postgres(testDatabaseUrl(), { max: 1 });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    return rows.length > 0;
  } finally {
    await sql.end();
  }
};

describe('createTestInfrastructure', () => {
  it('gives a migrated database of its own, queues under a fresh prefix, and leaves nothing behind on close', async () => {
    const infra = await createTestInfrastructure({ service: 'testing', poolSize: 2, freshDatabase: 'infra', clearPrefixKeys: true });
    const fresh = infra.fresh;
    if (!fresh) throw new Error('no fresh database');
    const closed: string[] = [];
    infra.onClose(() => {
      closed.push('first registered');
    });
    infra.onClose(async () => {
      closed.push('last registered');
    });

    const [{ n }] = await infra.database.sql<[{ n: number }]>`select count(*)::int as n from clients`;
    expect(n).toBe(0);
    await infra.queues.notifications.add('probe', { at: 1 });
    await infra.redis.set(`${infra.prefix}:bucket`, '1');
    expect(await infra.redis.keys(`${infra.prefix}:*`)).not.toHaveLength(0);
    const prefix = infra.prefix;
    const probe = infra.redis.duplicate();

    try {
      await infra.close();
      expect(closed).toEqual(['last registered', 'first registered']);
      expect(await probe.keys(`${prefix}:*`)).toEqual([]);
      expect(await databaseExists(fresh.name)).toBe(false);
    } finally {
      probe.disconnect();
    }
  });

  it('uses the shared test database unless asked for its own, and hands service processes the same coordinates', async () => {
    const infra = await createTestInfrastructure({ service: 'testing', poolSize: 1 });
    try {
      expect(infra.fresh).toBeNull();
      expect(infra.databaseUrl).toBe(testDatabaseUrl());
      expect(infra.prefix).toMatch(/^\{test-[0-9a-f-]+\}$/);
      expect(infra.serviceEnv()).toEqual({ DATABASE_URL: testDatabaseUrl(), REDIS_URL: infra.redisUrl, QUEUE_PREFIX: infra.prefix });
    } finally {
      await infra.close();
    }
  });
});
