import {
  assertLeadTransition,
  AWAITING_ACCEPTANCE_LEAD_STATUSES,
  canMarkConnected,
  canTransitionLead,
  IllegalLeadTransitionError,
  LEAD_STATUSES,
  LEAD_TRANSITION_REASONS,
  SENDABLE_LEAD_STATUSES,
  type LeadStatus,
  type LeadTransitionReason,
} from './lead-lifecycle';

/**
 * The lifecycle written out a second time, pair by pair (from → to → the reasons allowing it), so
 * that a change to the table must be made here too, on purpose. Every pair not listed is illegal.
 */
const SPEC: Partial<Record<LeadStatus, Partial<Record<LeadStatus, LeadTransitionReason[]>>>> = {
  pending_invite: {
    invite_sent: ['invite_sent', 'already_invited'],
    connected: ['already_connected', 'invite_accepted'],
    messaged: ['message_sent'],
    responded: ['replied'],
    completed: ['sequence_finished'],
    error: ['send_failed'],
    skipped: ['already_connected', 'replied_in_other_campaign', 'opted_out'],
  },
  invite_sent: {
    connected: ['invite_accepted'],
    responded: ['replied'],
    error: ['send_failed'],
    skipped: ['replied_in_other_campaign', 'opted_out'],
    withdrawn: ['accept_timeout'],
  },
  connected: {
    messaged: ['message_sent'],
    responded: ['replied'],
    completed: ['sequence_finished'],
    error: ['send_failed'],
    skipped: ['replied_in_other_campaign', 'opted_out'],
  },
  messaged: {
    messaged: ['message_sent'],
    responded: ['replied'],
    completed: ['sequence_finished'],
    error: ['send_failed'],
    skipped: ['replied_in_other_campaign', 'opted_out'],
  },
  responded: {},
  completed: { responded: ['replied'] },
  error: { pending_invite: ['retry_requested'], responded: ['replied'], skipped: ['opted_out'] },
  skipped: { responded: ['replied'] },
  withdrawn: { connected: ['invite_accepted'], responded: ['replied'], skipped: ['opted_out'] },
};

const pairs = LEAD_STATUSES.flatMap((from) => LEAD_STATUSES.map((to) => [from, to] as const));

describe('the lead transition table', () => {
  it('covers every status as a source in the specification', () => {
    expect(Object.keys(SPEC).sort()).toEqual([...LEAD_STATUSES].sort());
  });

  it.each(pairs)('%s → %s is allowed for exactly the reasons the specification lists', (from, to) => {
    const expected = [...(SPEC[from]?.[to] ?? [])].sort();
    expect(LEAD_TRANSITION_REASONS.filter((r) => canTransitionLead(from, to, r)).sort()).toEqual(expected);
    for (const reason of LEAD_TRANSITION_REASONS) {
      expect(canTransitionLead(from, to, reason)).toBe(expected.includes(reason));
      if (expected.includes(reason)) expect(() => assertLeadTransition(from, to, reason)).not.toThrow();
      else expect(() => assertLeadTransition(from, to, reason)).toThrow(IllegalLeadTransitionError);
    }
  });

  it('names both statuses and the reason when it refuses a transition', () => {
    expect(() => assertLeadTransition('responded', 'messaged', 'message_sent')).toThrow(
      'illegal lead transition responded → messaged (reason message_sent)',
    );
    const refused = (() => {
      try {
        assertLeadTransition('completed', 'pending_invite', 'retry_requested');
        return null;
      } catch (err) {
        return err;
      }
    })();
    expect(refused).toMatchObject({
      name: 'IllegalLeadTransitionError',
      from: 'completed',
      to: 'pending_invite',
      reason: 'retry_requested',
    });
  });

  it('refuses a status no reason reaches and a reason it does not know', () => {
    expect(canTransitionLead('pending_invite', 'not_a_status', 'invite_sent')).toBe(false);
    expect(canTransitionLead('pending_invite', 'invite_sent', 'no_such_reason' as LeadTransitionReason)).toBe(false);
  });
});

describe('the status sets that gate automation', () => {
  it('lets each action go out only from a status its success may leave', () => {
    expect(SENDABLE_LEAD_STATUSES).toEqual({
      invite: ['pending_invite'],
      message: ['pending_invite', 'connected', 'messaged'],
      withdraw: ['invite_sent'],
    });
    for (const from of SENDABLE_LEAD_STATUSES.invite) expect(canTransitionLead(from, 'invite_sent', 'invite_sent')).toBe(true);
    for (const from of SENDABLE_LEAD_STATUSES.message) expect(canTransitionLead(from, 'messaged', 'message_sent')).toBe(true);
    for (const from of SENDABLE_LEAD_STATUSES.withdraw) expect(canTransitionLead(from, 'withdrawn', 'accept_timeout')).toBe(true);
  });

  it('marks a lead connected only while it waits for an acceptance', () => {
    expect(LEAD_STATUSES.filter(canMarkConnected)).toEqual(['pending_invite', 'invite_sent', 'withdrawn']);
    expect(AWAITING_ACCEPTANCE_LEAD_STATUSES).toEqual(['pending_invite', 'invite_sent', 'withdrawn']);
  });
});
