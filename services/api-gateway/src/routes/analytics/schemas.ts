import { addLocalDays, isLocalDate, resolveWindow } from '@outreach/analytics';
import { z } from '../../http/openapi';
import { timeZone } from '../../http/schemas';

const localDate = z.string().max(10).refine(isLocalDate, 'must be a local date YYYY-MM-DD');
/** The longest window one query may cover (bounds the work of a single request). */
export const MAX_WINDOW_DAYS = 366;

/** `from`/`to` (local dates, inclusive) or `days` (default 30), and `tz`. */
export const windowQuery = z
  .object({
    from: localDate.optional().openapi({ description: 'First local date, inclusive', example: '2026-03-01' }),
    to: localDate.optional().openapi({ description: 'Last local date, inclusive (default: today)', example: '2026-03-31' }),
    days: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_WINDOW_DAYS)
      .optional()
      .openapi({ description: 'The last N local days ending `to` (default 30)' }),
    tz: timeZone.optional().openapi({ description: "IANA zone of the local dates (default: the campaign's)" }),
  })
  .strict()
  .refine((q) => !(q.from && q.to && q.days), { message: 'give from/to or days, not all three', path: ['days'] })
  .refine((q) => !(q.from && q.to) || (q.from <= q.to && addLocalDays(q.from, MAX_WINDOW_DAYS - 1) >= q.to), {
    message: `from must not be after to, and the window at most ${MAX_WINDOW_DAYS} days`,
    path: ['to'],
  });
export type WindowQueryInput = z.infer<typeof windowQuery>;

export const timeseriesQuery = z
  .object({
    from: localDate.optional(),
    to: localDate.optional(),
    days: z.coerce.number().int().min(1).max(MAX_WINDOW_DAYS).optional(),
    tz: timeZone.optional(),
    interval: z.enum(['hour', 'day', 'week']).default('day'),
  })
  .strict()
  .refine((q) => !(q.from && q.to) || (q.from <= q.to && addLocalDays(q.from, MAX_WINDOW_DAYS - 1) >= q.to), {
    message: 'from must not be after to, window at most 366 days',
    path: ['to'],
  })
  .refine((q) => q.interval !== 'hour' || (q.days ?? 30) <= 31, { message: 'hourly series cover at most 31 days', path: ['interval'] });

export const funnelQuery = z
  .object({
    from: localDate.optional(),
    to: localDate.optional(),
    days: z.coerce.number().int().min(1).max(MAX_WINDOW_DAYS).optional(),
    tz: timeZone.optional(),
    mode: z.enum(['cohort', 'activity']).default('cohort'),
  })
  .strict();

/** The window a query covers in a zone, checked against the largest allowed span. */
export function windowOf(q: { from?: string; to?: string; days?: number }, tz: string, now: Date) {
  return resolveWindow(q, tz, now);
}

export const rateSchema = z
  .object({ num: z.number(), den: z.number(), den_name: z.string(), value: z.number().nullable() })
  .openapi('Rate', { description: 'num ÷ den; value is null when den is 0; den_name names the denominator' });

/** What every analytics answer echoes: the zone, the instants covered and when it was computed. */
export const windowEcho = {
  tz: z.string(),
  from: z.string().openapi({ description: 'First local date' }),
  to: z.string().openapi({ description: 'Last local date' }),
  lo: z.string().openapi({ format: 'date-time', description: 'Start instant, inclusive' }),
  hi: z.string().openapi({ format: 'date-time', description: 'End instant, exclusive' }),
  as_of: z.string().openapi({ format: 'date-time' }),
};

export const countsSchema = z.object({
  invites_sent: z.number(),
  invites_accepted: z.number(),
  invites_failed: z.number(),
  invites_withdrawn: z.number(),
  messages_sent: z.number(),
  messages_failed: z.number(),
  replies: z.number(),
  leads_replied: z.number(),
  leads_contacted: z.number(),
});

export const summarySchema = z
  .object({
    ...windowEcho,
    campaign_id: z.string(),
    totals: countsSchema,
    last_activity_at: z.string().nullable(),
    reply_rate: rateSchema,
    acceptance_rate: rateSchema,
    last_7_days: z.array(
      z.object({
        date: z.string(),
        invites_sent: z.number(),
        acceptances: z.number(),
        messages_sent: z.number(),
        replies_received: z.number(),
      }),
    ),
    snapshot: z.object({ label: z.literal('current lead status, not a window figure'), by_status: z.record(z.string(), z.number()) }),
  })
  .openapi('CampaignSummary');

export const seriesPointSchema = z.object({
  bucket: z.string(),
  start: z.string(),
  end: z.string(),
  invites_sent: z.number(),
  acceptances: z.number(),
  messages_sent: z.number(),
  replies_received: z.number(),
});

export const timeseriesSchema = z
  .object({ ...windowEcho, campaign_id: z.string(), interval: z.enum(['hour', 'day', 'week']), points: z.array(seriesPointSchema) })
  .openapi('CampaignTimeseries');

const delaySchema = z.object({ n: z.number(), p50_hours: z.number().nullable(), p90_hours: z.number().nullable() });
export const repliesSchema = z
  .object({
    ...windowEcho,
    campaign_id: z.string(),
    time_to_first_reply: z.object({ from_first_message: delaySchema, from_invite: delaySchema, replied_before_first_message: z.number() }),
    by_step: z.array(z.object({ step: z.string(), replies: z.number(), rate: rateSchema })),
    by_account: z.array(z.object({ linkedin_account_id: z.string().nullable(), reply_rate: rateSchema })),
  })
  .openapi('CampaignReplies');

export const funnelSchema = z
  .object({
    ...windowEcho,
    campaign_id: z.string(),
    mode: z.enum(['cohort', 'activity']),
    stages: z.object({
      invited: z.number(),
      already_connected: z.number().optional(),
      accepted: z.number(),
      messaged: z.number(),
      replied: z.number(),
    }),
    rates: z
      .object({ acceptance: rateSchema, reply: rateSchema })
      .nullable()
      .openapi({ description: 'Cohort only; null in activity mode (stages are not subsets)' }),
  })
  .openapi('CampaignFunnel');
