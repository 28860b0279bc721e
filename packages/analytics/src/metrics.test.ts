import {
  localBuckets,
  localDateRange,
  percentile,
  median,
  rate,
  rateWithInterval,
  resolveWindow,
  wilsonInterval,
  bucketIndexOf,
} from './index';

const HOUR = 3_600_000;

describe('percentile', () => {
  const gaps = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  it('gives p50 5.5 and p90 9.1 on 1…10', () => {
    expect(percentile(gaps, 0.5)).toBeCloseTo(5.5, 10);
    expect(percentile(gaps, 0.9)).toBeCloseTo(9.1, 10);
  });
  it('is the median (mean of the two middles) at 0.5 and null on nothing', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });
  it('refuses p outside [0, 1]', () => {
    expect(() => percentile([1], 1.5)).toThrow('[0, 1]');
  });
});

describe('rate', () => {
  it('names its denominator and is null on an empty one', () => {
    expect(rate(3, 12, 'leads_contacted')).toEqual({ num: 3, den: 12, den_name: 'leads_contacted', value: 0.25 });
    expect(rate(0, 0, 'invites_sent').value).toBeNull();
  });
  it('gives the Wilson 95 % interval', () => {
    // 10 of 100: the textbook interval [0.0552, 0.1744].
    const [lo, hi] = wilsonInterval(10, 100) as [number, number];
    expect(lo).toBeCloseTo(0.0552, 4);
    expect(hi).toBeCloseTo(0.1744, 4);
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(rateWithInterval(0, 5, 'x').ci95?.[0]).toBe(0);
  });
});

describe('local buckets', () => {
  it('gives America/New_York a 23-hour day when DST starts and a 25-hour day when it ends', () => {
    const spring = localBuckets('2026-03-07', '2026-03-09', 'America/New_York', 'day');
    expect(spring.map((b) => (b.end.getTime() - b.start.getTime()) / HOUR)).toEqual([24, 23, 24]);
    const autumn = localBuckets('2026-11-01', '2026-11-01', 'America/New_York', 'day');
    expect((autumn[0]!.end.getTime() - autumn[0]!.start.getTime()) / HOUR).toBe(25);
    expect(localBuckets('2026-03-08', '2026-03-08', 'America/New_York', 'hour')).toHaveLength(23);
  });
  it('starts +05:30 days at 18:30 UTC and splits them into 24 hours', () => {
    const [day] = localBuckets('2026-06-10', '2026-06-10', 'Asia/Kolkata', 'day');
    expect(day!.start.toISOString()).toBe('2026-06-09T18:30:00.000Z');
    const hours = localBuckets('2026-06-10', '2026-06-10', 'Asia/Kolkata', 'hour');
    expect(hours).toHaveLength(24);
    expect(hours[0]!.key).toBe('2026-06-10T00:00+05:30');
  });
  it('cuts ISO weeks to the window and keys them by their Monday', () => {
    const weeks = localBuckets('2026-06-10', '2026-06-16', 'UTC', 'week');
    expect(weeks.map((w) => w.key)).toEqual(['2026-06-08', '2026-06-15']);
    expect(weeks[0]!.start.toISOString()).toBe('2026-06-10T00:00:00.000Z');
    expect(weeks[1]!.end.toISOString()).toBe('2026-06-17T00:00:00.000Z');
  });
  it('finds the bucket of an instant', () => {
    const days = localBuckets('2026-03-07', '2026-03-09', 'America/New_York', 'day');
    expect(bucketIndexOf(days, new Date('2026-03-08T04:59:59Z'))).toBe(0);
    expect(bucketIndexOf(days, new Date('2026-03-08T05:00:00Z'))).toBe(1);
    expect(bucketIndexOf(days, new Date('2026-03-12T00:00:00Z'))).toBe(-1);
  });
  it('resolves days=N to the last N local days ending today', () => {
    const w = resolveWindow({ days: 7 }, 'Asia/Kolkata', new Date('2026-06-10T20:00:00Z'));
    expect([w.from, w.to]).toEqual(['2026-06-05', '2026-06-11']);
    expect(w.hi).toEqual(localDateRange('2026-06-11', '2026-06-11', 'Asia/Kolkata').hi);
  });
});
