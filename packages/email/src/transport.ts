import { createHash } from 'node:crypto';
import { Resend } from 'resend';
import { EmailDeliveryError, type EmailTransport, type OutgoingEmail } from './types';

export interface EmailTransportOptions {
  /** Resend API key; without one, emails stay in the `emails` table (the outbox). */
  apiKey?: string;
  /** Resend API base URL (tests and proxies); the SDK's default otherwise. */
  baseUrl?: string;
  from: string;
  /** Per-request timeout; a hung request is treated like a 5xx (retried). */
  timeoutMs?: number;
}

/** Resend answers with these names; the ones that a later attempt can fix are retried. */
const RETRYABLE_NAMES = new Set(['rate_limit_exceeded', 'application_error', 'internal_server_error', 'concurrent_idempotent_requests']);
const STATUS_BY_NAME: Record<string, number> = {
  validation_error: 422,
  missing_required_field: 422,
  invalid_from_address: 422,
  invalid_attachment: 422,
  invalid_parameter: 422,
  missing_api_key: 401,
  invalid_api_key: 403,
  restricted_api_key: 401,
  not_found: 404,
  rate_limit_exceeded: 429,
  daily_quota_exceeded: 429,
  monthly_quota_exceeded: 429,
  concurrent_idempotent_requests: 409,
  invalid_idempotent_request: 409,
  internal_server_error: 500,
};

/** Resend keeps idempotency keys for 24 hours and accepts up to 256 characters. */
const idempotencyKeyFor = (dedupeKey: string): string =>
  dedupeKey.length <= 256 ? dedupeKey : `sha256-${createHash('sha256').update(dedupeKey).digest('hex')}`;

/** Maps a Resend error response to our error: 429, 5xx and no answer at all are retryable, other 4xx are not. */
export function toDeliveryError(error: { name?: string; message?: string; statusCode?: number | null }): EmailDeliveryError {
  const name = error.name ?? 'application_error';
  const status = error.statusCode ?? STATUS_BY_NAME[name] ?? 0;
  const retryable = status === 0 || status === 429 || status >= 500 || RETRYABLE_NAMES.has(name);
  const code = status === 0 ? 'network_error' : name;
  return new EmailDeliveryError(error.message ?? `Resend answered ${status}`, { code, status, retryable });
}

function createResendTransport(options: Required<Pick<EmailTransportOptions, 'apiKey' | 'from'>> & EmailTransportOptions): EmailTransport {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    name: 'resend',
    async deliver(email: OutgoingEmail) {
      // The idempotency key covers a crash between Resend accepting and our row being marked sent:
      // the retry sends the same key and Resend answers with the first email instead of a second one.
      const { data, error } = await resend.emails.send(
        {
          from: options.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          ...(email.headers ? { headers: email.headers } : {}),
        },
        { idempotencyKey: idempotencyKeyFor(email.dedupeKey), signal: AbortSignal.timeout(timeoutMs) },
      );
      if (error) throw toDeliveryError(error);
      return { providerMessageId: data?.id ?? null };
    },
  };
}

/** Stores nothing itself: the `emails` row written by `sendEmailOnce` is the outbox entry. */
const outboxTransport: EmailTransport = {
  name: 'outbox',
  deliver: async () => ({ providerMessageId: null }),
};

/**
 * Resend (official SDK, `new Resend(key, { baseUrl })`) when `apiKey` is set, else the outbox
 * transport, so the platform runs without a Resend account (`GET /api/admin/outbox` shows the mail).
 */
export function createEmailTransport(options: EmailTransportOptions): EmailTransport {
  if (!options.apiKey) return outboxTransport;
  return createResendTransport({ ...options, apiKey: options.apiKey });
}
