/** Unipile's RFC 7807 error body. `type` is `errors/<code>`. */
export interface UnipileProblem {
  status: number;
  type: string;
  title: string;
  detail?: string;
  instance?: string;
}

/**
 * A non-2xx answer, a timeout or a connection failure from Unipile. `code` is the part after
 * `errors/` (e.g. `already_invited_recently`), or `timeout` / `network_error` when no answer came.
 */
export class UnipileError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string | undefined;
  readonly body: unknown;

  constructor(status: number, code: string, message: string, options: { detail?: string; body?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'UnipileError';
    this.status = status;
    this.code = code;
    this.detail = options.detail;
    this.body = options.body;
  }

  /** 429, 5xx, timeouts and network failures may succeed later; 4xx answers will not. */
  get isRetryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }

  /** The account itself is unusable (disconnected, restricted, credentials): pause it, do not retry. */
  get isAccountError(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/**
 * Unipile's 401 codes: the session or credentials are gone, which reconnecting the account (an OK
 * status after a non-OK one) resolves. 403 codes (a restriction, a missing subscription) are not.
 */
const RECONNECTION_RESOLVES = new Set([
  'missing_credentials',
  'multiple_sessions',
  'invalid_checkpoint_solution',
  'checkpoint_error',
  'invalid_credentials',
  'expired_credentials',
  'insufficient_privileges',
  'disconnected_account',
  'disconnected_feature',
  'invalid_credentials_but_valid_account_imap',
  'expired_link',
  'wrong_account',
  'invalid_proxy_credentials',
  'http_401',
]);

/** True when an account paused for `code` may resume once Unipile reports it OK again. */
export const isResolvedByReconnection = (code: string): boolean => RECONNECTION_RESOLVES.has(code);

export function problemFromBody(status: number, body: unknown): UnipileError {
  const problem = (body ?? {}) as Partial<UnipileProblem>;
  const code = typeof problem.type === 'string' ? problem.type.replace(/^errors\//, '') : `http_${status}`;
  const title = typeof problem.title === 'string' ? problem.title : `Unipile answered ${status}`;
  return new UnipileError(status, code, `${title} (${code})`, { detail: problem.detail, body });
}
