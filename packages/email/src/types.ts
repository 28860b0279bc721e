export type EmailKind = 'reply_notification' | 'reply_digest' | 'weekly_report' | 'inbox_assigned_reply';

/** One email as the platform means to send it; `dedupeKey` makes it one email however often a job runs. */
export interface OutgoingEmail {
  clientId: string | null;
  kind: EmailKind;
  dedupeKey: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  /** Extra headers (e.g. `List-Unsubscribe`); not stored, so a retry passes them again. */
  headers?: Record<string, string>;
}

export interface EmailTransport {
  readonly name: 'resend' | 'outbox';
  deliver(email: OutgoingEmail): Promise<{ providerMessageId: string | null }>;
}

/** A rendered email body: what every renderer returns. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/**
 * A delivery the provider refused or that never reached it. `retryable` failures (429, 5xx,
 * network, timeouts) are worth another attempt; the others (4xx such as 422) never succeed as they are.
 */
export class EmailDeliveryError extends Error {
  readonly retryable: boolean;
  readonly code: string;
  /** HTTP status, or 0 when the request got no answer. */
  readonly status: number;

  constructor(message: string, details: { code: string; status: number; retryable: boolean; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'EmailDeliveryError';
    this.code = details.code;
    this.status = details.status;
    this.retryable = details.retryable;
  }
}
