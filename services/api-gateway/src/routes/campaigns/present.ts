import type { campaigns, sequenceSteps } from '@outreach/db';
import type { StepInput } from './schemas';

export type CampaignRow = typeof campaigns.$inferSelect;
export type StepRow = typeof sequenceSteps.$inferSelect;
type StepValues = Pick<StepRow, 'position' | 'action' | 'template' | 'delayWorkingDays' | 'delayMinutes' | 'acceptTimeoutDays'>;

// The default sequence spacing: 0 / 3 / 6 / 9 working days by position, continued in
// steps of 3 for longer sequences.
const DEFAULT_DELAY_STEP_WORKING_DAYS = 3;

/** The delay a step gets when its input gives none: by position (0, 3, 6, 9 … working days). */
export const defaultDelayWorkingDays = (position: number): number => position * DEFAULT_DELAY_STEP_WORKING_DAYS;

/** Step inputs as `sequence_steps` values (positions from 0), default delays filled in. */
export function stepValues(steps: StepInput[]): StepValues[] {
  return steps.map((step, position) => {
    const delay = step.delay ?? { working_days: defaultDelayWorkingDays(position) };
    return {
      position,
      action: step.action,
      template: step.template,
      delayWorkingDays: 'working_days' in delay ? delay.working_days : null,
      delayMinutes: 'minutes' in delay ? delay.minutes : null,
      acceptTimeoutDays: step.accept_timeout_days ?? null,
    };
  });
}

/** A stored step in the shape the API accepts, so a GET can be edited and PATCHed back. */
export function presentStep(step: StepRow) {
  return {
    action: step.action,
    template: step.template,
    delay: step.delayMinutes !== null ? { minutes: step.delayMinutes } : { working_days: step.delayWorkingDays ?? 0 },
    ...(step.acceptTimeoutDays !== null ? { accept_timeout_days: step.acceptTimeoutDays } : {}),
  };
}

/** A campaign as the API returns it, with its steps in order. */
export function presentCampaign(c: CampaignRow, steps: StepRow[]) {
  return {
    id: c.id,
    client_id: c.clientId,
    linkedin_account_id: c.linkedinAccountId,
    name: c.name,
    status: c.status,
    timezone: c.timezone,
    working_days: c.workingDays,
    working_hours: { start: c.workingHoursStart, end: c.workingHoursEnd },
    holidays: c.holidays,
    message_first_degree: c.messageFirstDegree,
    custom_fields: c.customFields,
    steps: [...steps].sort((a, b) => a.position - b.position).map(presentStep),
    started_at: c.startedAt ? c.startedAt.toISOString() : null,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}
