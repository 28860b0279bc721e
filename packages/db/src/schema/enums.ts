import { ACTIVE_LEAD_STATUSES, LEAD_STATUSES, type LeadStatus } from '@outreach/domain';
import { sql } from 'drizzle-orm';
import { pgEnum } from 'drizzle-orm/pg-core';

// Contract: lead status names. Their one home is the lifecycle module of @outreach/domain.
export { LEAD_STATUSES, type LeadStatus };
export const leadStatus = pgEnum('lead_status', LEAD_STATUSES);

/**
 * `'pending_invite', 'invite_sent', ...` as SQL text: the due index's predicate and the due scan
 * must spell the same list, literally, for the planner to use the partial index.
 */
export const activeLeadStatusList = sql.raw(ACTIVE_LEAD_STATUSES.map((s) => `'${s}'`).join(', '));

/** Contract: `events.type` vocabulary. */
export const EVENT_TYPES = [
  'connection_request_sent',
  'connection_request_failed',
  'connection_accepted',
  'connection_accepted_historical',
  'message_sent',
  'message_failed',
  'message_received',
  'invite_withdrawn',
  'lead_status_changed',
  'campaign_started',
  'campaign_paused',
  'campaign_resumed',
  'campaign_stopped',
  'rate_limited',
  'account_status_changed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const eventType = pgEnum('event_type', EVENT_TYPES);

export const USER_ROLES = ['admin', 'agent', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const userRole = pgEnum('user_role', USER_ROLES);

export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'stopped', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const campaignStatus = pgEnum('campaign_status', CAMPAIGN_STATUSES);

export const STEP_ACTIONS = ['invite', 'message'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];
export const stepAction = pgEnum('step_action', STEP_ACTIONS);

/** queued → sending → sent | failed; cancelled when a reply or a stop overtakes a queued send. */
export const OUTBOUND_STATUSES = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];
export const outboundStatus = pgEnum('outbound_status', OUTBOUND_STATUSES);

export const OUTBOUND_ACTIONS = ['invite', 'message', 'withdraw'] as const;
export type OutboundActionKind = (typeof OUTBOUND_ACTIONS)[number];
export const outboundActionKind = pgEnum('outbound_action_kind', OUTBOUND_ACTIONS);

export const RATE_ACTIONS = ['invite', 'message', 'profile_view'] as const;
export type RateAction = (typeof RATE_ACTIONS)[number];
export const rateAction = pgEnum('rate_action', RATE_ACTIONS);

/** How an inbound fact reached us (events.meta.detection). */
export const DETECTIONS = ['webhook', 'polling', 'relations_sync'] as const;
export type Detection = (typeof DETECTIONS)[number];
