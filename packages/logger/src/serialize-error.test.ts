import { createCapturingLogger } from './capture';
import { serializeError } from './serialize-error';

/** The shape of drizzle's DrizzleQueryError: the parameters in the message and on the error, the driver's error as cause. */
function drizzleLikeError(params: unknown[]): Error {
  const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
    name: 'PostgresError',
    code: '23505',
    detail: 'Key (email)=(a@b.c) already exists.',
    constraint_name: 'users_email_key',
  });
  Object.defineProperties(cause, { parameters: { value: params, enumerable: true }, query: { value: 'insert …', enumerable: true } });
  const err = new Error(`Failed query: insert into users (email, password_hash) values ($1, $2)\nparams: ${String(params)}`, { cause });
  return Object.assign(err, { query: 'insert into users (email, password_hash) values ($1, $2)', params });
}

describe('serializeError', () => {
  it('keeps message, stack, code and the cause chain, and none of the query parameters', () => {
    const out = serializeError(drizzleLikeError(['a@b.c', 'hash\nwith-newline-secret'])) as Record<string, unknown>;
    expect(out).toMatchObject({
      name: 'Error',
      message: 'Failed query: insert into users (email, password_hash) values ($1, $2)\nparams: [redacted]',
      cause: { name: 'PostgresError', code: '23505', detail: 'Key (email)=(a@b.c) already exists.', constraint_name: 'users_email_key' },
    });
    const json = JSON.stringify(out);
    expect(json).not.toContain('with-newline-secret');
    expect(json).not.toContain('"parameters"');
    expect(json).not.toContain('"params"');
    expect(String(out.stack)).toMatch(/^Error: Failed query: .*\nparams: \[redacted\]\n\s+at /);
  });

  it('follows causes a bounded number of levels, cycles included', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    let depth = 0;
    for (let node = serializeError(b) as { cause?: unknown }; typeof node.cause === 'object'; node = node.cause as { cause?: unknown })
      depth += 1;
    expect(depth).toBe(5);
  });

  it('keeps the sub-errors of an AggregateError (ECONNREFUSED over IPv4 and IPv6)', () => {
    const err = new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED', port: 5432 })], '');
    expect(serializeError(err)).toMatchObject({ name: 'AggregateError', errors: [{ code: 'ECONNREFUSED', port: 5432 }] });
  });

  it('passes non-errors through, redacting strings', () => {
    expect(serializeError('token=abc')).toBe('token=[redacted]');
    expect(serializeError(42)).toBe(42);
  });
});

describe('a logger given { err }', () => {
  it('writes the whole error, redacted, to the JSON line', () => {
    const { logger, entries } = createCapturingLogger('logger-test');
    logger.error('job failed', { err: drizzleLikeError(['secret-param-value']), apiKey: 'k' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ level: 'error', message: 'job failed', apiKey: '[redacted]', err: { cause: { code: '23505' } } });
    expect(JSON.stringify(entries[0])).not.toContain('secret-param-value');
  });

  it('redacts secrets in the message too', () => {
    const { logger, entries } = createCapturingLogger('logger-test');
    logger.warn('calling https://user:pw@host/x');
    expect(entries[0]?.message).toBe('calling https://user:[redacted]@host/x');
  });
});
