import type http from 'node:http';
import type { Logger } from '@outreach/logger';
import type { Clock } from '../clock';
import { newUnipileId } from '../ids';
import type { Scheduler } from '../scheduler';
import type { WebhookRegistration, WebhookSource } from '../world/types';
import type { World } from '../world/world';
import type { WebhookFault, WebhookFaults } from './faults';
import { applyRenames } from './payloads';
import { postRaw } from './transport';

/** Something that happened, before it is fanned out to the registrations that want it. */
export interface OutboundEvent {
  source: WebhookSource;
  /** `message_received`…, `new_relation`, or the lowercase account status (`creation_success`). */
  event: string;
  accountId: string;
  /** Builds the payload for one registration (it carries that registration's `webhook_name`). */
  build: (webhookName: string) => Record<string, unknown>;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'dropped';

export interface Delivery {
  id: string;
  webhook_id: string | null;
  url: string;
  event: string;
  account_id: string;
  state: DeliveryState;
  fault: string | null;
  attempts: number;
  headers: Record<string, string>;
  body: string;
  created_at: string;
  finished_at: string | null;
}

export interface DeliveryAttempt {
  delivery_id: string;
  webhook_id: string | null;
  url: string;
  event: string;
  account_id: string;
  /** 1 for the first try, 2..6 for the retries. */
  attempt: number;
  headers: Record<string, string>;
  body: string;
  status: number | null;
  error: string | null;
  started_at: string;
  finished_at: string;
}

export interface DispatcherOptions {
  world: World;
  clock: Clock;
  scheduler: Scheduler;
  faults: WebhookFaults;
  logger: Logger;
  timeoutMs: number;
  retryDelaysMs: number[];
}

/** Default events when a registration lists none (SDK descriptions; account status: every transition). */
const DEFAULT_EVENTS: Record<WebhookSource, string[] | 'all'> = {
  messaging: ['message_received'],
  users: ['new_relation'],
  account_status: 'all',
};

/**
 * Delivers webhooks the way Unipile does: a POST per enabled matching registration, only the
 * configured headers, a 30 s timeout, then up to 5 retries with growing delays. Every attempt is
 * logged so tests can assert on exact bytes and headers.
 */
export class Dispatcher {
  readonly deliveries: Delivery[] = [];
  readonly attempts: DeliveryAttempt[] = [];
  private readonly inFlight = new Set<http.ClientRequest>();

  constructor(private readonly options: DispatcherOptions) {}

  publish(event: OutboundEvent): void {
    for (const hook of this.options.world.webhooks.values()) {
      if (!this.wants(hook, event)) continue;
      const body = JSON.stringify(applyRenames(event.build(hook.name), hook.data));
      const headers = Object.fromEntries(hook.headers.map((h) => [h.key, h.value]));
      this.enqueue({ webhookId: hook.id, url: hook.requestUrl, event: event.event, accountId: event.accountId, headers, body });
    }
  }

  /** A one-off POST outside registrations (hosted-auth `notify_url`), with the same retries. */
  deliverDirect(input: { url: string; event: string; accountId: string; headers: Record<string, string>; body: string }): void {
    this.enqueue({ webhookId: null, ...input });
  }

  get pending(): number {
    return this.deliveries.filter((d) => d.state === 'pending').length;
  }

  /** Aborts requests in flight; the scheduler cancels the retries still waiting. */
  close(): void {
    for (const req of this.inFlight) req.destroy(new Error('sandbox closed'));
    this.inFlight.clear();
  }

  private wants(hook: WebhookRegistration, event: OutboundEvent): boolean {
    if (!hook.enabled || hook.source !== event.source) return false;
    if (hook.accountIds.length > 0 && !hook.accountIds.includes(event.accountId)) return false;
    const events = hook.events.length > 0 ? hook.events : DEFAULT_EVENTS[hook.source];
    return events === 'all' || events.includes(event.event);
  }

  private enqueue(input: {
    webhookId: string | null;
    url: string;
    event: string;
    accountId: string;
    headers: Record<string, string>;
    body: string;
  }): void {
    const fault =
      input.webhookId === null
        ? undefined
        : this.options.faults.take({ event: input.event, accountId: input.accountId, webhookId: input.webhookId });
    const copies = fault?.mode === 'duplicate' ? Math.max(1, fault.copies) : 1;
    for (let i = 0; i < copies; i++) {
      const delivery: Delivery = {
        id: newUnipileId(),
        webhook_id: input.webhookId,
        url: input.url,
        event: input.event,
        account_id: input.accountId,
        state: fault?.mode === 'drop' ? 'dropped' : 'pending',
        fault: fault ? fault.mode : null,
        attempts: 0,
        headers: transportHeaders(input.url, input.headers, input.body),
        body: input.body,
        created_at: this.options.clock.now().toISOString(),
        finished_at: null,
      };
      this.deliveries.push(delivery);
      if (delivery.state === 'dropped') {
        delivery.finished_at = delivery.created_at;
        continue;
      }
      this.options.scheduler.schedule(fault?.mode === 'delay' ? fault.delay_ms : 0, `webhook ${delivery.id}`, () =>
        this.attempt(delivery, fault),
      );
    }
  }

  private async attempt(delivery: Delivery, fault: WebhookFault | undefined): Promise<void> {
    const attemptNo = delivery.attempts + 1;
    delivery.attempts = attemptNo;
    const startedAt = this.options.clock.now().toISOString();
    const result =
      attemptNo === 1 && fault?.mode === 'fail'
        ? { status: null, error: 'sandbox fault: first attempt failed' }
        : await postRaw(delivery.url, delivery.headers, Buffer.from(delivery.body), this.options.timeoutMs, (req) => {
            this.inFlight.add(req);
            return () => this.inFlight.delete(req);
          });
    this.attempts.push({
      delivery_id: delivery.id,
      webhook_id: delivery.webhook_id,
      url: delivery.url,
      event: delivery.event,
      account_id: delivery.account_id,
      attempt: attemptNo,
      headers: delivery.headers,
      body: delivery.body,
      status: result.status,
      error: result.error,
      started_at: startedAt,
      finished_at: this.options.clock.now().toISOString(),
    });
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const log = this.options.logger.child({
      deliveryId: delivery.id,
      webhookId: delivery.webhook_id,
      event: delivery.event,
      attempt: attemptNo,
    });
    if (ok) {
      delivery.state = 'delivered';
      delivery.finished_at = this.options.clock.now().toISOString();
      log.debug('webhook delivered', { status: result.status });
      return;
    }
    const delay = this.options.retryDelaysMs[attemptNo - 1];
    if (delay === undefined) {
      delivery.state = 'failed';
      delivery.finished_at = this.options.clock.now().toISOString();
      log.warn('webhook given up after retries', { status: result.status, error: result.error });
      return;
    }
    log.info('webhook attempt failed, retrying', { status: result.status, error: result.error, retryInMs: delay });
    this.options.scheduler.schedule(delay, `webhook ${delivery.id} retry`, () => this.attempt(delivery, fault));
  }
}

/**
 * The configured headers plus the three HTTP needs, written explicitly so the log shows exactly
 * what went on the wire. Anything the registration set for these names is replaced.
 */
function transportHeaders(url: string, configured: Record<string, string>, body: string): Record<string, string> {
  const transport = new Set(['host', 'connection', 'content-length', 'transfer-encoding']);
  const kept = Object.fromEntries(Object.entries(configured).filter(([key]) => !transport.has(key.toLowerCase())));
  let host = '';
  try {
    host = new URL(url).host;
  } catch {
    // postRaw reports the invalid url as the attempt's error
  }
  return { ...kept, Host: host, Connection: 'close', 'Content-Length': String(Buffer.byteLength(body)) };
}
