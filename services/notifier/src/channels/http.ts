import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { RefusedDestinationError, resolveDestination, type OutboundPolicy, type PinnedAddress } from './outbound-address';

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

/** How a request to a customer URL is made: its timeout and which non-public addresses it may reach. */
export interface HttpOptions extends OutboundPolicy {
  timeoutMs: number;
}

/**
 * POSTs a JSON body to a customer URL (Slack, a client's webhook) and requires a 2xx. The host is
 * resolved and checked first (no private, loopback, link-local or metadata address) and the
 * connection goes to that checked address (no DNS rebinding between check and use). Redirects are
 * not followed: a 3xx is an answer like any non-2xx. Only the status is kept, never the body: the
 * notifications API shows errors back and must not become a way to read someone's internal page.
 * A refused destination is permanent; any other failure is retryable (Standard Webhooks asks
 * senders to retry every non-2xx). The URL is never put in the error: a Slack URL is a credential.
 */
export async function postJson(url: string, body: string, headers: Record<string, string>, options: HttpOptions): Promise<void> {
  let target: URL;
  let pinned: PinnedAddress;
  try {
    target = new URL(url);
    pinned = await resolveDestination(target, options);
  } catch (err) {
    const message = err instanceof RefusedDestinationError ? `refused: ${err.message}` : 'refused: not a valid URL';
    throw new ChannelError(message, { code: 'refused_destination', retryable: false, cause: err });
  }
  const status = await send(target, pinned, body, headers, options.timeoutMs);
  if (status < 200 || status >= 300) throw new ChannelError(`answered ${status}`, { code: `http_${status}`, retryable: true });
}

function send(target: URL, pinned: PinnedAddress, body: string, headers: Record<string, string>, timeoutMs: number): Promise<number> {
  // Hands the checked address to the socket whatever name it asks for: the host header and TLS
  // server name still come from the URL.
  const lookup: LookupFunction = (_hostname, opts, callback) => {
    if (opts.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        lookup,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res: IncomingMessage) => {
        // The body is read to free the socket, and dropped.
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (err) => {
      const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError';
      reject(
        new ChannelError(timedOut ? `no answer within ${timeoutMs} ms` : `request failed: ${err.message}`, {
          code: timedOut ? 'timeout' : 'network_error',
          retryable: true,
          cause: err,
        }),
      );
    });
    req.end(body);
  });
}
