import { ConfigError } from '@outreach/config';
import { loadReporterConfig } from './config';

describe('reporter config', () => {
  it('starts in development with defaults: reports on, planner every 15 minutes, no unsubscribe secret', () => {
    const config = loadReporterConfig({});
    expect(config).toMatchObject({ WEEKLY_REPORTS_ENABLED: true, REPORT_PLAN_EVERY_SECONDS: 900, REPORTER_CONCURRENCY: 2 });
    expect(config.UNSUBSCRIBE_SECRET).toBeUndefined();
  });

  it('refuses production without UNSUBSCRIBE_SECRET, naming the key but not echoing values', () => {
    let thrown: unknown;
    try {
      loadReporterConfig({ NODE_ENV: 'production', RESEND_API_KEY: 're_secret_value' });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).issues).toEqual(['UNSUBSCRIBE_SECRET: required in production']);
    expect((thrown as Error).message).not.toContain('re_secret_value');
  });

  it('accepts production with a secret, and reads the flag as a real boolean', () => {
    const config = loadReporterConfig({ NODE_ENV: 'production', UNSUBSCRIBE_SECRET: 'a'.repeat(32), WEEKLY_REPORTS_ENABLED: 'false' });
    expect(config.WEEKLY_REPORTS_ENABLED).toBe(false);
  });
});
