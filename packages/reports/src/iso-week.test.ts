import { isoWeekAt, isoWeeksInYear, parseIsoWeek, previousIsoWeek, weekDates, weekRange, weeklySlotAt } from './iso-week';

const hours = (r: { start: Date; end: Date }): number => (r.end.getTime() - r.start.getTime()) / 3_600_000;

describe('parseIsoWeek', () => {
  it.each([
    ['2026-W13', { year: 2026, week: 13 }],
    ['2026-W01', { year: 2026, week: 1 }],
    ['2026-W53', { year: 2026, week: 53 }],
    ['2020-W53', { year: 2020, week: 53 }],
  ])('parses %s', (input, expected) => {
    expect(parseIsoWeek(input)).toEqual(expected);
  });

  it.each(['2025-W53', '2027-W53', '2026-W00', '2026-W54', '2026-W1', '2026W13', '2026-w13', ' 2026-W13', '2026-W13x', '', '0000-W01'])(
    'rejects %j',
    (input) => {
      expect(parseIsoWeek(input)).toBeNull();
    },
  );

  it('knows which years have 53 weeks (Thursday 1 January, or Wednesday in a leap year)', () => {
    expect([2015, 2020, 2026, 2032].map(isoWeeksInYear)).toEqual([53, 53, 53, 53]);
    expect([2021, 2024, 2025, 2027].map(isoWeeksInYear)).toEqual([52, 52, 52, 52]);
  });
});

describe('weekDates', () => {
  it('puts week 1 in the previous calendar year when 1 January is late in the week', () => {
    expect(weekDates('2026-W01')).toEqual({ monday: '2025-12-29', sunday: '2026-01-04' });
    expect(weekDates('2021-W01')).toEqual({ monday: '2021-01-04', sunday: '2021-01-10' });
  });

  it('spans the new year in week 53', () => {
    expect(weekDates('2026-W53')).toEqual({ monday: '2026-12-28', sunday: '2027-01-03' });
  });

  it('throws on a malformed week', () => {
    expect(() => weekDates('2025-W53')).toThrow(RangeError);
  });
});

describe('weekRange', () => {
  it('is 168 hours between local midnights in an ordinary week', () => {
    const r = weekRange('2026-W10', 'Europe/London');
    expect(r).toEqual({ start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-03-09T00:00:00Z') });
  });

  it('is 167 hours in London when the clocks go forward (Sun 29 Mar 2026)', () => {
    const r = weekRange('2026-W13', 'Europe/London');
    expect(r).toEqual({ start: new Date('2026-03-23T00:00:00Z'), end: new Date('2026-03-29T23:00:00Z') });
    expect(hours(r)).toBe(167);
  });

  it('is 169 hours in Los Angeles when the clocks go back (Sun 1 Nov 2026, the last day of W44)', () => {
    const r = weekRange('2026-W44', 'America/Los_Angeles');
    expect(r).toEqual({ start: new Date('2026-10-26T07:00:00Z'), end: new Date('2026-11-02T08:00:00Z') });
    expect(hours(r)).toBe(169);
  });

  it('starts a week at the first real instant when DST skips local midnight', () => {
    // Chile springs forward at 00:00 on Sun 6 Sep 2026; W36 ends that night's Monday, W37 is unaffected.
    const r = weekRange('2026-W36', 'America/Santiago');
    expect(r.start).toEqual(new Date('2026-08-31T04:00:00Z'));
    expect(r.end).toEqual(new Date('2026-09-07T03:00:00Z'));
    expect(hours(r)).toBe(167);
  });

  it('crosses the year boundary', () => {
    expect(weekRange('2026-W53', 'Asia/Tokyo')).toEqual({ start: new Date('2026-12-27T15:00:00Z'), end: new Date('2027-01-03T15:00:00Z') });
  });

  it('throws on an unknown zone or a malformed week', () => {
    expect(() => weekRange('2026-W10', 'Mars/Olympus')).toThrow(RangeError);
    expect(() => weekRange('2026-13', 'UTC')).toThrow(RangeError);
  });
});

describe('previousIsoWeek', () => {
  it('is the week before the one containing the instant on the local wall clock', () => {
    // Mon 30 Mar 2026 06:30 UTC is 07:30 BST: W14 in London, so the report covers W13.
    expect(previousIsoWeek(new Date('2026-03-30T06:30:00Z'), 'Europe/London')).toBe('2026-W13');
    // The same instant is still Sunday 29 Mar 23:30 (W13) in Los Angeles.
    expect(previousIsoWeek(new Date('2026-03-30T06:30:00Z'), 'America/Los_Angeles')).toBe('2026-W12');
  });

  it('crosses year boundaries both ways', () => {
    expect(previousIsoWeek(new Date('2027-01-04T12:00:00Z'), 'UTC')).toBe('2026-W53');
    expect(previousIsoWeek(new Date('2026-01-05T12:00:00Z'), 'UTC')).toBe('2026-W01');
    expect(previousIsoWeek(new Date('2025-12-30T12:00:00Z'), 'UTC')).toBe('2025-W52');
    expect(previousIsoWeek(new Date('2021-01-04T12:00:00Z'), 'UTC')).toBe('2020-W53');
  });

  it('agrees with isoWeekAt one week earlier', () => {
    const at = new Date('2026-11-04T10:00:00Z');
    expect(previousIsoWeek(at, 'America/Los_Angeles')).toBe(isoWeekAt(new Date(at.getTime() - 7 * 86_400_000), 'America/Los_Angeles'));
  });
});

describe('weeklySlotAt', () => {
  it('is the local weekday and hour of the week containing the instant', () => {
    // Monday 08:00 BST in the week after the change is 07:00 UTC.
    expect(weeklySlotAt(new Date('2026-04-01T12:00:00Z'), 'Europe/London', 1, 8)).toEqual(new Date('2026-03-30T07:00:00Z'));
    expect(weeklySlotAt(new Date('2026-11-04T12:00:00Z'), 'America/Los_Angeles', 3, 17)).toEqual(new Date('2026-11-05T01:00:00Z'));
  });
});
