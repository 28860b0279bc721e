import type { Logger } from '@outreach/logger';
import type { Db, Tx } from './client';
import { pgErrorCode } from './pg-errors';

/** Deadlock and serialization failures: Postgres rolled the transaction back and it may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);

/** True when `err` is a failure that retrying the whole transaction resolves. */
export const isRetryableTransactionError = (err: unknown): boolean => RETRYABLE.has(pgErrorCode(err) ?? '');

/**
 * Runs `work` in a transaction, running it again (up to `attempts` times in all) when Postgres
 * aborted it for a deadlock or a serialization failure. A safety net for operator actions that must
 * not fail (pause, stop): lock ordering is the fix, this covers a cycle nobody foresaw. Each retry is
 * logged with the error, so the cause is visible outside the Postgres server log. Any other error,
 * and the last attempt's, is thrown as is; `work` must be safe to re-run (it is a whole transaction).
 */
export async function transactionWithRetry<T>(
  db: Db,
  work: (tx: Tx) => Promise<T>,
  options: { logger: Logger; what: string; attempts?: number },
): Promise<T> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction(work);
    } catch (err) {
      if (attempt >= attempts || !isRetryableTransactionError(err)) throw err;
      options.logger.warn('transaction aborted by Postgres, running it again', {
        what: options.what,
        attempt,
        code: pgErrorCode(err),
        err,
      });
    }
  }
}
