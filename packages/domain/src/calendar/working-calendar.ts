import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';

/** A campaign's working window: when anything may be sent, in its own time zone. */
export interface WorkingCalendar {
  /** IANA zone, e.g. Europe/London. */
  timezone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingDays: readonly number[];
  /** Local wall-clock times, `HH:MM`, start inclusive, end exclusive. */
  hours: { start: string; end: string };
  /** Local dates `YYYY-MM-DD` on which nothing is sent. */
  holidays: readonly string[];
}

export type StepDelay = { working_days: number } | { minutes: number };

// A calendar that has no open day within this many days is treated as closed for good.
const SEARCH_DAYS = 800;

const localDate = (cal: WorkingCalendar, at: Date): string => formatInTimeZone(at, cal.timezone, 'yyyy-MM-dd');
const localTime = (cal: WorkingCalendar, at: Date): string => formatInTimeZone(at, cal.timezone, 'HH:mm');
const wallClock = (cal: WorkingCalendar, at: Date): string => formatInTimeZone(at, cal.timezone, "yyyy-MM-dd'T'HH:mm:ss");

// The longest wall-clock jump there has been (Samoa skipped a whole day in 2011), with room to spare.
const LONGEST_JUMP_MS = 26 * 3600_000;

/**
 * The instant a local wall-clock time names. `24:00` is the end of the day, so hours 00:00–24:00
 * mean "all day". A time skipped by a DST jump (02:30 on a night that goes 02:00 → 03:00) names the
 * first instant that exists after it: the jump itself. date-fns-tz answers such a time with the
 * offset from before the jump, an instant an hour EARLY (01:30): a window starting in the gap would
 * then open before its time.
 */
function instant(cal: WorkingCalendar, date: string, time: string): Date {
  const wall = time === '24:00' ? `${nextDate(date)}T00:00:00` : `${date}T${time}:00`;
  const guess = fromZonedTime(wall, cal.timezone);
  if (wallClock(cal, guess) >= wall) return guess;
  // Binary search for the jump: before it the local clock reads earlier than `wall`, after it later.
  let lo = guess.getTime();
  let hi = lo + LONGEST_JUMP_MS;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (wallClock(cal, new Date(mid)) >= wall) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** The calendar date after `date` (pure date arithmetic, no zone involved). */
function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday) of a calendar date. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Whether a local date is a working day: a working weekday and not a holiday. */
export function isWorkingDate(cal: WorkingCalendar, date: string): boolean {
  return cal.workingDays.includes(isoWeekday(date)) && !cal.holidays.includes(date);
}

/** Whether `at` falls inside the calendar's window. */
export function isOpen(cal: WorkingCalendar, at: Date): boolean {
  const date = localDate(cal, at);
  if (!isWorkingDate(cal, date)) return false;
  return at >= instant(cal, date, cal.hours.start) && at < instant(cal, date, cal.hours.end);
}

/**
 * The earliest instant at or after `from` inside the window: `from` itself when open, else the
 * start of the next working day's hours. Throws for a calendar with no open day ahead.
 */
export function nextOpenAt(cal: WorkingCalendar, from: Date): Date {
  let date = localDate(cal, from);
  for (let i = 0; i < SEARCH_DAYS; i += 1, date = nextDate(date)) {
    if (!isWorkingDate(cal, date)) continue;
    const start = instant(cal, date, cal.hours.start);
    const end = instant(cal, date, cal.hours.end);
    // Hours wholly inside a skipped stretch (a day a zone jumped over) leave nothing open that day.
    if (start >= end) continue;
    if (from < start) return start;
    if (from < end) return from;
  }
  throw new Error(`calendar in ${cal.timezone} has no open moment within ${SEARCH_DAYS} days`);
}

/**
 * When a step whose delay counts from `from` becomes due.
 * - `{minutes}`: that many minutes later, then the next open moment.
 * - `{working_days: 0}`: the next open moment (e.g. right after an acceptance).
 * - `{working_days: n}`: the n-th working day after `from`'s local date, at `from`'s local time
 *   of day, moved into that day's hours (to the start when the time is outside them). DST changes
 *   in between do not shift the wall-clock time.
 */
export function dueAt(cal: WorkingCalendar, from: Date, delay: StepDelay): Date {
  if ('minutes' in delay) return nextOpenAt(cal, new Date(from.getTime() + delay.minutes * 60_000));
  if (delay.working_days <= 0) return nextOpenAt(cal, from);
  let date = localDate(cal, from);
  let counted = 0;
  for (let i = 0; counted < delay.working_days; i += 1) {
    if (i > SEARCH_DAYS) throw new Error(`calendar in ${cal.timezone} has too few working days ahead`);
    date = nextDate(date);
    if (isWorkingDate(cal, date)) counted += 1;
  }
  const time = localTime(cal, from);
  const inHours = time >= cal.hours.start && time < cal.hours.end;
  return instant(cal, date, inHours ? time : cal.hours.start);
}
