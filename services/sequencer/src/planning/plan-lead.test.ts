import type { DueLead } from '@outreach/db';
import { planLead } from './plan-lead';

const weekdays = { timezone: 'Europe/London', workingDays: [1, 2, 3, 4, 5], hours: { start: '09:00', end: '17:00' }, holidays: [] };
const at = (iso: string) => new Date(iso);

const lead = (overrides: Partial<DueLead> = {}): DueLead => ({
  leadId: 'l',
  clientId: 'c',
  campaignId: 'k',
  linkedinAccountId: 'a',
  status: 'pending_invite',
  currentStep: 0,
  nextActionAt: at('2026-06-01T08:00:00Z'),
  connectedAt: null,
  inviteSentAt: null,
  lastStepSentAt: null,
  calendar: weekdays,
  stepCount: 3,
  step: { action: 'invite', delayWorkingDays: null, delayMinutes: null },
  previousInviteTimeoutDays: null,
  ...overrides,
});

describe('planLead', () => {
  it('enqueues a new lead’s invite inside the window', () => {
    expect(planLead(lead(), at('2026-06-01T10:00:00Z'))).toEqual({ kind: 'enqueue', step: 0, action: 'invite' });
  });

  it('moves a lead due on a Saturday to Monday 09:00 local', () => {
    expect(planLead(lead(), at('2026-06-06T10:00:00Z'))).toEqual({ kind: 'reschedule', at: at('2026-06-08T08:00:00Z') });
  });

  it('counts the first message’s delay from the acceptance, not from the invite', () => {
    const accepted = lead({
      status: 'connected',
      currentStep: 1,
      inviteSentAt: at('2026-06-01T10:00:00Z'),
      lastStepSentAt: at('2026-06-01T10:00:00Z'),
      connectedAt: at('2026-06-03T14:00:00Z'),
      step: { action: 'message', delayWorkingDays: 1, delayMinutes: null },
    });
    expect(planLead(accepted, at('2026-06-03T14:00:05Z'))).toEqual({ kind: 'reschedule', at: at('2026-06-04T14:00:00Z') });
    expect(planLead(accepted, at('2026-06-04T14:00:00Z'))).toEqual({ kind: 'enqueue', step: 1, action: 'message' });
  });

  it('sends a delay-0 message at the next open moment after an acceptance at night', () => {
    const accepted = lead({
      status: 'connected',
      currentStep: 1,
      lastStepSentAt: at('2026-06-01T10:00:00Z'),
      connectedAt: at('2026-06-03T21:00:00Z'),
      step: { action: 'message', delayWorkingDays: 0, delayMinutes: null },
    });
    expect(planLead(accepted, at('2026-06-03T21:00:01Z'))).toEqual({ kind: 'reschedule', at: at('2026-06-04T08:00:00Z') });
  });

  it('counts a follow-up’s delay from the previous message', () => {
    const messaged = lead({
      status: 'messaged',
      currentStep: 2,
      connectedAt: at('2026-06-01T09:00:00Z'),
      lastStepSentAt: at('2026-06-01T10:00:00Z'),
      step: { action: 'message', delayWorkingDays: null, delayMinutes: 90 },
    });
    expect(planLead(messaged, at('2026-06-01T10:30:00Z'))).toEqual({ kind: 'reschedule', at: at('2026-06-01T11:30:00Z') });
  });

  it('withdraws an invitation once its accept timeout has passed, inside the window', () => {
    const waiting = lead({
      status: 'invite_sent',
      currentStep: 1,
      inviteSentAt: at('2026-06-01T10:00:00Z'),
      previousInviteTimeoutDays: 7,
      step: { action: 'message', delayWorkingDays: 0, delayMinutes: null },
    });
    expect(planLead(waiting, at('2026-06-05T10:00:00Z'))).toEqual({ kind: 'reschedule', at: at('2026-06-08T10:00:00Z') });
    expect(planLead(waiting, at('2026-06-08T10:00:00Z'))).toEqual({ kind: 'enqueue', step: 0, action: 'withdraw' });
  });

  it('waits for an acceptance when the invite has no timeout', () => {
    expect(
      planLead(lead({ status: 'invite_sent', currentStep: 1, inviteSentAt: at('2026-06-01T10:00:00Z') }), at('2026-06-02T10:00:00Z')),
    ).toEqual({ kind: 'wait' });
  });

  it('completes a lead past its last step', () => {
    expect(planLead(lead({ status: 'messaged', currentStep: 3, step: null }), at('2026-06-01T10:00:00Z'))).toEqual({ kind: 'complete' });
  });

  it('skips an invite step for a lead already connected', () => {
    expect(planLead(lead({ status: 'connected', connectedAt: at('2026-06-01T09:00:00Z') }), at('2026-06-01T10:00:00Z'))).toEqual({
      kind: 'skip_to',
      step: 1,
    });
  });
});
