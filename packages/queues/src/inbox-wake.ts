import type { RedisConnection } from './connection';

/** The Redis channel on which writers of `inbox_events` wake the SSE relay (see the gateway's StreamHub). */
export const inboxWakeChannel = (prefix: string): string => `${prefix}:inbox:wake`;

interface Waker {
  connection: RedisConnection;
  prefix: string;
  publishing: boolean;
  again: boolean;
}

// Keyed by the `Queues` object (not imported: queues.ts imports this file) every service already passes around.
const wakers = new WeakMap<object, Waker>();

/** Called by `createQueues`: the connection and prefix a process's wakes go out on. */
export function registerInboxWaker(queues: object, connection: RedisConnection, prefix: string): void {
  wakers.set(queues, { connection, prefix, publishing: false, again: false });
}

/**
 * Tells the SSE relay that outbox rows committed: call it after the commit. Not Postgres NOTIFY:
 * a committing transaction that notified takes a database-wide lock until its commit ends, which
 * would serialise reply commits again. Fire and forget, coalesced per process (at most one publish
 * in flight, plus one after it for any wake meanwhile); a lost wake costs only latency, since the
 * relay also polls slowly.
 */
export function wakeInboxRelay(queues: object): void {
  const w = wakers.get(queues);
  if (!w) return;
  if (w.publishing) {
    w.again = true;
    return;
  }
  w.publishing = true;
  const publish = async (): Promise<void> => {
    try {
      do {
        w.again = false;
        await w.connection.publish(inboxWakeChannel(w.prefix), '1');
      } while (w.again);
    } catch {
      // The relay's slow poll picks the events up.
    } finally {
      w.publishing = false;
    }
  };
  void publish();
}
