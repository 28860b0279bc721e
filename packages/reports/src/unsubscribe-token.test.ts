import { createHmac } from 'node:crypto';
import { DEV_UNSUBSCRIBE_SECRET, resolveUnsubscribeSecret, signUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token';

const SECRET = 'a-test-secret-of-enough-length';
const claim = { clientId: '4f9c2a55-1b7e-4d25-9b8a-3c1f0e2d7a10', email: 'Ops@Example.com', list: 'weekly_report' as const };

describe('unsubscribe tokens', () => {
  it('verifies a token it signed, with the address lower-cased', () => {
    const token = signUnsubscribeToken(SECRET, claim);
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({ ...claim, email: 'ops@example.com' });
  });

  it('is URL-safe and compact', () => {
    const token = signUnsubscribeToken(SECRET, claim);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(token.length).toBeLessThan(160);
  });

  it('is deterministic (no expiry, no nonce): the same claim always signs the same token', () => {
    expect(signUnsubscribeToken(SECRET, claim)).toBe(signUnsubscribeToken(SECRET, { ...claim, email: ' ops@example.COM ' }));
  });

  it('rejects a token signed with another secret', () => {
    expect(verifyUnsubscribeToken('another-secret-of-enough-length', signUnsubscribeToken(SECRET, claim))).toBeNull();
  });

  it('rejects a payload swapped for another address, keeping the signature', () => {
    const token = signUnsubscribeToken(SECRET, claim);
    const other = signUnsubscribeToken(SECRET, { ...claim, email: 'victim@example.com' });
    const forged = `${other.split('.')[0]}.${token.split('.')[1]}`;
    expect(verifyUnsubscribeToken(SECRET, forged)).toBeNull();
  });

  it('rejects every single-character change of the signature', () => {
    const token = signUnsubscribeToken(SECRET, claim);
    const dot = token.indexOf('.');
    for (let i = dot + 1; i < token.length; i += 1) {
      const swapped = token[i] === 'A' ? 'B' : 'A';
      expect(verifyUnsubscribeToken(SECRET, token.slice(0, i) + swapped + token.slice(i + 1))).toBeNull();
    }
  });

  it('rejects a payload edited by one character', () => {
    const token = signUnsubscribeToken(SECRET, claim);
    const tampered = (token[0] === 'e' ? 'f' : 'e') + token.slice(1);
    expect(verifyUnsubscribeToken(SECRET, tampered)).toBeNull();
  });

  it.each(['', '.', 'abc', 'abc.', '.abc', 'a.b.c', 'not base64!.sig'])('rejects the malformed token %j', (token) => {
    expect(verifyUnsubscribeToken(SECRET, token)).toBeNull();
  });

  it('rejects a correctly signed payload that is not a claim', () => {
    // Garbage signed with the real secret: the shape check stands on its own.
    const payload = Buffer.from(JSON.stringify({ c: 1 })).toString('base64url');
    const sig = createHmac('sha256', SECRET).update(`outreach.unsubscribe.v1.${payload}`).digest('base64url');
    expect(verifyUnsubscribeToken(SECRET, `${payload}.${sig}`)).toBeNull();
  });
});

describe('resolveUnsubscribeSecret', () => {
  it('uses the configured secret, falls back to the development value, and refuses production without one', () => {
    expect(resolveUnsubscribeSecret({ NODE_ENV: 'production', UNSUBSCRIBE_SECRET: SECRET })).toBe(SECRET);
    expect(resolveUnsubscribeSecret({ NODE_ENV: 'development' })).toBe(DEV_UNSUBSCRIBE_SECRET);
    expect(() => resolveUnsubscribeSecret({ NODE_ENV: 'production' })).toThrow(/required in production/);
  });
});
