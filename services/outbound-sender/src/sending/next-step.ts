import { dueAt, stepDelay } from '@outreach/domain';
import type { LockedInput } from './types';

/** When the step after this one is due; `now` past the last step, so the sequencer closes the lead. */
export function nextStepAt(input: Pick<LockedInput, 'ctx' | 'payload' | 'calendar'>, now: Date): Date {
  const next = input.ctx.steps.find((s) => s.position === input.payload.step + 1);
  if (!next || next.action === 'invite') return now;
  return dueAt(input.calendar, now, stepDelay(next));
}
