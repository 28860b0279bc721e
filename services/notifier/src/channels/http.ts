/** A Slack or webhook delivery that did not succeed; `retryable` ones are retried by BullMQ with backoff. */
export class ChannelError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(message: string, details: { code: string; retryable: boolean; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ChannelError';
    this.code = details.code;
    this.retryable = details.retryable;
  }
}

export function toChannelError(err: unknown): ChannelError {
  if (err instanceof ChannelError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ChannelError(message, { code: 'channel_error', retryable: true, cause: err });
}

/**
 * POSTs a JSON body and requires a 2xx. Any other answer, a timeout or a refused connection is
 * retryable: receivers (Slack, a client's CRM) recover, and Standard Webhooks asks senders to retry
 * every non-2xx. The URL is never put in the error: a Slack webhook URL is itself a credential.
 */
export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw new ChannelError(timedOut ? `no answer within ${timeoutMs} ms` : `request failed: ${err instanceof Error ? err.message : String(err)}`, {
      code: timedOut ? 'timeout' : 'network_error',
      retryable: true,
      cause: err,
    });
  }
  const text = await response.text().catch(() => '');
  if (response.status < 200 || response.status >= 300) {
    throw new ChannelError(`answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`, { code: `http_${response.status}`, retryable: true });
  }
}
