export * from './schema';
export { createDatabase, type Database, type DatabaseOptions, type Db, type DbOrTx, type Tx } from './client';
export * from './queries';
export { runMigrations, ensureDatabase, MIGRATIONS_FOLDER } from './migrate';
export { and, eq, inArray, isNull, isNotNull, or, sql, desc, asc, gt, gte, lt, lte, ne, notInArray, type SQL } from 'drizzle-orm';
export { PG_UNIQUE_VIOLATION, PG_FOREIGN_KEY_VIOLATION, pgErrorCode, isPgError, withoutQueryParameters } from './pg-errors';
export { transactionWithRetry, isRetryableTransactionError } from './transaction-retry';
