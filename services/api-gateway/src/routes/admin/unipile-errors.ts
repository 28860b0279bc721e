import { UnipileError } from '@outreach/unipile';
import { ApiError, notFound } from '../../http/errors';

/**
 * Turns a Unipile failure into the gateway's answer: its 404 is ours (the thing is not there),
 * anything else is a bad gateway with Unipile's status and code, never its raw body.
 */
export function fromUnipileError(err: unknown, what: string): unknown {
  if (!(err instanceof UnipileError)) return err;
  if (err.status === 404) return notFound(what);
  const message = err.status === 0 ? `Unipile did not answer (${err.code})` : `Unipile answered ${err.status} (${err.code})`;
  return new ApiError(502, 'bad_gateway', message, { unipile_status: err.status, unipile_code: err.code });
}
