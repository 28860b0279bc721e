import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';

/** Length of the rolling invite window: today and the six local days before it. */
export const WEEK_DAYS = 7;

/** The calendar day (YYYY-MM-DD) that `instant` falls on in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  return formatInTimeZone(instant, timeZone, 'yyyy-MM-dd');
}

function toUtcMidnight(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new Error(`not a YYYY-MM-DD day: ${day}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/**
 * Calendar arithmetic on a day string. Done in UTC on purpose: a calendar date has no zone, and
 * adding 24 h in the account's zone would drift across DST changes.
 */
export function addDays(day: string, days: number): string {
  return new Date(toUtcMidnight(day) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMidnight(to) - toUtcMidnight(from)) / 86_400_000);
}

/** `[day, day-1, …, day-6]`: the rolling week that ends on `day`, newest first. */
export function weekEndingOn(day: string): string[] {
  return Array.from({ length: WEEK_DAYS }, (_, i) => addDays(day, -i));
}

/** The instant the next local day starts in `timeZone` (when daily and weekly caps move on). */
export function nextLocalMidnight(instant: Date, timeZone: string): Date {
  return fromZonedTime(`${addDays(localDay(instant, timeZone), 1)}T00:00:00`, timeZone);
}
