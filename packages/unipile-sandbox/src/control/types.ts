import type { ApiFault } from '../api/faults';
import type { Delivery, DeliveryAttempt } from '../webhooks/dispatcher';
import type { WebhookFault } from '../webhooks/faults';
import type { SentLog } from '../world/sent-log';
import type { AccountStatus } from '../world/types';

export type { ApiFault, Delivery, DeliveryAttempt, SentLog, WebhookFault, AccountStatus };

/** Unipile's `Account` object (`GET /api/v1/accounts/{id}` returns the same). */
export interface AccountView {
  object: 'Account';
  type: 'LINKEDIN';
  id: string;
  name: string;
  created_at: string;
  groups: unknown[];
  sources: Array<{ id: string; status: AccountStatus }>;
  connection_params: { im: { id: string; publicIdentifier: string; username: string; [key: string]: unknown } };
}

export interface PersonView {
  provider_id: string;
  public_identifier: string;
  member_id: string;
  /** `urn:li:member:<member_id>` */
  member_urn: string;
  /** `urn:li:fsd_profile:<provider_id>` */
  fsd_profile_urn: string;
  first_name: string;
  last_name: string;
  headline: string;
  location: string | null;
  network_distance: 'SECOND_DEGREE' | 'THIRD_DEGREE' | 'OUT_OF_NETWORK';
  picture_url: string;
  public_profile_url: string;
  profile_url: string;
  behaviour: { acceptAfterMs?: [number, number]; replyAfterMs?: [number, number]; replyText?: string } | null;
  owner_of_account_id: string | null;
}

/** Unipile's `UserRelation` item. */
export interface RelationView {
  object: 'UserRelation';
  first_name: string;
  last_name: string;
  headline: string;
  public_identifier: string;
  public_profile_url: string;
  created_at: number;
  member_id: string;
  member_urn: string;
  connection_urn: string;
  profile_picture_url: string;
}

export type AcceptResponse =
  { scheduled: false; relation: RelationView; chat_id: string | null; message_id: string | null } | { scheduled: true; at: string };

export interface ReplyResponse {
  chat_id: string;
  message_id: string;
}

/** Unipile's REST `Message` (flags are 0|1). */
export interface MessageView {
  object: 'Message';
  id: string;
  chat_id: string;
  account_id: string;
  text: string | null;
  is_sender: 0 | 1;
  sender_id: string;
  timestamp: string;
  edited: 0 | 1;
  deleted: 0 | 1;
  seen: 0 | 1;
  reactions: Array<{ value: string; sender_id: string; is_sender: 0 | 1 }>;
  [key: string]: unknown;
}

export interface AccountStatusResponse {
  changed: boolean;
  account: AccountView;
}

export interface HostedCompleteResponse {
  status: 'CREATION_SUCCESS' | 'RECONNECTED';
  account: AccountView;
}

export interface DeliveriesResponse {
  /** Deliveries not yet delivered or given up. */
  pending: number;
  /** Every attempt, in order. */
  items: DeliveryAttempt[];
  /** One row per (event, registration) delivery with its final state. */
  deliveries: Delivery[];
}

export interface SettleResponse {
  settled: boolean;
  pending: number;
  scheduled: number;
}

export interface DeliveryFilter {
  event?: string;
  account_id?: string;
  webhook_id?: string;
}
