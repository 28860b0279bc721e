import { dailyCap } from './daily-cap';
import type { RateAccount } from './types';

const account = (overrides: Partial<RateAccount> = {}): RateAccount => ({
  id: '00000000-0000-4000-8000-000000000001',
  timezone: 'UTC',
  createdAt: new Date('2024-03-01T10:00:00Z'),
  dailyInviteLimit: 25,
  dailyMessageLimit: 100,
  dailyProfileViewLimit: 80,
  weeklyInviteLimit: 100,
  minActionSpacingSeconds: 60,
  maxActionSpacingSeconds: 300,
  warmupStartLimit: null,
  warmupDays: null,
  ...overrides,
});

describe('dailyCap', () => {
  it('is the configured limit per action without a warm-up', () => {
    const a = account();
    expect(dailyCap(a, 'invite', '2024-03-01')).toBe(25);
    expect(dailyCap(a, 'message', '2024-03-01')).toBe(100);
    expect(dailyCap(a, 'profile_view', '2024-03-01')).toBe(80);
  });

  it('ignores a half-configured or zero-day warm-up', () => {
    expect(dailyCap(account({ warmupStartLimit: 5 }), 'invite', '2024-03-01')).toBe(25);
    expect(dailyCap(account({ warmupDays: 10 }), 'invite', '2024-03-01')).toBe(25);
    expect(dailyCap(account({ warmupStartLimit: 5, warmupDays: 0 }), 'invite', '2024-03-01')).toBe(25);
  });

  describe('with a warm-up from 5 over 10 days', () => {
    const a = account({ warmupStartLimit: 5, warmupDays: 10 });

    it.each([
      ['2024-02-28', 5], // before creation: the start, never less
      ['2024-03-01', 5], // creation day is day 0
      ['2024-03-02', 7], // 5 + floor(20 * 1 / 10)
      ['2024-03-03', 9],
      ['2024-03-06', 15],
      ['2024-03-10', 23],
      ['2024-03-11', 25], // day 10: the full limit
      ['2024-04-30', 25],
    ])('allows %s → %i invites', (day, expected) => {
      expect(dailyCap(a, 'invite', day)).toBe(expected);
    });

    it('ramps every action towards its own limit', () => {
      expect(dailyCap(a, 'message', '2024-03-06')).toBe(5 + Math.floor((95 * 5) / 10));
      expect(dailyCap(a, 'profile_view', '2024-03-11')).toBe(80);
    });

    it('rounds down so the ramp never runs ahead of the straight line', () => {
      const odd = account({ warmupStartLimit: 0, warmupDays: 3, dailyInviteLimit: 10 });
      expect([0, 1, 2, 3].map((d) => dailyCap(odd, 'invite', `2024-03-0${1 + d}`))).toEqual([0, 3, 6, 10]);
    });
  });

  it('counts warm-up days from the creation day in the account zone', () => {
    // 20:00Z on 1 March is 01:30 on 2 March in Kolkata, so 2 March is day 0 there.
    const a = account({ timezone: 'Asia/Kolkata', createdAt: new Date('2024-03-01T20:00:00Z'), warmupStartLimit: 5, warmupDays: 10 });
    expect(dailyCap(a, 'invite', '2024-03-02')).toBe(5);
    expect(dailyCap(a, 'invite', '2024-03-03')).toBe(7);
    expect(dailyCap(a, 'invite', '2024-03-12')).toBe(25);
  });

  it('never exceeds the limit when the start is above it', () => {
    expect(dailyCap(account({ warmupStartLimit: 50, warmupDays: 10 }), 'invite', '2024-03-02')).toBe(25);
  });
});
