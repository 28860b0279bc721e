import { ConfigError } from '@outreach/config';
import { loadNotifierConfig } from './config';

describe('loadNotifierConfig', () => {
  it('runs on the outbox with notifications on by default', () => {
    const config = loadNotifierConfig({});
    expect(config).toMatchObject({ NOTIFICATIONS_ENABLED: true, NOTIFIER_CONCURRENCY: 5, APP_BASE_URL: 'http://localhost:3000' });
    expect(config.RESEND_API_KEY).toBeUndefined();
  });

  it('reads the Resend key and base URL and the platform switch', () => {
    const config = loadNotifierConfig({
      RESEND_API_KEY: 're_123',
      RESEND_BASE_URL: 'http://127.0.0.1:4010',
      NOTIFICATIONS_ENABLED: 'false',
    });
    expect(config).toMatchObject({ RESEND_API_KEY: 're_123', RESEND_BASE_URL: 'http://127.0.0.1:4010', NOTIFICATIONS_ENABLED: false });
  });

  it('lists every bad key without echoing values', () => {
    let error: unknown;
    try {
      loadNotifierConfig({ NOTIFICATIONS_ENABLED: 'maybe', RESEND_BASE_URL: 'not-a-url-secret', NOTIFIER_CONCURRENCY: '0' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    expect(issues).toMatch(/NOTIFICATIONS_ENABLED/);
    expect(issues).toMatch(/RESEND_BASE_URL/);
    expect(issues).toMatch(/NOTIFIER_CONCURRENCY/);
    expect(issues).not.toContain('not-a-url-secret');
  });
});
