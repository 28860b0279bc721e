import { retryTime } from './retry-time';

describe('retryTime', () => {
  const at = new Date('2026-06-01T10:00:00.000Z');

  it('spreads jobs refused for spacing over a few gaps after the next allowed moment', () => {
    const account = { maxActionSpacingSeconds: 2 };
    expect(retryTime({ ok: false, reason: 'spacing', retryAt: at }, account, () => 0).getTime()).toBe(at.getTime());
    expect(retryTime({ ok: false, reason: 'spacing', retryAt: at }, account, () => 0.999).getTime()).toBe(at.getTime() + 5994);
  });

  it('returns a cap’s reset moment unchanged', () => {
    expect(retryTime({ ok: false, reason: 'daily_cap', retryAt: at }, { maxActionSpacingSeconds: 300 }, () => 0.5)).toEqual(at);
  });
});
