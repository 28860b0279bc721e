import type { Logger } from '@outreach/logger';
import type { ApiFaults } from './api/faults';
import type { Clock } from './clock';
import type { Scheduler } from './scheduler';
import type { Dispatcher } from './webhooks/dispatcher';
import type { WebhookEvents } from './webhooks/events';
import type { WebhookFaults } from './webhooks/faults';
import type { Account, Chat, Invitation } from './world/types';
import type { World } from './world/world';

/** Reactions of simulated people to what accounts do (see `behaviour.ts`). */
export interface PeopleReactions {
  afterInvitation(invitation: Invitation): void;
  afterOwnMessage(account: Account, chat: Chat): void;
}

/** Everything a route or action needs; built once per sandbox in `server.ts`. */
export interface SandboxContext {
  world: World;
  clock: Clock;
  scheduler: Scheduler;
  dispatcher: Dispatcher;
  events: WebhookEvents;
  webhookFaults: WebhookFaults;
  apiFaults: ApiFaults;
  reactions: PeopleReactions;
  logger: Logger;
  apiKey: string;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  baseUrl: () => string;
}
