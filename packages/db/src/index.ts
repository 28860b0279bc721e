export * from './schema';
export { createDatabase, type Database, type DatabaseOptions, type Db, type DbOrTx, type Tx } from './client';
export * from './queries';
export { pingDatabase, rows } from './rows';
export { runMigrations, ensureDatabase, MIGRATIONS_FOLDER } from './migrate';
export { deliverRowOnce, type DeliverRowOptions, type DeliverRowOutcome, type DeliveryFailure, type DeliveryTable } from './deliver-once';
export { PG_UNIQUE_VIOLATION, PG_FOREIGN_KEY_VIOLATION, pgErrorCode, isPgError, withoutQueryParameters } from './pg-errors';
export { transactionWithRetry, isRetryableTransactionError } from './transaction-retry';
