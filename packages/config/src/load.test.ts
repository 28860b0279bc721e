import { z } from 'zod';
import { ConfigError, loadConfig } from './load';
import { baseEnv, databaseEnv, redisEnv, unipileEnv } from './schemas';
import { bool } from './types';
import { resolveUnipileTarget, SANDBOX_API_KEY } from './unipile-target';

const schema = z.object({ ...baseEnv, ...databaseEnv, ...redisEnv, ...unipileEnv, FLAG: bool(true) });

function errorOf(fn: () => unknown): ConfigError {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return thrown as ConfigError;
}

describe('loadConfig', () => {
  it('applies defaults and coerces numbers and booleans', () => {
    const config = loadConfig(schema, { DATABASE_POOL_SIZE: '7', FLAG: 'no' });
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/outreach',
      DATABASE_POOL_SIZE: 7,
      QUEUE_PREFIX: '{outreach}',
      REDIS_CLUSTER: false,
      UNIPILE_TIMEOUT_MS: 15_000,
      FLAG: false,
    });
  });

  it('treats an empty variable as unset, so its default applies', () => {
    expect(loadConfig(schema, { QUEUE_PREFIX: '', FLAG: '' })).toMatchObject({ QUEUE_PREFIX: '{outreach}', FLAG: true });
  });

  it('takes a queue prefix with or without one Redis Cluster hash tag, and nothing looser', () => {
    expect(loadConfig(schema, { QUEUE_PREFIX: 'outreach' }).QUEUE_PREFIX).toBe('outreach');
    expect(loadConfig(schema, { QUEUE_PREFIX: '{tenant-a}' }).QUEUE_PREFIX).toBe('{tenant-a}');
    for (const bad of ['{outreach', 'out{reach}', '{}', '{a}{b}', 'a:b']) {
      expect(errorOf(() => loadConfig(schema, { QUEUE_PREFIX: bad })).issues[0]).toMatch(/^QUEUE_PREFIX: .*braces/);
    }
  });

  it('lists every bad key at once and never echoes a value', () => {
    const err = errorOf(() =>
      loadConfig(schema, { DATABASE_POOL_SIZE: '0', QUEUE_PREFIX: 'a:b', REDIS_URL: 'secret-not-a-url', FLAG: 'maybe' }),
    );
    expect(err.issues.map((i) => i.split(':')[0]).sort()).toEqual(['DATABASE_POOL_SIZE', 'FLAG', 'QUEUE_PREFIX', 'REDIS_URL']);
    expect(err.message).toContain('Invalid environment');
    expect(err.message).not.toContain('secret-not-a-url');
  });
});

describe('bool', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['YES', true],
    ['False', false],
    ['0', false],
    ['no', false],
  ])('reads %s as %s', (raw, value) => {
    expect(bool(false).parse(raw)).toBe(value);
  });

  it('refuses anything else instead of reading it as false', () => {
    expect(bool(true).safeParse('off').success).toBe(false);
    expect(bool(true).parse(undefined)).toBe(true);
  });
});

describe('resolveUnipileTarget', () => {
  it('uses the sandbox on SANDBOX_PORT when no DSN is configured', () => {
    expect(resolveUnipileTarget({ SANDBOX_PORT: 3990 })).toEqual({
      dsn: 'http://127.0.0.1:3990',
      apiKey: SANDBOX_API_KEY,
      isSandbox: true,
    });
  });

  it('requires an API key with a DSN', () => {
    expect(() => resolveUnipileTarget({ UNIPILE_DSN: 'https://api8.unipile.com:13443', SANDBOX_PORT: 3990 })).toThrow(
      /UNIPILE_API_KEY is required/,
    );
    expect(resolveUnipileTarget({ UNIPILE_DSN: 'https://api8.unipile.com:13443', UNIPILE_API_KEY: 'k', SANDBOX_PORT: 3990 })).toEqual({
      dsn: 'https://api8.unipile.com:13443',
      apiKey: 'k',
      isSandbox: false,
    });
  });
});
