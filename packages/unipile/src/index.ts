export { createUnipileClient, toUnipileDate, type UnipileClient, type PageQuery, type WebhookRegistration } from './client/client';
export { UnipileError, isResolvedByReconnection, type UnipileProblem } from './client/errors';
export type { HttpOptions } from './client/http';
export * from './client/schemas';
export { classifyDelivery, deriveDeliveryKey, MESSAGING_EVENTS, type DeliveryKind } from './webhooks/classify';
export * from './webhooks/normalize';
export { ensureWebhooks, WEBHOOK_SPECS, type WebhookTarget, type EnsureWebhooksResult } from './webhooks/ensure';
