import type { Account, Message, Person } from '../world/types';
import type { World } from '../world/world';
import type { Dispatcher, OutboundEvent } from './dispatcher';
import { accountStatusPayload, messagingPayload, newRelationPayload, type MessagingEvent, type MessagingExtras } from './payloads';

/**
 * Turns state changes into webhook events. While an account is not OK, Unipile sends no messaging
 * or relation webhooks; what happened meanwhile arrives after it reconnects, so those events are
 * held per account and released on the transition back to OK.
 */
export class WebhookEvents {
  private readonly held = new Map<string, OutboundEvent[]>();

  constructor(
    private readonly world: World,
    private readonly dispatcher: Dispatcher,
  ) {}

  messaging(account: Account, event: MessagingEvent, message: Message, extras: MessagingExtras = {}): void {
    this.publishOrHold(account, {
      source: 'messaging',
      event,
      accountId: account.id,
      build: (name) => messagingPayload(this.world, account, event, message, extras, name),
    });
  }

  newRelation(account: Account, person: Person): void {
    this.publishOrHold(account, {
      source: 'users',
      event: 'new_relation',
      accountId: account.id,
      build: (name) => newRelationPayload(account, person, name),
    });
  }

  /** Emits `{"AccountStatus": …}`; callers only call this on an actual transition. */
  accountStatus(account: Account, message: string): void {
    this.dispatcher.publish({
      source: 'account_status',
      event: message.toLowerCase(),
      accountId: account.id,
      build: () => accountStatusPayload(account.id, message),
    });
    if (account.status === 'OK') this.release(account.id);
  }

  /** Number of events waiting for an account to come back to OK. */
  heldCount(accountId: string): number {
    return this.held.get(accountId)?.length ?? 0;
  }

  private publishOrHold(account: Account, event: OutboundEvent): void {
    if (account.status === 'OK') {
      this.dispatcher.publish(event);
      return;
    }
    const queue = this.held.get(account.id) ?? [];
    queue.push(event);
    this.held.set(account.id, queue);
  }

  private release(accountId: string): void {
    const queue = this.held.get(accountId);
    this.held.delete(accountId);
    for (const event of queue ?? []) this.dispatcher.publish(event);
  }
}
