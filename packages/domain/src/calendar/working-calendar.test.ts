import { dueAt, isOpen, nextOpenAt, type StepDelay, type WorkingCalendar } from './working-calendar';
import { stepDelay, withdrawalDueAt } from './step-timing';

const weekdays = [1, 2, 3, 4, 5];
const london: WorkingCalendar = { timezone: 'Europe/London', workingDays: weekdays, hours: { start: '09:00', end: '17:00' }, holidays: [] };
const losAngeles: WorkingCalendar = { ...london, timezone: 'America/Los_Angeles' };
const kolkata: WorkingCalendar = { timezone: 'Asia/Kolkata', workingDays: weekdays, hours: { start: '10:00', end: '18:00' }, holidays: [] };
// A Sunday-to-Thursday week.
const brisbane: WorkingCalendar = {
  timezone: 'Australia/Brisbane',
  workingDays: [7, 1, 2, 3, 4],
  hours: { start: '08:00', end: '16:00' },
  holidays: [],
};

const at = (iso: string) => new Date(iso);

describe('isOpen', () => {
  it.each([
    ['London, a Saturday', london, '2026-03-28T12:00:00Z', false],
    ['London, Monday 09:00 BST', london, '2026-03-30T08:00:00Z', true],
    ['London, Monday 08:59 BST', london, '2026-03-30T07:59:00Z', false],
    ['Los Angeles, Friday 20:00 PST (Saturday in UTC)', losAngeles, '2026-03-07T04:00:00Z', false],
    ['Los Angeles, Sunday 22:00 PDT (Monday in UTC)', losAngeles, '2026-03-09T05:00:00Z', false],
    ['Kolkata, 17:59 IST', kolkata, '2026-06-01T12:29:00Z', true],
    ['Kolkata, 18:00 IST (end is exclusive)', kolkata, '2026-06-01T12:30:00Z', false],
    ['Brisbane, a Sunday (working there)', brisbane, '2026-06-06T23:00:00Z', true],
    ['Brisbane, a Friday (not working there)', brisbane, '2026-06-05T01:00:00Z', false],
  ])('%s → %s', (_label, cal, iso, open) => {
    expect(isOpen(cal, at(iso))).toBe(open);
  });
});

// 2026-03-08 in New York goes 01:59:59 EST → 03:00:00 EDT: 02:00–02:59 does not exist that night.
const newYorkNight: WorkingCalendar = {
  timezone: 'America/New_York',
  workingDays: [1, 2, 3, 4, 5, 6, 7],
  hours: { start: '02:30', end: '05:00' },
  holidays: [],
};

describe('a window edge inside a DST gap', () => {
  it.each([
    ['01:59 EST, before the gap', '2026-03-08T06:59:00Z', false],
    ['01:30 EST, the instant date-fns-tz gives for 02:30', '2026-03-08T06:30:00Z', false],
    ['03:00 EDT, the first instant after the gap', '2026-03-08T07:00:00Z', true],
    ['04:59 EDT', '2026-03-08T08:59:00Z', true],
    ['05:00 EDT (end is exclusive)', '2026-03-08T09:00:00Z', false],
  ])('isOpen at %s → %s', (_label, iso, open) => {
    expect(isOpen(newYorkNight, at(iso))).toBe(open);
  });

  it('opens at the jump (03:00 EDT), never before it', () => {
    expect(nextOpenAt(newYorkNight, at('2026-03-08T05:00:00Z')).toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });

  it('a window ending in the gap closes at the jump', () => {
    const cal: WorkingCalendar = { ...newYorkNight, hours: { start: '01:00', end: '02:30' } };
    expect(isOpen(cal, at('2026-03-08T06:59:59Z'))).toBe(true);
    expect(isOpen(cal, at('2026-03-08T07:00:00Z'))).toBe(false);
  });

  it('a day skipped whole (Samoa, 2011-12-30) has no window: the next one is the day after', () => {
    const samoa: WorkingCalendar = {
      timezone: 'Pacific/Apia',
      workingDays: [1, 2, 3, 4, 5, 6, 7],
      hours: { start: '09:00', end: '17:00' },
      holidays: [],
    };
    // 2011-12-29 23:59:59 (UTC−10) is followed by 2011-12-31 00:00:00 (UTC+14); 09:00 on the 31st is 19:00Z on the 30th.
    expect(nextOpenAt(samoa, at('2011-12-30T05:00:00Z')).toISOString()).toBe('2011-12-30T19:00:00.000Z');
    expect(isOpen(samoa, at('2011-12-30T10:00:00Z'))).toBe(false);
  });
});

describe('nextOpenAt', () => {
  it.each([
    ['London, Friday evening → Monday 09:00 after the clocks went forward', london, '2026-03-27T18:00:00Z', '2026-03-30T08:00:00.000Z'],
    ['London, a Monday holiday is skipped', { ...london, holidays: ['2026-03-30'] }, '2026-03-27T18:00:00Z', '2026-03-31T08:00:00.000Z'],
    ['London, already open → unchanged', london, '2026-03-30T10:15:00Z', '2026-03-30T10:15:00.000Z'],
    ['Los Angeles, Friday 20:00 PST → Monday 09:00 PDT', losAngeles, '2026-03-07T04:00:00Z', '2026-03-09T16:00:00.000Z'],
    ['Kolkata, 09:30 IST → 10:00 IST', kolkata, '2026-06-01T04:00:00Z', '2026-06-01T04:30:00.000Z'],
    ['Brisbane, Friday → Sunday 08:00', brisbane, '2026-06-04T23:00:00Z', '2026-06-06T22:00:00.000Z'],
  ])('%s', (_label, cal, from, expected) => {
    expect(nextOpenAt(cal, at(from)).toISOString()).toBe(expected);
  });

  it('refuses a calendar with no working day', () => {
    expect(() => nextOpenAt({ ...london, workingDays: [] }, at('2026-03-27T18:00:00Z'))).toThrow(/no open moment/);
  });
});

describe('dueAt', () => {
  it.each<[string, WorkingCalendar, string, StepDelay, string]>([
    [
      'London, 3 working days across the weekend and the spring DST change keep 10:30 local',
      london,
      '2026-03-26T10:30:00Z',
      { working_days: 3 },
      '2026-03-31T09:30:00.000Z',
    ],
    [
      'London, 1 working day across the autumn DST change keeps 16:00 local',
      london,
      '2026-10-23T15:00:00Z',
      { working_days: 1 },
      '2026-10-26T16:00:00.000Z',
    ],
    [
      'London, a holiday inside the delay is not counted',
      { ...london, holidays: ['2026-06-03'] },
      '2026-06-01T09:00:00Z',
      { working_days: 2 },
      '2026-06-04T09:00:00.000Z',
    ],
    [
      'London, from 20:00 the due time moves to the start of the target day',
      london,
      '2026-06-01T19:00:00Z',
      { working_days: 3 },
      '2026-06-04T08:00:00.000Z',
    ],
    [
      'Los Angeles, Friday noon PST + 1 working day → Monday noon PDT',
      losAngeles,
      '2026-03-06T20:00:00Z',
      { working_days: 1 },
      '2026-03-09T19:00:00.000Z',
    ],
    [
      'Los Angeles, 60 minutes from 16:30 PDT on the last Friday of summer time → Monday 09:00 PST',
      losAngeles,
      '2026-10-30T23:30:00Z',
      { minutes: 60 },
      '2026-11-02T17:00:00.000Z',
    ],
    ['Kolkata, 0 working days → the next open moment', kolkata, '2026-06-01T04:00:00Z', { working_days: 0 }, '2026-06-01T04:30:00.000Z'],
    ['Kolkata, minutes inside the window stay inside it', kolkata, '2026-06-01T05:00:00Z', { minutes: 15 }, '2026-06-01T05:15:00.000Z'],
    [
      'Brisbane, Thursday + 2 working days skips Friday and Saturday',
      brisbane,
      '2026-06-04T05:00:00Z',
      { working_days: 2 },
      '2026-06-08T05:00:00.000Z',
    ],
  ])('%s', (_label, cal, from, delay, expected) => {
    expect(dueAt(cal, at(from), delay).toISOString()).toBe(expected);
  });
});

describe('an all-day window (00:00–24:00)', () => {
  const allDay: WorkingCalendar = {
    timezone: 'Europe/London',
    workingDays: [1, 2, 3, 4, 5, 6, 7],
    hours: { start: '00:00', end: '24:00' },
    holidays: ['2026-12-25'],
  };

  it.each([
    ['just before local midnight', '2026-06-01T22:59:59Z', true],
    ['at local midnight', '2026-06-01T23:00:00Z', true],
    ['on a holiday', '2026-12-25T12:00:00Z', false],
  ])('is open %s: %s', (_label, instant, open) => {
    expect(isOpen(allDay, at(instant))).toBe(open);
  });

  it('reopens at the local midnight after a holiday', () => {
    expect(nextOpenAt(allDay, at('2026-12-25T12:00:00Z')).toISOString()).toBe('2026-12-26T00:00:00.000Z');
  });
});

describe('step timing', () => {
  it('reads minutes before working days, and no delay as the next open moment', () => {
    expect(stepDelay({ delayWorkingDays: 2, delayMinutes: 30 })).toEqual({ minutes: 30 });
    expect(stepDelay({ delayWorkingDays: 2, delayMinutes: null })).toEqual({ working_days: 2 });
    expect(stepDelay({ delayWorkingDays: null, delayMinutes: null })).toEqual({ working_days: 0 });
  });

  it('withdraws an invitation after calendar days, at the next open moment', () => {
    // Sent Thursday 10:00 London; 3 days later is Sunday → Monday 09:00 (BST).
    expect(withdrawalDueAt(london, at('2026-06-04T09:00:00Z'), 3).toISOString()).toBe('2026-06-08T08:00:00.000Z');
  });
});
