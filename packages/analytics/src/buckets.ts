import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';

export type Interval = 'hour' | 'day' | 'week';

/** A half-open instant range `[lo, hi)`. */
export interface InstantRange {
  lo: Date;
  hi: Date;
}

/** One bucket of a time series: its local label and the instants it covers, `[start, end)`. */
export interface Bucket {
  /** Local date `YYYY-MM-DD` (day, week: its Monday) or local `YYYY-MM-DDTHH:mm±hh:mm` (hour). */
  key: string;
  start: Date;
  end: Date;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isLocalDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** True when the runtime knows the IANA zone. */
export function isTimeZone(tz: string): boolean {
  if (tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `date` plus `days` calendar days (dates, not instants: no DST involved). */
export function addLocalDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The local calendar date of an instant in a zone. */
export function localDateOf(at: Date, tz: string): string {
  return formatInTimeZone(at, tz, 'yyyy-MM-dd');
}

/** The instant a local date starts in a zone (its first existing minute when midnight is skipped). */
export function localDayStart(date: string, tz: string): Date {
  return fromZonedTime(`${date}T00:00:00`, tz);
}

/** The instants of local dates `from`…`to` (both inclusive): `[from 00:00, to + 1 day 00:00)`. */
export function localDateRange(from: string, to: string, tz: string): InstantRange {
  return { lo: localDayStart(from, tz), hi: localDayStart(addLocalDays(to, 1), tz) };
}

/** ISO weekday of a local date, 1 = Monday. */
function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

function dayBuckets(from: string, to: string, tz: string): Bucket[] {
  const out: Bucket[] = [];
  for (let d = from; d <= to; d = addLocalDays(d, 1)) {
    out.push({ key: d, start: localDayStart(d, tz), end: localDayStart(addLocalDays(d, 1), tz) });
  }
  return out;
}

function weekBuckets(from: string, to: string, tz: string): Bucket[] {
  const out: Bucket[] = [];
  const end = addLocalDays(to, 1);
  for (let monday = addLocalDays(from, 1 - isoWeekday(from)); monday < end; monday = addLocalDays(monday, 7)) {
    // The first and last weeks are cut to the window so no bucket counts outside [lo, hi).
    const first = monday < from ? from : monday;
    const next = addLocalDays(monday, 7);
    const last = next > end ? end : next;
    out.push({ key: monday, start: localDayStart(first, tz), end: localDayStart(last, tz) });
  }
  return out;
}

function hourBuckets(range: InstantRange, tz: string): Bucket[] {
  const out: Bucket[] = [];
  // A local hour is always 60 real minutes; a DST day simply has 23 or 25 of them.
  for (let t = range.lo.getTime(); t < range.hi.getTime(); t += 3_600_000) {
    const start = new Date(t);
    out.push({
      key: formatInTimeZone(start, tz, "yyyy-MM-dd'T'HH:mmxxx"),
      start,
      end: new Date(Math.min(t + 3_600_000, range.hi.getTime())),
    });
  }
  return out;
}

/**
 * The buckets of local dates `from`…`to` in `tz`, in order, covering `[from 00:00, to + 1 00:00)`
 * exactly once. Days follow the zone's calendar (23 or 25 hours across DST); weeks are ISO weeks
 * keyed by their Monday, cut to the window.
 */
export function localBuckets(from: string, to: string, tz: string, interval: Interval): Bucket[] {
  if (interval === 'day') return dayBuckets(from, to, tz);
  if (interval === 'week') return weekBuckets(from, to, tz);
  return hourBuckets(localDateRange(from, to, tz), tz);
}

/** Index of the bucket holding `at` (buckets sorted and contiguous), or -1 outside them. */
export function bucketIndexOf(buckets: readonly Bucket[], at: Date): number {
  const t = at.getTime();
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = buckets[mid] as Bucket;
    if (t < b.start.getTime()) hi = mid - 1;
    else if (t >= b.end.getTime()) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * The rollup's slot length. Rollups are kept per quarter hour, not per UTC hour, so that the local
 * hours (and so the local days) of every zone in use, +05:30 and +05:45 included, are exact sums of
 * slots: no zone's hour starts at a minute other than :00, :15, :30 or :45.
 */
export const ROLLUP_SLOT_MINUTES = 15;

/** The local-date window of a query: explicit `from`/`to`, or the last `days` days ending today. */
export interface WindowQuery {
  from?: string;
  to?: string;
  days?: number;
}

/** Resolves a {@link WindowQuery} in a zone at `now`: local dates and the instants they cover. */
export function resolveWindow(query: WindowQuery, tz: string, now: Date, defaultDays = 30): { from: string; to: string } & InstantRange {
  const to = query.to ?? (query.from && query.days ? addLocalDays(query.from, query.days - 1) : localDateOf(now, tz));
  const from = query.from ?? addLocalDays(to, -((query.days ?? defaultDays) - 1));
  return { from, to, ...localDateRange(from, to, tz) };
}
