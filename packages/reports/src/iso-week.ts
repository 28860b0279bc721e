import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';

// Calendar arithmetic on `YYYY-MM-DD` strings through UTC dates: no zone, no DST, no server clock.
const DAY_MS = 86_400_000;
const toUtc = (date: string): Date => new Date(`${date}T00:00:00Z`);
const fromUtc = (d: Date): string => d.toISOString().slice(0, 10);
const addDays = (date: string, days: number): string => fromUtc(new Date(toUtc(date).getTime() + days * DAY_MS));
/** ISO weekday, 1 = Monday … 7 = Sunday. */
const isoWeekday = (date: string): number => toUtc(date).getUTCDay() || 7;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The Monday of ISO week 1: the week holding 4 January (the year's first Thursday). */
function mondayOfWeekOne(year: number): string {
  const jan4 = `${pad(year, 4)}-01-04`;
  return addDays(jan4, 1 - isoWeekday(jan4));
}

/** 52 or 53: 28 December always lies in a year's last ISO week. */
export function isoWeeksInYear(year: number): number {
  return isoWeekOfDate(`${pad(year, 4)}-12-28`).week;
}

/** The ISO week a calendar date belongs to (its Thursday decides the year). */
function isoWeekOfDate(date: string): { year: number; week: number } {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((toUtc(thursday).getTime() - toUtc(`${thursday.slice(0, 4)}-01-01`).getTime()) / DAY_MS / 7) + 1;
  return { year, week };
}

/** `2026-W05` from its parts. */
export function formatIsoWeek(year: number, week: number): string {
  return `${pad(year, 4)}-W${pad(week, 2)}`;
}

/**
 * Parses `YYYY-Www` (ISO week). Returns null when malformed, for week 0, and for week 53 of a year
 * that has only 52 ISO weeks.
 */
export function parseIsoWeek(week: string): { year: number; week: number } | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) return null;
  const year = Number(match[1]);
  const n = Number(match[2]);
  if (year < 1 || n < 1 || n > isoWeeksInYear(year)) return null;
  return { year, week: n };
}

/** The local calendar dates (`YYYY-MM-DD`) of an ISO week's Monday and Sunday. Throws on a malformed week. */
export function weekDates(week: string): { monday: string; sunday: string } {
  const parsed = parseIsoWeek(week);
  if (!parsed) throw new RangeError(`not an ISO week: ${JSON.stringify(week)}`);
  const monday = addDays(mondayOfWeekOne(parsed.year), (parsed.week - 1) * 7);
  return { monday, sunday: addDays(monday, 6) };
}

/**
 * The first instant of a local calendar day. Where a DST jump skips local midnight (it happens on
 * a few zones' change days), the day starts when the clocks land, so the 00:00 wall time that
 * date-fns-tz would resolve into the previous day is pushed forward to the first instant that is
 * really on `date`.
 */
function startOfLocalDay(date: string, timezone: string): Date {
  const candidate = fromZonedTime(`${date}T00:00:00`, timezone);
  if (Number.isNaN(candidate.getTime())) throw new RangeError(`unknown time zone: ${JSON.stringify(timezone)}`);
  let at = candidate;
  // Gaps are whole quarter hours in every zone in use; two hours of steps covers the largest.
  for (let i = 0; i < 8 && formatInTimeZone(at, timezone, 'yyyy-MM-dd') < date; i += 1) {
    at = new Date(at.getTime() + 15 * 60_000);
  }
  return at;
}

/**
 * The instants bounding an ISO week in `timezone`: local Monday 00:00 (inclusive) to the next
 * Monday 00:00 (exclusive). A week holding a DST change lasts 167 or 169 hours. Throws RangeError
 * for a malformed week or an unknown zone.
 */
export function weekRange(week: string, timezone: string): { start: Date; end: Date } {
  const { monday } = weekDates(week);
  return { start: startOfLocalDay(monday, timezone), end: startOfLocalDay(addDays(monday, 7), timezone) };
}

/** The ISO week containing the instant `at`, read on the wall clock of `timezone`. */
export function isoWeekAt(at: Date, timezone: string): string {
  const { year, week } = isoWeekOfDate(formatInTimeZone(at, timezone, 'yyyy-MM-dd'));
  return formatIsoWeek(year, week);
}

/**
 * The ISO week before the one containing `at` in `timezone`: the Monday–Sunday a report sent
 * during the week of `at` covers.
 */
export function previousIsoWeek(at: Date, timezone: string): string {
  const { year, week } = isoWeekOfDate(addDays(formatInTimeZone(at, timezone, 'yyyy-MM-dd'), -7));
  return formatIsoWeek(year, week);
}

/**
 * The instant of a weekly slot (ISO `weekday` 1–7 at local `hour` 0–23) in the ISO week that
 * contains `at`, in `timezone`. An hour skipped by a DST jump resolves to within an hour of it.
 */
export function weeklySlotAt(at: Date, timezone: string, weekday: number, hour: number): Date {
  const { monday } = weekDates(isoWeekAt(at, timezone));
  return fromZonedTime(`${addDays(monday, weekday - 1)}T${pad(hour, 2)}:00:00`, timezone);
}
