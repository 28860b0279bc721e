import type { ErrorRequestHandler, RequestHandler } from 'express';
import { withoutQueryParameters } from '@outreach/db';
import type { Logger } from '@outreach/logger';

export type ErrorCode =
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'too_many_requests'
  | 'payload_too_large'
  | 'unavailable'
  | 'bad_gateway'
  | 'internal_error';

export interface ErrorDetail {
  location?: 'body' | 'query' | 'params' | 'header';
  path?: string;
  message: string;
  [key: string]: unknown;
}

/** An error with its HTTP meaning; only the gateway maps errors to statuses. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[] | Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'your role does not allow this'): ApiError => new ApiError(403, 'forbidden', message);
export const unauthorized = (message = 'authentication required'): ApiError => new ApiError(401, 'unauthorized', message);

/** The platform's one error shape: `{error: {code, message, details}}`. */
export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export const notFoundHandler: RequestHandler = (req, _res, next) =>
  next(new ApiError(404, 'not_found', `no route ${req.method} ${req.path}`));

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    // A refused request whose body was never read (401 before an upload, 413): close the connection
    // instead of draining what the client is still sending.
    if (!req.complete) res.setHeader('Connection', 'close');
    if (err instanceof ApiError) {
      res.status(err.status).json(errorBody(err.code, err.message, err.details));
      return;
    }
    const e = err as { type?: string; status?: number; limit?: number; message?: string };
    if (e.type === 'entity.too.large')
      return void res.status(413).json(errorBody('payload_too_large', `body exceeds the ${e.limit} byte limit`));
    if (e.type === 'entity.parse.failed')
      return void res.status(400).json(errorBody('validation_failed', `body is not valid JSON: ${e.message}`));
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
      return void res.status(e.status).json(errorBody('validation_failed', e.message ?? 'bad request'));
    // A failed query keeps its SQL text, SQLSTATE and constraint, never its parameters or the values
    // Postgres repeats in `detail` (an email, a key hash): the logger's masking cannot know those.
    logger.error('unhandled error', { method: req.method, path: req.path, err: withoutQueryParameters(err) });
    res.status(500).json(errorBody('internal_error', 'internal error'));
  };
}
