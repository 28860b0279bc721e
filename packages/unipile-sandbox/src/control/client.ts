import type {
  AcceptInput,
  AccountCreateInput,
  ApiFaultCreateInput,
  HostedCompleteInput,
  PeopleBulkInput,
  PersonCreateInput,
  ReactInput,
  ReadInput,
  RelationCreateInput,
  ReplyInput,
  WebhookFaultCreateInput,
} from './schemas';
import type {
  AcceptResponse,
  AccountStatus,
  AccountStatusResponse,
  AccountView,
  ApiFault,
  DeliveriesResponse,
  DeliveryFilter,
  HostedCompleteResponse,
  MessageView,
  PersonView,
  RelationView,
  ReplyResponse,
  SentLog,
  SettleResponse,
  WebhookFault,
} from './types';

/** A non-2xx answer from the control API; `body` is the RFC 7807 error. */
export class SandboxControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`sandbox control call failed with ${status}: ${JSON.stringify(body)}`);
    this.name = 'SandboxControlError';
  }
}

/** Typed client for the sandbox's `/_sandbox` control API (tests and demos; not part of Unipile). */
export class SandboxControl {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly apiKey: string,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  createAccount(input: AccountCreateInput): Promise<AccountView> {
    return this.call('POST', '/accounts', input);
  }

  /** Changes an account's status; the AccountStatus webhook fires only if it changed. */
  setAccountStatus(accountId: string, status: AccountStatus): Promise<AccountStatusResponse> {
    return this.call('POST', `/accounts/${enc(accountId)}/status`, { status });
  }

  /** Finishes a hosted-auth link (its token or the whole url from `POST /hosted/accounts/link`). */
  completeHostedAuth(tokenOrUrl: string, input: HostedCompleteInput = {}): Promise<HostedCompleteResponse> {
    const token = tokenOrUrl.split('/hosted/').pop() ?? tokenOrUrl;
    return this.call('POST', `/hosted/${enc(token)}/complete`, input);
  }

  /** Creates a LinkedIn member, or updates the one with the same provider id. */
  createPerson(input: PersonCreateInput): Promise<PersonView> {
    return this.call('POST', '/people', input);
  }

  /** Creates (or updates) up to 5,000 people in one call; answers how many. */
  createPeople(input: PeopleBulkInput): Promise<{ created: number }> {
    return this.call('POST', '/people/bulk', input);
  }

  /** Any identifier form: provider id, slug, member id, `urn:li:member:N`, `urn:li:fsd_profile:…`. */
  getPerson(identifier: string): Promise<PersonView> {
    return this.call('GET', `/people/${enc(identifier)}`);
  }

  /** Makes a person first-degree for an account (optionally emitting `new_relation`). */
  connect(input: RelationCreateInput): Promise<RelationView> {
    return this.call('POST', '/relations', input);
  }

  /** The person accepts the account's pending invitation. */
  accept(providerId: string, input: AcceptInput): Promise<AcceptResponse> {
    return this.call('POST', `/people/${enc(providerId)}/accept`, input);
  }

  /** The person writes to the account (`message_received` with `is_sender: false`). */
  reply(providerId: string, input: ReplyInput): Promise<ReplyResponse> {
    return this.call('POST', `/people/${enc(providerId)}/reply`, input);
  }

  editMessage(messageId: string, text: string): Promise<MessageView> {
    return this.call('POST', `/messages/${enc(messageId)}/edit`, { text });
  }

  reactToMessage(messageId: string, input: ReactInput): Promise<MessageView> {
    return this.call('POST', `/messages/${enc(messageId)}/react`, input);
  }

  readMessage(messageId: string, input: ReadInput = {}): Promise<MessageView> {
    return this.call('POST', `/messages/${enc(messageId)}/read`, input);
  }

  deleteMessage(messageId: string): Promise<MessageView> {
    return this.call('POST', `/messages/${enc(messageId)}/delete`, {});
  }

  addWebhookFault(input: WebhookFaultCreateInput): Promise<WebhookFault> {
    return this.call('POST', '/faults/webhooks', input);
  }

  addApiFault(input: ApiFaultCreateInput): Promise<ApiFault> {
    return this.call('POST', '/faults/api', input);
  }

  listFaults(): Promise<{ webhooks: WebhookFault[]; api: ApiFault[] }> {
    return this.call('GET', '/faults');
  }

  clearFaults(): Promise<{ cleared: true }> {
    return this.call('DELETE', '/faults');
  }

  /** Everything accounts sent (invitations, messages, withdrawals, profile views). */
  sent(accountId?: string): Promise<SentLog> {
    return this.call('GET', `/sent${query({ account_id: accountId })}`);
  }

  deliveries(filter: DeliveryFilter = {}): Promise<DeliveriesResponse> {
    return this.call('GET', `/deliveries${query({ ...filter })}`);
  }

  /** Resolves once no delivery, retry or simulated action is pending (or after `maxWaitMs`). */
  settle(maxWaitMs?: number): Promise<SettleResponse> {
    return this.call('POST', '/deliveries/settle', maxWaitMs === undefined ? {} : { max_wait_ms: maxWaitMs });
  }

  /** Moves the sandbox clock forward (cooldowns, weekly quotas); timers keep real time. */
  advanceClock(ms: number): Promise<{ now: string }> {
    return this.call('POST', '/clock/advance', { ms });
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/_sandbox${path}`, {
      method,
      headers: {
        'X-API-KEY': this.apiKey,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const parsed: unknown = text === '' ? null : JSON.parse(text);
    if (!res.ok) throw new SandboxControlError(res.status, parsed);
    return parsed as T;
  }
}

const enc = encodeURIComponent;

function query(params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`;
}
