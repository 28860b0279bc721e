import type { Db } from '../client';

/**
 * A drizzle prepared query built once per database handle. Drizzle rebuilds a query's SQL on every
 * call otherwise, which was about a fifth of reply-matcher's CPU on the hot path (bench/ingest).
 */
export function oncePerDb<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let prepared = cache.get(db);
    if (prepared === undefined) {
      prepared = build(db);
      cache.set(db, prepared);
    }
    return prepared;
  };
}
