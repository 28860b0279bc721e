import type { linkedinAccounts } from '@outreach/db';
import { SAFETY_CEILINGS } from '@outreach/rate-limits';
import { ApiError, type ErrorDetail } from '../../http/errors';
import { z } from '../../http/openapi';
import { paginationQuery } from '../../http/pagination';
import { timeZone, timestamp } from '../../http/schemas';

export type AccountRow = typeof linkedinAccounts.$inferSelect;

export const accountSchema = z
  .object({
    id: z.uuid(),
    client_id: z.uuid(),
    unipile_account_id: z.string(),
    name: z.string(),
    timezone: z.string(),
    status: z.string().openapi({ description: 'last status Unipile reported (OK, CREDENTIALS, STOPPED, …); read-only', example: 'OK' }),
    status_updated_at: timestamp.nullable(),
    provider_user_id: z.string().nullable().openapi({ description: "the account's own LinkedIn provider id (ACoA…)" }),
    public_identifier: z.string().nullable(),
    cooldown_until: timestamp.nullable().openapi({ description: 'sends are held until then after a provider limit signal' }),
    paused_reason: z.string().nullable(),
    daily_invite_limit: z.number().int(),
    daily_message_limit: z.number().int(),
    daily_profile_view_limit: z.number().int(),
    weekly_invite_limit: z.number().int(),
    min_action_spacing_seconds: z.number(),
    max_action_spacing_seconds: z.number(),
    warmup_start_limit: z.number().int().nullable(),
    warmup_days: z.number().int().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('LinkedinAccount');

/** A daily or weekly cap, at most the platform's safety ceiling for it (the limiter holds it there too). */
const limit = (ceiling: number) => z.number().int().min(0).max(ceiling, `must be at most ${ceiling} (the platform's safety ceiling)`);
const spacing = z
  .number()
  .min(SAFETY_CEILINGS.minSpacingSeconds, `must be at least ${SAFETY_CEILINGS.minSpacingSeconds} seconds (the platform's safety floor)`)
  .max(86_400)
  .openapi({ description: `seconds between two actions of the account, at least ${SAFETY_CEILINGS.minSpacingSeconds}` });

/** The settings an operator may change; `status` is not among them (Unipile's deliveries own it). */
const settingsFields = {
  name: z.string().trim().min(1).max(200),
  timezone: timeZone,
  daily_invite_limit: limit(SAFETY_CEILINGS.dailyInvites),
  daily_message_limit: limit(SAFETY_CEILINGS.dailyMessages),
  daily_profile_view_limit: limit(SAFETY_CEILINGS.dailyProfileViews),
  weekly_invite_limit: limit(SAFETY_CEILINGS.weeklyInvites),
  min_action_spacing_seconds: spacing,
  max_action_spacing_seconds: spacing,
  warmup_start_limit: limit(SAFETY_CEILINGS.dailyMessages)
    .nullable()
    .openapi({ description: 'the daily cap on day one of the warm-up; set with warmup_days' }),
  warmup_days: z.number().int().min(1).max(365).nullable().openapi({ description: 'days over which caps ramp up to the limits' }),
};

export const accountInput = z
  .object({
    client_id: z.uuid('must be a UUID').optional().openapi({ description: 'admins only: the client that owns the account' }),
    unipile_account_id: z.string().trim().min(1).max(200),
    ...settingsFields,
    timezone: timeZone.optional().openapi({ description: "defaults to the client's time zone" }),
    daily_invite_limit: settingsFields.daily_invite_limit.default(25),
    daily_message_limit: settingsFields.daily_message_limit.default(100),
    daily_profile_view_limit: settingsFields.daily_profile_view_limit.default(80),
    weekly_invite_limit: settingsFields.weekly_invite_limit.default(100),
    min_action_spacing_seconds: spacing.default(60),
    max_action_spacing_seconds: spacing.default(300),
    warmup_start_limit: settingsFields.warmup_start_limit.optional(),
    warmup_days: settingsFields.warmup_days.optional(),
  })
  .strict()
  .openapi('LinkedinAccountInput', { example: { unipile_account_id: 'x3Fq9cTbQn2', name: 'Jose Corral', timezone: 'Europe/Madrid' } });

export const accountPatch = z.object(settingsFields).partial().strict().openapi('LinkedinAccountPatch');

export const listQuery = z
  .object({ ...paginationQuery, client_id: z.uuid('must be a UUID').optional().openapi({ description: 'admins: only this client' }) })
  .strict();

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const presentAccount = (a: AccountRow) => ({
  id: a.id,
  client_id: a.clientId,
  unipile_account_id: a.unipileAccountId,
  name: a.name,
  timezone: a.timezone,
  status: a.status,
  status_updated_at: iso(a.statusUpdatedAt),
  provider_user_id: a.providerUserId,
  public_identifier: a.publicIdentifier,
  cooldown_until: iso(a.cooldownUntil),
  paused_reason: a.pausedReason,
  daily_invite_limit: a.dailyInviteLimit,
  daily_message_limit: a.dailyMessageLimit,
  daily_profile_view_limit: a.dailyProfileViewLimit,
  weekly_invite_limit: a.weeklyInviteLimit,
  min_action_spacing_seconds: a.minActionSpacingSeconds,
  max_action_spacing_seconds: a.maxActionSpacingSeconds,
  warmup_start_limit: a.warmupStartLimit,
  warmup_days: a.warmupDays,
  created_at: a.createdAt.toISOString(),
  updated_at: a.updatedAt.toISOString(),
});

interface SpacingAndWarmup {
  minActionSpacingSeconds: number;
  maxActionSpacingSeconds: number;
  warmupStartLimit: number | null;
  warmupDays: number | null;
}

/**
 * Cross-field rules, checked on the settings as they will be stored (a PATCH of one side of a pair
 * is checked against the stored other side). Each broken rule names both of its fields.
 */
export function checkSettings(s: SpacingAndWarmup): void {
  const details: ErrorDetail[] = [];
  if (s.minActionSpacingSeconds > s.maxActionSpacingSeconds) {
    const message = `min_action_spacing_seconds (${s.minActionSpacingSeconds}) must not exceed max_action_spacing_seconds (${s.maxActionSpacingSeconds})`;
    details.push(
      { location: 'body', path: 'min_action_spacing_seconds', message },
      { location: 'body', path: 'max_action_spacing_seconds', message },
    );
  }
  if ((s.warmupStartLimit === null) !== (s.warmupDays === null)) {
    const message = 'warmup_start_limit and warmup_days are set (or cleared) together';
    details.push({ location: 'body', path: 'warmup_start_limit', message }, { location: 'body', path: 'warmup_days', message });
  }
  if (details.length === 0) return;
  const summary = [...new Set(details.map((d) => d.message))].join('; ');
  throw new ApiError(400, 'validation_failed', summary, details);
}
