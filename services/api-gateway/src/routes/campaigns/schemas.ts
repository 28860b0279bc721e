import { CAMPAIGN_STATUSES, STEP_ACTIONS } from '@outreach/db';
import { validateTemplate } from '@outreach/domain';
import { z } from '../../http/openapi';
import { paginationQuery } from '../../http/pagination';
import { timeZone, timestamp } from '../../http/schemas';

const MAX_STEPS = 20;
// LinkedIn rejects messages longer than 8,000 characters; invites are checked tighter by validateTemplate.
const MAX_TEMPLATE_LENGTH = 8000;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (00:00–23:59)');

const isRealDate = (value: string): boolean => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

const holiday = z.string().refine(isRealDate, 'must be a real calendar date YYYY-MM-DD').openapi({ format: 'date', example: '2025-12-25' });

const workingDays = z
  .array(z.number().int().min(1, 'ISO weekdays run 1 (Monday) to 7 (Sunday)').max(7, 'ISO weekdays run 1 (Monday) to 7 (Sunday)'))
  .min(1, 'at least one working day')
  .refine((days) => new Set(days).size === days.length, 'weekdays must not repeat')
  .openapi({ example: [1, 2, 3, 4, 5], description: 'ISO weekdays, 1 = Monday … 7 = Sunday' });

// The end may be 24:00 (end of day): 00:00–24:00 is a window open all day.
const hhmmEnd = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time HH:MM (00:00–24:00)');

const workingHours = z
  .object({ start: hhmm, end: hhmmEnd })
  .strict()
  .refine((h) => h.start < h.end, { message: 'start must be before end', path: ['end'] })
  .openapi('WorkingHours', { example: { start: '09:00', end: '17:00' } });

const delay = z
  .union([
    z.object({ working_days: z.number().int().min(0).max(365) }).strict(),
    z.object({ minutes: z.number().int().min(0).max(525_600) }).strict(),
  ])
  .openapi('StepDelay', { description: 'Wait after the previous step: whole working days, or minutes' });

const stepInput = z
  .object({
    action: z.enum(STEP_ACTIONS),
    template: z.string().max(MAX_TEMPLATE_LENGTH),
    delay: delay.optional().openapi({ description: 'Defaults by position: 0, 3, 6, 9 working days (then +3 per step)' }),
    accept_timeout_days: z
      .number()
      .int()
      .min(1)
      .max(365)
      .optional()
      .openapi({ description: 'Invite only: withdraw when not accepted within this many days' }),
  })
  .strict()
  .openapi('CampaignStepInput');
export type StepInput = z.infer<typeof stepInput>;

const customFields = z
  .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a variable name (letters, digits, _)'))
  .max(100)
  .openapi({
    description:
      'Variables the leads of this campaign carry beyond the standard ones (extra CSV columns), so templates may use them. Stored; a PATCH without it checks templates against the stored list.',
  });

/** Fields both create and PATCH accept; create adds defaults, PATCH leaves absent fields alone. */
const campaignFields = {
  linkedin_account_id: z.uuid('must be a UUID'),
  name: z.string().trim().min(1).max(200),
  timezone: timeZone,
  working_days: workingDays,
  working_hours: workingHours,
  holidays: z.array(holiday).max(1000),
  message_first_degree: z.boolean(),
  custom_fields: customFields,
  steps: z.array(stepInput).max(MAX_STEPS),
};

type StepsBody = { steps?: readonly unknown[]; custom_fields?: readonly unknown[] };
type StepShape = Pick<StepInput, 'action' | 'template' | 'accept_timeout_days'>;

// A step whose own fields failed elsewhere (an unknown key, a bad delay) is still checked when its
// action and template are usable, so the same 400 names its template problems too.
const hasStepShape = (v: unknown): v is StepShape =>
  typeof v === 'object' && v !== null && STEP_ACTIONS.includes((v as StepShape).action) && typeof (v as StepShape).template === 'string';

/**
 * Step rules that need the position (an invite only first) or a sibling field (custom fields).
 * The per-step rules run here too, so one 400 reports them all; each at `steps.N.<field>`.
 */
function checkSteps(body: StepsBody, ctx: z.RefinementCtx): void {
  checkStepList(body.steps ?? [], body.custom_fields, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
}

/**
 * The step rules, reporting each problem at `steps.N.<field>`. With `customFields` undefined the
 * variables are not checked here: a PATCH checks them against the stored list (see campaigns.ts).
 */
export function checkStepList(
  steps: readonly unknown[],
  customFieldList: readonly unknown[] | undefined,
  report: (path: Array<string | number>, message: string) => void,
): void {
  const customFields = (customFieldList ?? []).filter((f): f is string => typeof f === 'string');
  for (const [i, step] of steps.entries()) {
    if (!hasStepShape(step)) continue;
    const issue = (field: string, message: string) => report(['steps', i, field], message);
    if (step.action === 'invite' && i > 0) issue('action', 'an invite can only be the first step');
    if (step.action === 'message' && step.template.trim() === '') issue('template', 'a message step needs a template');
    if (step.action === 'message' && step.accept_timeout_days !== undefined)
      issue('accept_timeout_days', 'only an invite step has an accept timeout');
    for (const problem of validateTemplate(step.template, { action: step.action, customFields })) {
      if (problem.code === 'unknown_variable' && customFieldList === undefined) continue;
      issue('template', problem.message);
    }
  }
}

// Runs even when other fields failed, so one 400 names every bad field. It needs only the step
// list and the custom field list to be arrays; their elements are checked defensively.
const stepsParsed = {
  when: (payload: z.core.ParsePayload): boolean =>
    typeof payload.value === 'object' &&
    payload.value !== null &&
    !Array.isArray(payload.value) &&
    !payload.issues.some((i) => i.path?.length === 1 && (i.path[0] === 'steps' || i.path[0] === 'custom_fields')),
};

export const campaignInput = z
  .object({
    client_id: z.uuid('must be a UUID').optional().openapi({ description: 'Admins only: the client to create in' }),
    ...campaignFields,
    timezone: timeZone.optional().openapi({ description: "IANA zone; defaults to the account's" }),
    working_days: workingDays.default([1, 2, 3, 4, 5]),
    working_hours: workingHours.default({ start: '09:00', end: '17:00' }),
    holidays: campaignFields.holidays.default([]),
    message_first_degree: z.boolean().default(true),
    custom_fields: customFields.default([]),
    steps: campaignFields.steps.default([]),
  })
  .strict()
  .superRefine(checkSteps, stepsParsed)
  .openapi('CampaignInput');
export type CampaignInput = z.infer<typeof campaignInput>;

export const campaignPatch = z
  .object(campaignFields)
  .partial()
  .strict()
  .superRefine(checkSteps, stepsParsed)
  .openapi('CampaignPatch', { description: '`steps`, when given, replace the whole sequence' });
export type CampaignPatch = z.infer<typeof campaignPatch>;

const stepOutput = z
  .object({
    action: z.enum(STEP_ACTIONS),
    template: z.string(),
    delay,
    accept_timeout_days: z.number().int().optional(),
  })
  .openapi('CampaignStep');

export const campaignSchema = z
  .object({
    id: z.uuid(),
    client_id: z.uuid(),
    linkedin_account_id: z.uuid(),
    name: z.string(),
    status: z.enum(CAMPAIGN_STATUSES),
    timezone: z.string(),
    working_days: z.array(z.number().int()),
    working_hours: workingHours,
    holidays: z.array(z.string()),
    message_first_degree: z.boolean(),
    custom_fields: z.array(z.string()),
    steps: z.array(stepOutput),
    started_at: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Campaign');

export const campaignListQuery = z
  .object({
    ...paginationQuery,
    client_id: z.uuid('must be a UUID').optional().openapi({ description: 'Admins: only this client' }),
    status: z.enum(CAMPAIGN_STATUSES).optional(),
  })
  .strict();
