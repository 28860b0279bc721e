import type { UnipileWebhook } from '@outreach/unipile';
import { assessWebhooks, missingSources } from './webhook-health';

const BASE = 'https://hooks.agency.example';
const expected = { ingestBaseUrl: `${BASE}/`, secretHeader: 'Unipile-Auth', secret: 'the-secret-0123456789' };
const goodHeaders = [
  { key: 'Content-Type', value: 'application/json' },
  { key: 'Unipile-Auth', value: 'the-secret-0123456789' },
];
const hook = (overrides: Partial<UnipileWebhook>): UnipileWebhook => ({
  id: `wh_${Math.random().toString(36).slice(2, 8)}`,
  name: 'outreach-messaging',
  source: 'messaging',
  request_url: `${BASE}/api/webhooks/unipile/messaging`,
  enabled: true,
  events: ['message_received'],
  headers: goodHeaders,
  ...overrides,
});

describe('assessWebhooks', () => {
  it('calls a webhook healthy when ensure would keep it, and masks every header value but Content-Type', () => {
    const [assessed] = assessWebhooks([hook({})], expected);
    expect(assessed).toMatchObject({ ours: true, healthy: true, problems: [] });
    expect(assessed?.headers).toEqual([
      { key: 'Content-Type', value: 'application/json' },
      { key: 'Unipile-Auth', value: '********' },
    ]);
    expect(JSON.stringify(assessed)).not.toContain('the-secret');
  });

  it('names what is wrong with a misdirected, disabled, unsigned or non-JSON webhook of ours', () => {
    const [misdirected, disabled, unsigned, wrongSecret, notJson] = assessWebhooks(
      [
        hook({ request_url: `${BASE}/api/webhooks/unipile/users` }),
        hook({ enabled: false }),
        hook({ headers: [{ key: 'Content-Type', value: 'application/json' }] }),
        hook({
          headers: [
            { key: 'content-type', value: 'application/json' },
            { key: 'unipile-auth', value: 'stale' },
          ],
        }),
        hook({ headers: [{ key: 'Unipile-Auth', value: 'the-secret-0123456789' }] }),
      ],
      expected,
    );
    expect(misdirected?.problems).toEqual(['misdirected']);
    expect(disabled?.problems).toEqual(['disabled']);
    expect(unsigned?.problems).toEqual(['secret_header_missing']);
    expect(wrongSecret?.problems).toEqual(['secret_mismatch']);
    expect(notJson?.problems).toEqual(['content_type_not_json']);
    expect([misdirected, disabled, unsigned, wrongSecret, notJson].every((w) => w?.ours && !w.healthy)).toBe(true);
  });

  it('keeps the first healthy webhook per source and calls the next ones duplicates', () => {
    const assessed = assessWebhooks([hook({}), hook({})], expected);
    expect(assessed.map((w) => w.healthy)).toEqual([true, false]);
    expect(assessed[1]?.problems).toEqual(['duplicate']);
  });

  it("leaves other systems' webhooks alone: not ours, no problems", () => {
    const [foreign] = assessWebhooks([hook({ name: 'crm-sync', request_url: 'https://crm.example/hook', headers: [] })], expected);
    expect(foreign).toMatchObject({ ours: false, healthy: false, problems: [] });
  });

  it('recognises ours by name even when the URL or configuration is unknown', () => {
    const [byName] = assessWebhooks([hook({ request_url: 'https://old-host.example/api/webhooks/unipile/messaging' })], {
      secretHeader: 'Unipile-Auth',
    });
    expect(byName).toMatchObject({ ours: true, healthy: false, problems: ['ingest_url_not_configured'] });
    const [noSecret] = assessWebhooks([hook({})], { ...expected, secret: undefined });
    expect(noSecret?.problems).toEqual(['secret_not_configured']);
  });

  it('lists the sources that have no healthy webhook', () => {
    const assessed = assessWebhooks(
      [hook({}), hook({ source: 'users', name: 'outreach-users', request_url: `${BASE}/api/webhooks/unipile/messaging` })],
      expected,
    );
    expect(missingSources(assessed)).toEqual(['users', 'account_status']);
  });
});
