import { ConfigError } from '@outreach/config';
import { loadGatewayConfig } from './config';

const base = { JWT_SECRET: 'x'.repeat(32) };

describe('loadGatewayConfig', () => {
  it('refuses to start in production without UNSUBSCRIBE_SECRET, naming it', () => {
    expect(() => loadGatewayConfig({ ...base, NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadGatewayConfig({ ...base, NODE_ENV: 'production' })).toThrow(/UNSUBSCRIBE_SECRET: required in production/);
    expect(loadGatewayConfig({ ...base, NODE_ENV: 'production', UNSUBSCRIBE_SECRET: 's'.repeat(32) }).UNSUBSCRIBE_SECRET).toBe(
      's'.repeat(32),
    );
  });

  it('needs no unsubscribe secret in development, and keeps PUBLIC_API_URL unset when it is not given', () => {
    const config = loadGatewayConfig({ ...base, NODE_ENV: 'development' });
    expect(config.UNSUBSCRIBE_SECRET).toBeUndefined();
    expect(config.PUBLIC_API_URL).toBeUndefined();
    expect(config).toMatchObject({ APP_BASE_URL: 'http://localhost:3000', NOTIFICATIONS_ENABLED: true, WEEKLY_REPORTS_ENABLED: true });
  });

  it('reads the notification switches as real booleans', () => {
    const config = loadGatewayConfig({ ...base, NOTIFICATIONS_ENABLED: 'false', WEEKLY_REPORTS_ENABLED: '0' });
    expect(config).toMatchObject({ NOTIFICATIONS_ENABLED: false, WEEKLY_REPORTS_ENABLED: false });
  });
});
