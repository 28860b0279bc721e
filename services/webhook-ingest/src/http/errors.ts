import type { ErrorRequestHandler, Response } from 'express';

/** The platform's one error shape. */
export function sendError(res: Response, status: number, code: string, message: string, details?: unknown): void {
  res.status(status).json({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

/** Maps body-parser failures to their proper statuses; anything else is a 500 without internals. */
export const errorHandler: ErrorRequestHandler = (err: { type?: string; status?: number; limit?: number }, _req, res, _next) => {
  if (err.type === 'entity.too.large') return sendError(res, 413, 'payload_too_large', `body exceeds the ${err.limit} byte limit`);
  if (err.type === 'request.aborted') return sendError(res, 400, 'request_aborted', 'the request body was not received completely');
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) return sendError(res, err.status, 'bad_request', 'unreadable request body');
  return sendError(res, 500, 'internal_error', 'internal error');
};
