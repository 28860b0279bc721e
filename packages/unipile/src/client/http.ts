import type { z } from 'zod';
import { unipileDuration, unipileRequests } from '@outreach/metrics';
import { problemFromBody, UnipileError } from './errors';

export interface HttpOptions {
  /** The account DSN, e.g. `https://api8.unipile.com:13443`, or the sandbox's URL. */
  dsn: string;
  apiKey: string;
  timeoutMs: number;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestSpec<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH';
  path: string;
  query?: Query;
  json?: unknown;
  form?: FormData;
  schema: S;
}

/** The fixed words of the v1 paths this client calls; every other segment is an id. */
const PATH_WORDS = new Set([
  'accounts',
  'users',
  'invite',
  'sent',
  'relations',
  'chats',
  'messages',
  'attendees',
  'webhooks',
  'hosted',
  'link',
]);

/** `/chats/abc/messages` → `/chats/:id/messages`: the metric's endpoint label, bounded whatever the ids. */
export const endpointTemplate = (path: string): string =>
  path
    .split('/')
    .map((segment) => (segment === '' || PATH_WORDS.has(segment) ? segment : ':id'))
    .join('/');

/**
 * One call to Unipile's v1 API, counted by endpoint template and status (`outreach_unipile_*`). Non-2xx answers become `UnipileError` carrying the RFC 7807 code;
 * a 2xx body that does not match the schema is an error too (`unexpected_response`): we never
 * treat something we cannot read as success.
 */
export async function request<S extends z.ZodType>(options: HttpOptions, spec: RequestSpec<S>): Promise<z.infer<S>> {
  const endpoint = endpointTemplate(spec.path);
  const stopTimer = unipileDuration.startTimer({ endpoint, method: spec.method });
  const count = (status: string) => {
    stopTimer();
    unipileRequests.inc({ endpoint, method: spec.method, status });
  };
  const url = new URL(`/api/v1${spec.path}`, options.dsn);
  for (const [key, value] of Object.entries(spec.query ?? {})) {
    if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = { 'X-API-KEY': options.apiKey, accept: 'application/json' };
  let body: string | FormData | undefined;
  if (spec.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(spec.json);
  } else if (spec.form) {
    body = spec.form; // fetch sets the multipart boundary itself
  }

  let response: Response;
  try {
    response = await fetch(url, { method: spec.method, headers, body, signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    count(timedOut ? 'timeout' : 'network_error');
    throw new UnipileError(
      0,
      timedOut ? 'timeout' : 'network_error',
      `${spec.method} ${spec.path}: ${timedOut ? 'timed out' : 'unreachable'}`,
      {
        cause: err,
      },
    );
  }

  const text = await response.text();
  count(String(response.status));
  let parsed: unknown = undefined;
  if (text.length > 0) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) throw problemFromBody(response.status, parsed);

  const result = spec.schema.safeParse(parsed);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new UnipileError(response.status, 'unexpected_response', `${spec.method} ${spec.path}: unexpected response (${issues})`, {
      body: parsed,
    });
  }
  return result.data;
}
