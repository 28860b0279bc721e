import { redact } from './redact';

describe('redact', () => {
  it('masks secret-looking keys at any depth and keeps the rest', () => {
    const out = redact({ user: 'a', headers: { 'Unipile-Auth': 's3cret', authorization: 'Bearer x' }, list: [{ apiKey: 'k' }] });
    expect(out).toEqual({ user: 'a', headers: { 'Unipile-Auth': '[redacted]', authorization: '[redacted]' }, list: [{ apiKey: '[redacted]' }] });
  });
});
