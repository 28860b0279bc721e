import { z } from '../../http/openapi';
import { timeZone } from '../../http/schemas';
import { rateSchema, windowEcho } from './schemas';

export const rateUsageQuery = z
  .object({ days: z.coerce.number().int().min(1).max(90).default(7).openapi({ description: 'Account-local days ending today' }) })
  .strict();

const usageSchema = z.object({ used: z.number(), limit: z.number(), utilisation: rateSchema });
export const rateUsageSchema = z
  .object({
    ...windowEcho,
    linkedin_account_id: z.string(),
    days: z.array(
      z.object({
        date: z.string(),
        invites: usageSchema.openapi({
          description: 'Used against the daily cap in force at the end of that day (warm-up and safety ceilings applied)',
        }),
        messages: usageSchema,
        profile_views: usageSchema,
        unipile_429s: z
          .number()
          .openapi({ description: '`rate_limited` events of the day (Unipile 429, cannot_resend_yet, limit_exceeded)' }),
        weekly_invite_limit: z.number().openapi({ description: 'The weekly invite cap in force at the end of the day' }),
        deferrals_by_cap: z
          .object({
            daily_cap: z.number(),
            weekly_cap: z.number(),
            spacing: z.number(),
            window_closed: z.number(),
            cooldown: z.number(),
          })
          .openapi({
            description:
              'Times the sender held a send back that day, by cap (a replayed decision counts once); a send can be deferred more than once',
          }),
      }),
    ),
    rolling_7_day_invites: usageSchema.openapi({ description: 'Invites of the last 7 account-local days against the weekly cap' }),
  })
  .openapi('AccountRateUsage');

export const overviewSchema = z
  .object({
    tz: z.string(),
    as_of: z.string(),
    client_id: z.string(),
    active_campaigns: z.array(z.object({ id: z.string(), name: z.string(), linkedin_account_id: z.string() })),
    accounts: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        status: z.string(),
        paused_reason: z.string().nullable(),
        cooldown_until: z.string().nullable(),
        today: z.object({ invites: usageSchema, messages: usageSchema, profile_views: usageSchema }),
      }),
    ),
    replies_today: z.number(),
    replies_this_week: z.number().openapi({ description: "Since Monday 00:00 in the client's zone" }),
    replies_awaiting_operator: z.number().openapi({ description: 'Leads whose last reply has no inbox answer after it' }),
  })
  .openapi('ClientOverview');

const MAX_COMPARE_IDS = 50;
export const compareQuery = z
  .object({
    dimension: z.enum(['campaign', 'account', 'client']),
    ids: z
      .string()
      .max(MAX_COMPARE_IDS * 37)
      .transform((v) => [
        ...new Set(
          v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ])
      .pipe(z.array(z.uuid('each id must be a UUID')).min(1).max(MAX_COMPARE_IDS))
      .openapi({ description: `Comma-separated ids, at most ${MAX_COMPARE_IDS}` }),
    from: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a local date YYYY-MM-DD')
      .optional(),
    to: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a local date YYYY-MM-DD')
      .optional(),
    days: z.coerce.number().int().min(1).max(366).optional(),
    tz: timeZone.optional().openapi({ description: "Default: the caller's client's zone, UTC for admins" }),
  })
  .strict();

const rateWithIntervalSchema = rateSchema.extend({ n: z.number(), ci95: z.tuple([z.number(), z.number()]).nullable() });
export const compareSchema = z
  .object({
    ...windowEcho,
    dimension: z.enum(['campaign', 'account', 'client']),
    entities: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        invites_sent: z.number(),
        acceptances: z.number(),
        messages_sent: z.number(),
        replies: z.number(),
        leads_contacted: z.number(),
        leads_replied: z.number(),
        acceptance_rate: rateWithIntervalSchema,
        reply_rate: rateWithIntervalSchema,
      }),
    ),
  })
  .openapi('AnalyticsCompare');
