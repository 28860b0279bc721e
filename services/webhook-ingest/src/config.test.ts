import { loadIngestConfig } from './config';

const env = { UNIPILE_WEBHOOK_SECRET: 'a-secret-of-sixteen+' };

describe('webhook-ingest config', () => {
  it('reads the body limit in bytes', () => {
    expect(loadIngestConfig({ ...env, INGEST_BODY_LIMIT: '512kb' }).INGEST_BODY_LIMIT).toBe(512 * 1024);
    expect(loadIngestConfig(env).INGEST_BODY_LIMIT).toBe(1024 * 1024);
  });
  it('refuses a missing or short secret and a bad limit, naming each key', () => {
    expect(() => loadIngestConfig({ UNIPILE_WEBHOOK_SECRET: 'short', INGEST_BODY_LIMIT: 'lots' })).toThrow(
      /UNIPILE_WEBHOOK_SECRET[\s\S]*INGEST_BODY_LIMIT|INGEST_BODY_LIMIT[\s\S]*UNIPILE_WEBHOOK_SECRET/,
    );
    expect(() => loadIngestConfig({})).toThrow(/UNIPILE_WEBHOOK_SECRET/);
  });
});
