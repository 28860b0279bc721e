export {
  startSandbox,
  DEFAULT_SANDBOX_PORT,
  DEFAULT_WEBHOOK_RETRY_DELAYS_MS,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  type Sandbox,
  type SandboxOptions,
} from './server';
export { SandboxControl, SandboxControlError } from './control/client';
export type {
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
} from './control/schemas';
export type {
  AcceptResponse,
  AccountStatus,
  AccountStatusResponse,
  AccountView,
  ApiFault,
  DeliveriesResponse,
  Delivery,
  DeliveryAttempt,
  DeliveryFilter,
  HostedCompleteResponse,
  MessageView,
  PersonView,
  RelationView,
  ReplyResponse,
  SentLog,
  SettleResponse,
  WebhookFault,
} from './control/types';
export { startWebhookReceiver, type WebhookReceiver, type ReceivedRequest } from './testing/webhook-receiver';
