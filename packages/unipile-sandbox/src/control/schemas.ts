import { z } from 'zod';
import { ACCOUNT_STATUSES } from '../world/types';

const range = z.tuple([z.number().int().min(0), z.number().int().min(0)]).refine(([min, max]) => min <= max, 'min must be <= max');
const providerIdOverride = z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');

export const accountCreateSchema = z.object({
  id: z.string().min(1).optional(),
  name: z.string().min(1),
  own: z
    .object({
      provider_id: providerIdOverride.optional(),
      public_identifier: z.string().min(1).optional(),
      member_id: z.string().regex(/^\d+$/).optional(),
      first_name: z.string().optional(),
      last_name: z.string().optional(),
      headline: z.string().optional(),
    })
    .optional(),
  status: z.enum(ACCOUNT_STATUSES).optional(),
  weekly_invite_quota: z.number().int().min(0).optional(),
});

export const accountStatusSchema = z.object({ status: z.enum(ACCOUNT_STATUSES) });

export const personCreateSchema = z.object({
  provider_id: providerIdOverride.optional(),
  public_identifier: z.string().min(1).optional(),
  member_id: z.string().regex(/^\d+$/, 'a numeric string').optional(),
  first_name: z.string(),
  last_name: z.string(),
  headline: z.string().optional(),
  location: z.string().nullable().optional(),
  picture_url: z.string().optional(),
  network_distance: z.enum(['SECOND_DEGREE', 'THIRD_DEGREE', 'OUT_OF_NETWORK']).optional(),
  behaviour: z
    .object({ accept_after_ms: range.optional(), reply_after_ms: range.optional(), reply_text: z.string().optional() })
    .optional(),
});

/** Up to 5,000 people in one call: load tests seed hundreds of thousands. */
export const peopleBulkSchema = z.object({ people: z.array(personCreateSchema).min(1).max(5000) });

export const relationCreateSchema = z.object({
  account_id: z.string(),
  provider_id: z.string(),
  notify: z.boolean().optional(),
  notify_delay_ms: z.number().int().min(0).optional(),
});

export const acceptSchema = z.object({
  account_id: z.string(),
  notify: z.boolean().optional(),
  delay_ms: z.number().int().min(0).optional(),
  notify_delay_ms: z.number().int().min(0).optional(),
});

const attachmentSchema = z.object({
  type: z.enum(['img', 'video', 'audio', 'file', 'linkedin_post']).optional(),
  file_name: z.string().optional(),
  mimetype: z.string().optional(),
  file_size: z.number().int().min(0).optional(),
});

export const replySchema = z.object({
  account_id: z.string(),
  text: z.string().nullable().optional(),
  attachments: z.array(attachmentSchema).optional(),
  chat_id: z.string().optional(),
});

export const editSchema = z.object({ text: z.string() });
export const reactSchema = z.object({ reaction: z.string().min(1), by_provider_id: z.string().optional() });
export const readSchema = z.object({ by_provider_id: z.string().optional() });

export const webhookFaultSchema = z.object({
  mode: z.enum(['drop', 'delay', 'duplicate', 'fail']),
  count: z.number().int().min(1).optional(),
  delay_ms: z.number().int().min(0).optional(),
  copies: z.number().int().min(1).optional(),
  match: z.object({ event: z.string().optional(), account_id: z.string().optional(), webhook_id: z.string().optional() }).optional(),
});

export const apiFaultSchema = z
  .object({
    method: z.string().min(1),
    path: z.string().startsWith('/'),
    status: z
      .number()
      .int()
      .refine((s) => s === 0 || (s >= 100 && s <= 599), 'an HTTP status or 0'),
    type: z.string().min(1).optional(),
    title: z.string().optional(),
    detail: z.string().optional(),
    count: z.number().int().min(1).optional(),
    delay_ms: z.number().int().min(0).optional(),
    match_body: z.record(z.string(), z.unknown()).optional(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .refine((f) => f.status === 0 || (f.status >= 200 && f.status < 300) || f.type !== undefined, {
    path: ['type'],
    message: 'required unless status is 0 or 2xx',
  });

export const settleSchema = z.object({ max_wait_ms: z.number().int().min(0).max(600_000).optional() });
export const clockSchema = z.object({ ms: z.number().int().min(0) });
export const hostedCompleteSchema = accountCreateSchema.omit({ status: true }).partial();

export type AccountCreateInput = z.input<typeof accountCreateSchema>;
export type PersonCreateInput = z.input<typeof personCreateSchema>;
export type PeopleBulkInput = z.input<typeof peopleBulkSchema>;
export type RelationCreateInput = z.input<typeof relationCreateSchema>;
export type AcceptInput = z.input<typeof acceptSchema>;
export type ReplyInput = z.input<typeof replySchema>;
export type ReactInput = z.input<typeof reactSchema>;
export type ReadInput = z.input<typeof readSchema>;
export type WebhookFaultCreateInput = z.input<typeof webhookFaultSchema>;
export type ApiFaultCreateInput = z.input<typeof apiFaultSchema>;
export type HostedCompleteInput = z.input<typeof hostedCompleteSchema>;
