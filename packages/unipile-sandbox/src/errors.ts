import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '@outreach/logger';

/** Default titles per error type. The few seen in real captures are copied verbatim. */
const TITLES: Record<string, string> = {
  missing_credentials: 'Missing credentials',
  invalid_parameters: 'Invalid parameters',
  malformed_request: 'Malformed request',
  missing_parameters: 'Missing parameters',
  content_too_large: 'Content too large',
  too_many_characters: 'Too many characters',
  disconnected_account: 'Disconnected account',
  expired_link: 'Expired link',
  account_mismatch: 'Account mismatch',
  resource_not_found: 'Resource not found.',
  unsupported_media_type: 'Unsupported media type',
  invalid_recipient: 'Invalid recipient',
  no_connection_with_recipient: 'No connection with recipient',
  already_connected: 'Already connected',
  already_invited_recently: 'Should delay new invitation to this recipient',
  cannot_resend_yet: 'Cannot resend yet',
  too_many_requests: 'Too many requests',
  unexpected_error: 'Unexpected error',
  provider_error: 'Provider error',
  service_unavailable: 'Service unavailable',
  request_timeout: 'Request timeout',
};

/** A title for an error type, falling back to a readable form of the type itself. */
export function titleFor(type: string): string {
  const bare = type.replace(/^errors\//, '');
  return TITLES[bare] ?? bare.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** An error that becomes a Unipile RFC 7807 body: `{status, type: "errors/<x>", title, detail?, instance}`. */
export class ApiError extends Error {
  readonly type: string;
  readonly title: string;

  constructor(
    readonly status: number,
    type: string,
    readonly detail?: string,
    title?: string,
  ) {
    super(detail ?? titleFor(type));
    this.name = 'ApiError';
    this.type = type.startsWith('errors/') ? type : `errors/${type}`;
    this.title = title ?? titleFor(type);
  }

  body(instance: string): Record<string, unknown> {
    return {
      status: this.status,
      type: this.type,
      title: this.title,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      instance,
    };
  }
}

export const invalidParameters = (detail: string): ApiError => new ApiError(400, 'invalid_parameters', detail);
export const missingParameters = (detail: string): ApiError => new ApiError(400, 'missing_parameters', detail);
export const resourceNotFound = (detail?: string): ApiError => new ApiError(404, 'resource_not_found', detail);
export const disconnectedAccount = (): ApiError =>
  new ApiError(401, 'disconnected_account', 'The account appears to be disconnected from the provider service.');

/** The 401 Unipile returns for a missing or wrong X-API-KEY (real capture: no detail, no instance). */
export const MISSING_CREDENTIALS_BODY = { status: 401, type: 'errors/missing_credentials', title: 'Missing credentials' } as const;

/** Unknown routes answer like Unipile: 404 `errors/resource_not_found`. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(resourceNotFound(`Cannot ${req.method} ${req.path}`));
};

function isBodyParserError(err: unknown): err is { type: string; status: number } {
  return typeof err === 'object' && err !== null && 'type' in err && typeof (err as { type: unknown }).type === 'string' && 'status' in err;
}

/** Turns anything thrown by a route into an RFC 7807 body; unexpected errors become 500 `unexpected_error`. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    let apiError: ApiError;
    if (err instanceof ApiError) apiError = err;
    else if (isBodyParserError(err) && err.type === 'entity.parse.failed')
      apiError = new ApiError(400, 'malformed_request', 'The request body is not valid JSON.');
    else if (isBodyParserError(err) && err.type === 'entity.too.large')
      apiError = new ApiError(400, 'content_too_large', 'The request body is too large.');
    else {
      logger.error('unexpected error in sandbox route', { method: req.method, path: req.path, err });
      apiError = new ApiError(500, 'unexpected_error', 'An unexpected error occurred.');
    }
    res.status(apiError.status).json(apiError.body(req.originalUrl.split('?')[0] ?? req.path));
  };
}
