import { createDatabase, pgErrorCode, users, withoutQueryParameters, type Database } from '@outreach/db';
import { eq, sql } from 'drizzle-orm';
import { testDatabaseUrl } from '@outreach/testing';

let database: Database;
beforeAll(() => {
  database = createDatabase(testDatabaseUrl(), { max: 2 });
});
afterAll(async () => {
  await database.close();
});

const SECRET = 'sk_live_super-secret-hash-value';
const failure = (p: PromiseLike<unknown>) =>
  Promise.resolve(p).then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );

describe('withoutQueryParameters', () => {
  it('keeps the SQL text and SQLSTATE of a failed query, never its parameters or the values Postgres repeats', async () => {
    const err = await failure(database.db.execute(sql`select ${SECRET}::int`));
    expect(String((err as Error).message) + String(((err as Error).cause as Error).message)).toContain(SECRET);
    const safe = withoutQueryParameters(err) as Error;
    const logged = `${safe.stack}\n${String((safe.cause as Error).message)}`;
    expect(logged).not.toContain(SECRET);
    expect(safe.message).toBe('Failed query: select $1::int');
    expect(pgErrorCode(safe)).toBe('22P02');
  });

  it('names the constraint of a violated one without the values', async () => {
    const err = await failure(database.db.insert(users).values({ id: 'not-a-uuid', email: SECRET, passwordHash: SECRET, role: 'admin' }));
    const safe = withoutQueryParameters(err) as Error;
    expect(`${safe.stack} ${(safe.cause as Error).message}`).not.toContain(SECRET);
    expect(safe.message).toContain('insert into "users"');
  });

  it('leaves other errors as they are', async () => {
    const plain = new Error('plain');
    expect(withoutQueryParameters(plain)).toBe(plain);
    expect(await database.db.select().from(users).where(eq(users.email, 'nobody@nowhere.example'))).toEqual([]);
  });
});
