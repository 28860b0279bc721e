import { randomUUID } from 'node:crypto';
import { latestInboxEventId, readInboxEventsAfter, stampAllInboxEvents, stampInboxEvents, type Db, type InboxEventRow } from '@outreach/db';
import type { Logger } from '@outreach/logger';
import { duplicateForBlocking, inboxWakeChannel, type RedisConnection } from '@outreach/queues';

/** One open stream: what it may see and where its events go. */
export interface StreamSubscriber {
  deliver(event: InboxEventRow): void;
}

export interface HubOptions {
  db: Db;
  redis: RedisConnection;
  prefix: string;
  logger: Logger;
  /** How often the relay leader looks for new outbox rows without being woken (writers wake it). */
  pollMs?: number;
}

const BATCH = 500;
/** Without a leader for this long, a new one starts from the newest row instead of relaying a backlog. */
const LAST_TTL_MS = 10 * 60_000;
/** Takes the lease (1) or renews ours (2) in one round trip; 0 when another replica holds it. */
const LEASE_SCRIPT = `
if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 end
if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return 2 end
return 0`;
/** Gives the lease up if it is ours, so a replica that still has streams leads at once. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/**
 * Fans the outbox out to every open stream of every gateway replica. One replica at a time (a
 * Redis lease) stamps the public ids of newly committed `inbox_events` rows (`stampInboxEvents`),
 * reads the stamped rows after the last one relayed and publishes them on a Redis channel; every
 * replica with open streams subscribes and hands each event to its streams, which filter by tenant
 * and role. Public ids become visible in order, so "after the last id" never skips a row; the last
 * relayed id lives in Redis so a new leader continues where the old one stopped. A replica with no open
 * stream neither subscribes nor leads: no open stream, no work.
 */
export class StreamHub {
  private readonly subscribers = new Set<StreamSubscriber>();
  private subscriber: RedisConnection | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private again = false;
  /** The last id this replica relayed while it kept the lease: spares a Redis read per tick. */
  private last: number | null = null;
  private readonly wakeChannel: string;
  private readonly me = randomUUID();
  private readonly channel: string;
  private readonly leaseKey: string;
  private readonly lastKey: string;
  private readonly pollMs: number;

  constructor(private readonly o: HubOptions) {
    this.channel = `${o.prefix}:inbox:events`;
    this.wakeChannel = inboxWakeChannel(o.prefix);
    this.leaseKey = `${o.prefix}:inbox:relay-lease`;
    this.lastKey = `${o.prefix}:inbox:relay-last`;
    this.pollMs = o.pollMs ?? 1000;
  }

  async add(s: StreamSubscriber): Promise<void> {
    this.subscribers.add(s);
    if (!this.subscriber) await this.start();
  }

  remove(s: StreamSubscriber): void {
    this.subscribers.delete(s);
    if (this.subscribers.size === 0) this.stop();
  }

  private async start(): Promise<void> {
    const sub = duplicateForBlocking(this.o.redis);
    sub.on('error', (err) => this.o.logger.warn('inbox stream subscriber error', { err }));
    this.subscriber = sub;
    sub.on('message', (channel: string, message: string) => {
      if (channel === this.wakeChannel) {
        void this.tick();
        return;
      }
      let events: InboxEventRow[];
      try {
        events = JSON.parse(message) as InboxEventRow[];
      } catch (err) {
        this.o.logger.warn('unreadable inbox stream message', { err });
        return;
      }
      for (const event of events) for (const s of this.subscribers) s.deliver(event);
    });
    await sub.subscribe(this.channel, this.wakeChannel);
    // Before any stream replays: from here on the relay publishes every new row, and the stream's
    // own replay (read after this) covers everything before. Kept while some leader relays. With
    // no leader for a while, the backlog is stamped first: replayable, not pushed to fresh streams.
    if ((await this.o.redis.exists(this.lastKey)) === 0) await stampAllInboxEvents(this.o.db);
    await this.o.redis.set(this.lastKey, String(await latestInboxEventId(this.o.db)), 'PX', LAST_TTL_MS, 'NX');
    // Every stream may have closed while this started: then stop() already ran, and no timer is due.
    if (this.subscriber !== sub) return;
    this.timer = setInterval(() => void this.tick(), this.pollMs);
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.subscriber?.disconnect();
    this.subscriber = null;
    this.last = null;
    this.o.redis
      .eval(RELEASE_SCRIPT, 1, this.leaseKey, this.me)
      .catch((err: unknown) => this.o.logger.warn('inbox stream lease not released', { err }));
  }

  /**
   * Leads if the lease is free or ours, then relays new events. A wake during a tick runs another
   * one right after it (the events that woke it may have committed after this one's read).
   */
  private async tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    try {
      do {
        this.again = false;
        if ((await this.relay()) === BATCH) this.again = true;
      } while (this.again && this.subscriber);
    } finally {
      this.ticking = false;
    }
  }

  /** One batch; returns how many events it published (0 when not the leader). */
  private async relay(): Promise<number> {
    try {
      const lease = Math.max(this.pollMs * 3, 3000);
      const held = Number(await this.o.redis.eval(LEASE_SCRIPT, 1, this.leaseKey, this.me, String(lease)));
      if (held === 0) {
        this.last = null;
        return 0;
      }
      await stampInboxEvents(this.o.db, BATCH);
      // A lease just taken: another leader may have relayed meanwhile, so its position counts.
      let last = held === 2 ? this.last : null;
      if (last === null) {
        const stored = await this.o.redis.get(this.lastKey);
        last = stored === null ? await latestInboxEventId(this.o.db) : Number(stored);
      }
      const events = await readInboxEventsAfter(this.o.db, last, null, BATCH);
      const next = events.length > 0 ? events[events.length - 1]!.id : last;
      const relay = this.o.redis.multi();
      if (events.length > 0) relay.publish(this.channel, JSON.stringify(events));
      await relay.set(this.lastKey, String(next), 'PX', LAST_TTL_MS).exec();
      this.last = next;
      return events.length;
    } catch (err) {
      this.last = null;
      this.o.logger.warn('inbox stream relay failed; retrying', { err });
      return 0;
    }
  }
}
