import { latestInboxEventId, readInboxEventsAfter, stampAllInboxEvents, type InboxEventRow } from '@outreach/db';
import type { AuthContext } from '../../auth/context';
import type { GatewayDeps, StreamSettings } from '../../deps';
import { unauthorized } from '../../http/errors';
import { z } from '../../http/openapi';
import type { RouteDefiner } from '../../http/route';
import { timestamp } from '../../http/schemas';
import { StreamHub } from '../../inbox-stream/hub';
import { issueTicket, redeemTicket } from '../../inbox-stream/tickets';

const REPLAY_BATCH = 500;
/** Proxies drop idle connections: a comment line well inside 25 s keeps the stream open. */
const DEFAULT_PING_MS = 20_000;

const streamQuery = z
  .object({
    ticket: z.string().min(1).max(100).openapi({ description: 'From POST /api/inbox/stream-ticket; single use, 60 s' }),
    last_event_id: z.coerce
      .number()
      .int()
      .min(0)
      .optional()
      .openapi({ description: 'Replay after this id (the `Last-Event-ID` header wins)' }),
  })
  .strict();

/** Whether a stream may see an event: its tenant (admins: all), and read state only to its owner. */
function visible(auth: AuthContext, e: InboxEventRow): boolean {
  if (auth.role !== 'admin' && e.client_id !== auth.clientId) return false;
  if (e.type === 'conversation.read_state') return e.payload.user_id === auth.userId;
  return true;
}

/** Live inbox updates over Server-Sent Events, with replay from the outbox. */
/** One event's SSE frame, built once however many streams it fans out to (one relayed row object each). */
const frames = new WeakMap<InboxEventRow, string>();
function frameOf(e: InboxEventRow): string {
  let frame = frames.get(e);
  if (frame === undefined) {
    const data = { id: e.id, type: e.type, conversation_id: e.conversation_id, created_at: e.created_at, ...e.payload };
    frame = `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(data)}\n\n`;
    frames.set(e, frame);
  }
  return frame;
}

export function registerInboxStreamRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const settings: StreamSettings = deps.inboxStream ?? {};
  const hub = new StreamHub({ db: deps.db, redis: deps.redis, prefix: deps.queuePrefix, logger: deps.logger, pollMs: settings.pollMs });
  const pingMs = settings.pingMs ?? DEFAULT_PING_MS;

  route(
    {
      method: 'post',
      path: '/api/inbox/stream-ticket',
      summary: 'A single-use ticket (60 s) for GET /api/inbox/stream, which EventSource cannot send headers to',
      tags: ['inbox'],
      access: 'read',
      response: z.object({ ticket: z.string(), expires_at: timestamp }).openapi('InboxStreamTicket'),
    },
    async ({ auth }) => {
      const t = await issueTicket(deps.redis, deps.queuePrefix, auth);
      return { ticket: t.ticket, expires_at: t.expiresAt.toISOString() };
    },
  );

  route(
    {
      method: 'get',
      path: '/api/inbox/stream',
      summary: 'Server-Sent Events: inbox changes of the ticket holder’s tenant, ids strictly increasing, replay from Last-Event-ID',
      tags: ['inbox'],
      access: 'public',
      query: streamQuery,
      responseDescription:
        '`text/event-stream`: `id`, `event` (message.created, message.updated, conversation.updated, conversation.read_state) and JSON `data`; a `: ping` comment at least every 25 s',
    },
    async ({ query, req, res }) => {
      const auth = await redeemTicket(deps.redis, deps.queuePrefix, query.ticket);
      if (!auth) throw unauthorized('the stream ticket is unknown, used or expired');
      const header = req.get('last-event-id');
      let last = header !== undefined && /^\d{1,18}$/.test(header) ? Number(header) : (query.last_event_id ?? null);

      let replaying = true;
      const buffered: InboxEventRow[] = [];
      const write = (e: InboxEventRow) => {
        if (last !== null && e.id <= last) return;
        last = e.id;
        if (!visible(auth, e)) return;
        res.write(frameOf(e));
      };
      const subscriber = { deliver: (e: InboxEventRow) => (replaying ? buffered.push(e) : write(e)) };
      let ping: NodeJS.Timeout | null = null;
      let closed = false;
      // The response's close (the client went away), not the request's: that one fires once a GET is read.
      res.on('close', () => {
        closed = true;
        if (ping) clearInterval(ping);
        hub.remove(subscriber);
      });
      await hub.add(subscriber);
      // Everything committed before this connection gets its public id now, so "now" (and the
      // replay) covers it; the relay stamps what commits later, above it.
      await stampAllInboxEvents(deps.db);
      // Without Last-Event-ID the stream starts now: nothing before this connection is replayed.
      if (last === null) last = await latestInboxEventId(deps.db);
      if (closed) {
        hub.remove(subscriber);
        return;
      }
      // The answer starts only now: a client that acts once it has the headers acts after "now".
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 3000\n\n');
      ping = setInterval(() => res.write(': ping\n\n'), pingMs);
      const scope = auth.role === 'admin' ? null : auth.clientId;
      for (;;) {
        const batch = await readInboxEventsAfter(deps.db, last, scope, REPLAY_BATCH);
        for (const e of batch) write(e);
        if (batch.length < REPLAY_BATCH) break;
      }
      replaying = false;
      for (const e of buffered.splice(0)) write(e);
    },
  );
}
