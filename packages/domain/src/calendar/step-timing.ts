import { nextOpenAt, type StepDelay, type WorkingCalendar } from './working-calendar';

const DAY_MS = 24 * 3600 * 1000;

/** A sequence step's delay as the calendar reads it: minutes when set, else working days (0 = next open moment). */
export function stepDelay(step: { delayWorkingDays: number | null; delayMinutes: number | null }): StepDelay {
  if (step.delayMinutes !== null && step.delayMinutes !== undefined) return { minutes: step.delayMinutes };
  return { working_days: step.delayWorkingDays ?? 0 };
}

/**
 * When an unanswered invitation is withdrawn: `timeoutDays` calendar days after it was sent (LinkedIn
 * counts days, not working days), moved to the next open moment because a withdrawal is an action too.
 */
export function withdrawalDueAt(cal: WorkingCalendar, inviteSentAt: Date, timeoutDays: number): Date {
  return nextOpenAt(cal, new Date(inviteSentAt.getTime() + timeoutDays * DAY_MS));
}
