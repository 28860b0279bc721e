import { addDays, daysBetween, localDay, nextLocalMidnight, weekEndingOn } from './days';

describe('day arithmetic', () => {
  it('adds calendar days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(daysBetween('2024-02-25', '2024-03-02')).toBe(6);
  });

  it('lists the rolling week newest first', () => {
    expect(weekEndingOn('2024-03-03')).toEqual([
      '2024-03-03',
      '2024-03-02',
      '2024-03-01',
      '2024-02-29',
      '2024-02-28',
      '2024-02-27',
      '2024-02-26',
    ]);
  });

  it('rejects a malformed day', () => {
    expect(() => addDays('2024-3-1', 1)).toThrow('not a YYYY-MM-DD day');
  });
});

describe('local days and midnights', () => {
  it.each([
    // zone, instant, local day, next local midnight
    ['Asia/Kolkata', '2024-03-10T18:29:00Z', '2024-03-10', '2024-03-10T18:30:00.000Z'], // 23:59 IST
    ['Asia/Kolkata', '2024-03-10T18:31:00Z', '2024-03-11', '2024-03-11T18:30:00.000Z'], // 00:01 IST
    ['America/Los_Angeles', '2024-03-10T07:59:00Z', '2024-03-09', '2024-03-10T08:00:00.000Z'], // 23:59 PST, DST starts that night
    ['America/Los_Angeles', '2024-03-11T06:59:00Z', '2024-03-10', '2024-03-11T07:00:00.000Z'], // 23:59 PDT: a 23-hour day
    ['America/Los_Angeles', '2024-11-03T07:30:00Z', '2024-11-03', '2024-11-04T08:00:00.000Z'], // 00:30 PDT: a 25-hour day
    ['UTC', '2024-12-31T23:59:59Z', '2024-12-31', '2025-01-01T00:00:00.000Z'],
  ])('in %s, %s is on %s and the next day starts at %s', (zone, instant, day, midnight) => {
    expect(localDay(new Date(instant), zone)).toBe(day);
    expect(nextLocalMidnight(new Date(instant), zone).toISOString()).toBe(midnight);
  });
});
