/** Everything accounts did towards LinkedIn, for tests and demos to assert on (`GET /_sandbox/sent`). */
export interface SentInvitation {
  account_id: string;
  provider_id: string;
  message: string | null;
  invitation_id: string;
  at: string;
}

export interface SentMessage {
  account_id: string;
  chat_id: string;
  recipient_provider_ids: string[];
  text: string | null;
  /** What arrived as multipart `attachments` parts: names, types and byte counts (the bytes are not kept). */
  attachments: Array<{ type: string; file_name: string | null; mimetype: string | null; file_size: number | null }>;
  message_id: string;
  at: string;
}

export interface SentWithdrawal {
  account_id: string;
  provider_id: string;
  invitation_id: string;
  at: string;
}

export interface ProfileView {
  account_id: string;
  identifier: string;
  provider_id: string;
  at: string;
}

export interface SentLog {
  invitations: SentInvitation[];
  messages: SentMessage[];
  withdrawals: SentWithdrawal[];
  profile_views: ProfileView[];
}

export const emptySentLog = (): SentLog => ({ invitations: [], messages: [], withdrawals: [], profile_views: [] });
