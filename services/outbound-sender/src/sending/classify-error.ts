import { UnipileError } from '@outreach/unipile';

/**
 * What a Unipile failure means for a send (codes from the reference's error enums).
 * - already_connected / already_invited: the goal is already met; no second invite.
 * - provider_limit: LinkedIn's own limit; the account cools down, nothing was sent.
 * - account: the account cannot act (401/403); paused with the reason.
 * - recipient: this person cannot receive it (422 and other 4xx); the lead stops with the code.
 * - unknown: no answer or a 5xx / an unreadable 2xx: it may have gone out; retry after reconciling.
 */
export type FailureKind = 'already_connected' | 'already_invited' | 'provider_limit' | 'account' | 'recipient' | 'unknown';

const PROVIDER_LIMIT = new Set([
  'cannot_resend_yet',
  'cannot_resend_within_24hrs',
  'limit_exceeded',
  'too_many_requests',
  'insufficient_credits',
]);

export function classifyUnipileError(err: unknown): FailureKind {
  if (!(err instanceof UnipileError)) return 'unknown';
  if (err.status === 429 || PROVIDER_LIMIT.has(err.code)) return 'provider_limit';
  if (err.code === 'already_connected') return 'already_connected';
  if (err.code === 'already_invited_recently' || err.code === 'action_already_performed') return 'already_invited';
  if (err.isAccountError) return 'account';
  if (err.status === 0 || err.status >= 500 || err.code === 'unexpected_response') return 'unknown';
  return 'recipient';
}

export const errorCode = (err: unknown): string => (err instanceof UnipileError ? err.code : 'internal_error');
export const errorMessage = (err: unknown): string =>
  err instanceof UnipileError
    ? err.detail
      ? `${err.message}: ${err.detail}`
      : err.message
    : err instanceof Error
      ? err.message
      : String(err);
