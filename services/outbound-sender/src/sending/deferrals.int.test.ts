import { listDeferrals } from '@outreach/db';
import { localDay } from '@outreach/rate-limits';
import { Deferred, startSenderHarness, type SenderHarness } from '../test-support/harness';
import { processSendOutboundAction, type SendControl } from '../processors/send-outbound-action';
import { deferralCap } from './deferrals';

let h: SenderHarness;
beforeAll(async () => {
  h = await startSenderHarness();
});
afterAll(async () => {
  await h.close();
});

const deferralsOf = (accountId: string, day: string) => listDeferrals(h.database.db, accountId, day, day);

describe('deferrals by cap', () => {
  it('maps every wait reason of the sender to its cap, and leaves other waits out', () => {
    expect(deferralCap('invite_daily_cap')).toBe('daily_cap');
    expect(deferralCap('message_daily_cap')).toBe('daily_cap');
    expect(deferralCap('invite_weekly_cap')).toBe('weekly_cap');
    expect(deferralCap('profile_view_spacing')).toBe('spacing');
    expect(deferralCap('outside_window')).toBe('window_closed');
    expect(deferralCap('account_cooldown')).toBe('cooldown');
    expect(deferralCap('outcome_pending')).toBeNull();
    expect(deferralCap('unrecorded_reply')).toBeNull();
  });

  it('counts a send held by the daily cap once per decision, on the account-local day, and a replay adds nothing', async () => {
    const s = await h.seed({ account: { dailyInviteLimit: 1, timezone: 'Asia/Kolkata' } });
    const [first, second, third] = await Promise.all([1, 2, 3].map(() => s.addLead()));
    expect(await h.send({ leadId: first!.leadId, step: 0, action: 'invite' })).toMatchObject({ outcome: 'sent' });
    const held = await h.send({ leadId: second!.leadId, step: 0, action: 'invite' }).catch((e: unknown) => e);
    expect(held).toBeInstanceOf(Deferred);
    expect((held as Deferred).reason).toBe('invite_daily_cap');
    const today = localDay(new Date(), 'Asia/Kolkata');
    expect(await deferralsOf(s.account.id, today)).toEqual([{ day: today, cap: 'daily_cap', count: 1 }]);

    // The same job runs again (a crash after the record, before the move to the delayed set): same decision, counted once.
    await expect(h.send({ leadId: second!.leadId, step: 0, action: 'invite' })).rejects.toBeInstanceOf(Deferred);
    expect(await deferralsOf(s.account.id, today)).toEqual([{ day: today, cap: 'daily_cap', count: 1 }]);

    // Another send held by the same cap is another deferral.
    await expect(h.send({ leadId: third!.leadId, step: 0, action: 'invite' })).rejects.toBeInstanceOf(Deferred);
    expect(await deferralsOf(s.account.id, today)).toEqual([{ day: today, cap: 'daily_cap', count: 2 }]);
  });

  it('counts a closed window on the account-local day of the decision', async () => {
    // Monday 11:00 UTC is Tuesday in Kiritimati, a day off for this campaign; the account counts in New York (Monday 07:00).
    const now = new Date('2026-06-01T11:00:00Z');
    const s = await h.seed({
      account: { timezone: 'America/New_York' },
      campaign: { timezone: 'Pacific/Kiritimati', workingDays: [1, 3, 4, 5, 6, 7] },
    });
    const lead = await s.addLead();
    const control: SendControl = { isFinalAttempt: false, defer: async (until, reason) => Promise.reject(new Deferred(until, reason)) };
    const payload = { leadId: lead.leadId, step: 0, action: 'invite' as const, revision: 0 };
    await expect(processSendOutboundAction(h.deps, payload, control, () => now)).rejects.toBeInstanceOf(Deferred);
    await expect(processSendOutboundAction(h.deps, payload, control, () => now)).rejects.toBeInstanceOf(Deferred);
    expect(await deferralsOf(s.account.id, '2026-06-01')).toEqual([{ day: '2026-06-01', cap: 'window_closed', count: 1 }]);
  });
});
