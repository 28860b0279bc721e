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

export function problemFromBody(status: number, body: unknown): UnipileError {
  const problem = (body ?? {}) as Partial<UnipileProblem>;
  const code = typeof problem.type === 'string' ? problem.type.replace(/^errors\//, '') : `http_${status}`;
  const title = typeof problem.title === 'string' ? problem.title : `Unipile answered ${status}`;
  return new UnipileError(status, code, `${title} (${code})`, { detail: problem.detail, body });
}
