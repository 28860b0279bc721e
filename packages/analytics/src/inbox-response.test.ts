import { firstResponses, inboxResponseStats, type InboxTouch } from './index';

const week = { start: new Date('2026-03-23T00:00:00Z'), end: new Date('2026-03-30T00:00:00Z') };
const at = (iso: string) => new Date(iso);
const prospect = (iso: string): InboxTouch => ({ at: at(iso), kind: 'prospect' });
const operator = (iso: string): InboxTouch => ({ at: at(iso), kind: 'operator' });

describe('firstResponses', () => {
  it('measures from the first unanswered prospect message to the next operator send', () => {
    // Two messages, one answer: one wait, 2 h from the first message (not 1 h from the second).
    expect(
      firstResponses([prospect('2026-03-24T09:00:00Z'), prospect('2026-03-24T10:00:00Z'), operator('2026-03-24T11:00:00Z')], week),
    ).toEqual([{ waitStartedAt: at('2026-03-24T09:00:00Z'), answeredAt: at('2026-03-24T11:00:00Z') }]);
  });

  it('counts an operator follow-up with nobody waiting as no answer, and a later message as a new wait', () => {
    const thread = [
      prospect('2026-03-24T09:00:00Z'),
      operator('2026-03-24T09:30:00Z'),
      operator('2026-03-24T12:00:00Z'),
      prospect('2026-03-25T08:00:00Z'),
      operator('2026-03-25T08:10:00Z'),
    ];
    expect(firstResponses(thread, week).map((r) => r.answeredAt.getTime() - r.waitStartedAt.getTime())).toEqual([30 * 60_000, 10 * 60_000]);
  });

  it('credits a wait to the week of its answer, even when it started before the week', () => {
    const thread = [
      prospect('2026-03-20T16:00:00Z'), // answered before the week: not this week's
      operator('2026-03-20T17:00:00Z'),
      prospect('2026-03-22T22:00:00Z'), // waits over the weekend, answered Monday: this week's, 11 h
      operator('2026-03-23T09:00:00Z'),
      prospect('2026-03-29T23:00:00Z'), // answered after the week: next week's
      operator('2026-03-30T08:00:00Z'),
    ];
    expect(firstResponses(thread, week)).toEqual([{ waitStartedAt: at('2026-03-22T22:00:00Z'), answeredAt: at('2026-03-23T09:00:00Z') }]);
  });

  it('takes a prospect message and an operator send at the same instant as answered, whatever the input order', () => {
    expect(firstResponses([operator('2026-03-24T09:00:00Z'), prospect('2026-03-24T09:00:00Z')], week)).toHaveLength(1);
  });
});

describe('inboxResponseStats', () => {
  it('counts answered waits and gives their median (hand-computed)', () => {
    // Waits of 10 min, 30 min, 2 h and 11 h: median = (30 min + 2 h) / 2 = 75 min.
    const responses = [10, 30, 120, 660].map((minutes) => ({
      waitStartedAt: at('2026-03-24T00:00:00Z'),
      answeredAt: new Date(at('2026-03-24T00:00:00Z').getTime() + minutes * 60_000),
    }));
    expect(inboxResponseStats(responses)).toEqual({ repliesAnswered: 4, medianFirstResponseMs: 75 * 60_000 });
    expect(inboxResponseStats([])).toEqual({ repliesAnswered: 0, medianFirstResponseMs: null });
  });
});
