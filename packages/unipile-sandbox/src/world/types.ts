/** Account source statuses Unipile reports (`sources[].status`). */
export const ACCOUNT_STATUSES = ['OK', 'STOPPED', 'ERROR', 'CREDENTIALS', 'PERMISSIONS', 'CONNECTING'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** Profile vocabulary (`GET /users/{id}`); attendees use `DISTANCE_n` instead. */
export type NetworkDistance = 'FIRST_DEGREE' | 'SECOND_DEGREE' | 'THIRD_DEGREE' | 'OUT_OF_NETWORK';

/** A LinkedIn member: either a simulated person or the owner of a connected account. */
export interface Person {
  providerId: string;
  publicIdentifier: string;
  memberId: string;
  firstName: string;
  lastName: string;
  headline: string;
  location: string | null;
  pictureUrl: string;
  /** Distance to accounts that have no relation with this person. */
  networkDistance: Exclude<NetworkDistance, 'FIRST_DEGREE'>;
  behaviour?: PersonBehaviour;
  /** Set when this person is the owner of a sandbox account. */
  ownerOfAccountId?: string;
}

/** Makes a simulated person act on their own (demos): accept invites, answer the first message. */
export interface PersonBehaviour {
  acceptAfterMs?: [number, number];
  replyAfterMs?: [number, number];
  replyText?: string;
}

export interface Account {
  id: string;
  name: string;
  createdAt: Date;
  status: AccountStatus;
  /** The provider id of the account owner (also registered as a Person). */
  ownProviderId: string;
  weeklyInviteQuota: number;
}

export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'WITHDRAWN';

export interface Invitation {
  id: string;
  accountId: string;
  providerId: string;
  message: string | null;
  sentAt: Date;
  status: InvitationStatus;
  closedAt: Date | null;
}

export interface Relation {
  accountId: string;
  providerId: string;
  createdAt: Date;
}

export interface Chat {
  id: string;
  accountId: string;
  providerId: string;
  /** Everyone in the chat except the account owner. */
  attendeeProviderIds: string[];
  type: 0 | 1;
  name: string | null;
  createdAt: Date;
  contentType: 'inmail' | null;
}

export type AttachmentType = 'img' | 'video' | 'audio' | 'file' | 'linkedin_post';

export interface Attachment {
  id: string;
  type: AttachmentType;
  fileName: string | null;
  mimetype: string | null;
  fileSize: number | null;
}

export interface Reaction {
  value: string;
  senderProviderId: string;
}

export interface Message {
  id: string;
  accountId: string;
  chatId: string;
  providerId: string;
  senderProviderId: string;
  text: string | null;
  attachments: Attachment[];
  timestamp: Date;
  isSender: boolean;
  seenBy: Record<string, string>;
  reactions: Reaction[];
  edited: boolean;
  deleted: boolean;
  messageType: 'MESSAGE' | 'INMAIL';
}

export type WebhookSource = 'messaging' | 'users' | 'account_status';

export interface WebhookRegistration {
  id: string;
  source: WebhookSource;
  requestUrl: string;
  name: string;
  format: 'json' | 'form';
  accountIds: string[];
  enabled: boolean;
  events: string[];
  headers: Array<{ key: string; value: string }>;
  data: Array<{ name: string; key: string }>;
  createdAt: Date;
}

export interface HostedLink {
  token: string;
  type: 'create' | 'reconnect';
  name: string | null;
  notifyUrl: string | null;
  reconnectAccountId: string | null;
  expiresOn: Date;
  usedAt: Date | null;
}

/** An attachment as a send request describes it (multipart form or JSON), before the sandbox stores it. */
export interface AttachmentInput {
  type?: AttachmentType;
  file_name?: string;
  mimetype?: string;
  file_size?: number;
}
