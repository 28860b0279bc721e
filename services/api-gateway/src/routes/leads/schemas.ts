import { LEAD_STATUSES, type events, type leads } from '@outreach/db';
import { CUSTOM_FIELD_NAME, isReservedFieldName, MAX_CUSTOM_FIELD_LENGTH, MAX_CUSTOM_FIELDS } from '../../lead-import/custom-fields';
import { MAX_LEADS_PER_IMPORT } from '../../lead-import/import-leads';
import { MAX_NAME_LENGTH, MAX_PROFILE_URL_LENGTH } from '../../lead-import/rows';
import { z } from '../../http/openapi';
import { timestamp } from '../../http/schemas';

export type LeadRow = typeof leads.$inferSelect;
export type EventRow = typeof events.$inferSelect;

const name = z.string().trim().min(1).max(MAX_NAME_LENGTH);
const optionalText = z.string().trim().max(MAX_NAME_LENGTH).nullable();

const customFieldName = z
  .string()
  .regex(CUSTOM_FIELD_NAME, 'must be a template variable name: lower-case letters, digits and _')
  .refine((n) => !isReservedFieldName(n), 'is a standard template variable');
/** Numbers and booleans from integrations are kept as text, which is what templates render. */
const customFieldValue = z.union([z.string().max(MAX_CUSTOM_FIELD_LENGTH), z.number(), z.boolean()]).transform(String);
const customFields = z
  .record(customFieldName, customFieldValue)
  .refine((f) => Object.keys(f).length <= MAX_CUSTOM_FIELDS, `at most ${MAX_CUSTOM_FIELDS} custom fields`)
  .openapi({ description: 'Extra values usable in templates as {{name}}', example: { industry: 'Logistics' } });

export const leadInput = z
  .object({
    first_name: name,
    last_name: name,
    company: optionalText.optional(),
    title: optionalText.optional(),
    profile_url: z.string().trim().max(MAX_PROFILE_URL_LENGTH).optional().openapi({ example: 'https://www.linkedin.com/in/jane-doe' }),
    public_identifier: z.string().trim().max(MAX_NAME_LENGTH).optional().openapi({ example: 'jane-doe' }),
    custom_fields: customFields.optional(),
  })
  .strict()
  .refine((l) => Boolean(l.profile_url || l.public_identifier), {
    message: 'profile_url or public_identifier is required',
    path: ['profile_url'],
  })
  .openapi('LeadInput');

export const leadImportBody = z
  .array(leadInput)
  .min(1)
  .max(MAX_LEADS_PER_IMPORT)
  .openapi({ description: `Up to ${MAX_LEADS_PER_IMPORT} leads` });

export const importQuery = z
  .object({
    allow_cross_campaign: z
      .enum(['true', 'false'])
      .default('false')
      .openapi({ description: 'Create people who are already leads in another campaign of the client (reported either way)' }),
  })
  .strict();

export const importResultSchema = z
  .object({
    created: z.number().int(),
    duplicates_in_campaign: z.number().int().openapi({ description: 'People this campaign already holds' }),
    duplicates_in_other_campaigns: z.object({
      count: z.number().int(),
      items: z
        .array(z.object({ line: z.number().int(), public_identifier: z.string().nullable(), campaign_id: z.uuid() }))
        .openapi({ description: 'A sample (first 100)' }),
    }),
    invalid: z
      .array(z.object({ line: z.number().int(), reason: z.string() }))
      .openapi({ description: 'Rows not imported. `line`: the CSV line (header = 1), or the index in a JSON array (from 0)' }),
    blocked_cross_campaign: z
      .number()
      .int()
      .openapi({ description: 'People in another campaign, not created because allow_cross_campaign was not true' }),
  })
  .openapi('LeadImportResult');

export const leadPatch = z
  .object({
    first_name: name,
    last_name: name,
    company: optionalText,
    title: optionalText,
    custom_fields: customFields.openapi({ description: 'Replaces all custom fields' }),
    status: z
      .enum(['skipped', 'pending_invite'])
      .openapi({ description: '`skipped` opts the lead out; `pending_invite` retries a lead in `error`' }),
  })
  .partial()
  .strict()
  .openapi('LeadPatch');

export const leadSchema = z
  .object({
    id: z.uuid(),
    client_id: z.uuid(),
    campaign_id: z.uuid(),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    company: z.string().nullable(),
    title: z.string().nullable(),
    profile_url: z.string().nullable(),
    public_identifier: z.string().nullable(),
    provider_id: z.string().nullable(),
    member_id: z.string().nullable(),
    conversation_id: z.string().nullable(),
    custom_fields: z.record(z.string(), z.string()),
    status: z.enum(LEAD_STATUSES),
    current_step: z.number().int(),
    next_action_at: timestamp.nullable(),
    last_step_sent_at: timestamp.nullable(),
    invite_sent_at: timestamp.nullable(),
    connected_at: timestamp.nullable(),
    replied_at: timestamp.nullable(),
    error_code: z.string().nullable(),
    error_message: z.string().nullable(),
    retry_count: z.number().int(),
    stop_reason: z.string().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Lead');

export const eventSchema = z
  .object({
    id: z.number().int(),
    type: z.string(),
    occurred_at: timestamp,
    campaign_id: z.uuid().nullable(),
    linkedin_account_id: z.uuid().nullable(),
    external_id: z.string().nullable(),
    meta: z.record(z.string(), z.unknown()),
  })
  .openapi('LeadEvent');

export const leadDetailSchema = leadSchema
  .extend({ events: z.array(eventSchema).openapi({ description: 'Newest first, at most 100' }) })
  .openapi('LeadDetail');

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const presentLead = (l: LeadRow) => ({
  id: l.id,
  client_id: l.clientId,
  campaign_id: l.campaignId,
  first_name: l.firstName,
  last_name: l.lastName,
  company: l.company,
  title: l.title,
  profile_url: l.profileUrl,
  public_identifier: l.publicIdentifier,
  provider_id: l.providerId,
  member_id: l.memberId,
  conversation_id: l.conversationId,
  custom_fields: l.customFields,
  status: l.status,
  current_step: l.currentStep,
  next_action_at: iso(l.nextActionAt),
  last_step_sent_at: iso(l.lastStepSentAt),
  invite_sent_at: iso(l.inviteSentAt),
  connected_at: iso(l.connectedAt),
  replied_at: iso(l.repliedAt),
  error_code: l.errorCode,
  error_message: l.errorMessage,
  retry_count: l.retryCount,
  stop_reason: l.stopReason,
  created_at: l.createdAt.toISOString(),
  updated_at: l.updatedAt.toISOString(),
});

export const presentEvent = (e: EventRow) => ({
  id: e.id,
  type: e.type,
  occurred_at: e.occurredAt.toISOString(),
  campaign_id: e.campaignId,
  linkedin_account_id: e.linkedinAccountId,
  external_id: e.externalId,
  meta: e.meta,
});
