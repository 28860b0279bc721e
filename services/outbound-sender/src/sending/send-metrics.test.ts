import { deferralReason } from './send-metrics';

describe('deferralReason', () => {
  it("maps the limiter's refusals and the sender's waits to the metric's fixed reasons", () => {
    expect(
      [
        'invite_daily_cap',
        'message_daily_cap',
        'invite_weekly_cap',
        'invite_spacing',
        'profile_view_spacing',
        'message_in_flight',
        'outside_window',
        'account_cooldown',
        'outcome_pending',
        'unrecorded_reply',
      ].map(deferralReason),
    ).toEqual(['daily_cap', 'daily_cap', 'weekly_cap', 'spacing', 'spacing', 'in_flight', 'window_closed', 'cooldown', 'other', 'other']);
  });
});
