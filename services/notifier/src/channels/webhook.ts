import { createHmac } from 'node:crypto';
import { conversationUrl } from '@outreach/email';
import { leadName, profileUrlOf, type EventContext } from '../event-context';
import { postJson, type HttpOptions } from './http';

/** The JSON body every outbound webhook carries (Standard Webhooks' recommended shape). */
export interface WebhookBody {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/**
 * The Standard Webhooks signature: `v1,` + base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`,
 * keyed with the base64-decoded part of the secret after `whsec_`.
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The three Standard Webhooks headers for one delivery attempt (the timestamp is the attempt's). */
export function webhookHeaders(secret: string, id: string, now: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, id, timestamp, body) };
}

/** Only scalar meta values leave the platform: meta may grow keys nobody meant to publish. */
function scalarMeta(meta: Record<string, unknown>, keys: string[]): Record<string, string | number | boolean | null> {
  return Object.fromEntries(
    keys.filter((k) => k in meta).map((k) => [k, typeof meta[k] === 'object' ? null : (meta[k] as string | number | boolean)]),
  );
}

/** The body for one event: ids and the fields a CRM needs, never the event row as stored. */
export function webhookBody(context: EventContext, appBaseUrl: string): WebhookBody {
  const { event, lead, campaign, account } = context;
  const data: Record<string, unknown> = {
    event_id: event.id,
    client_id: event.clientId,
    occurred_at: event.occurredAt.toISOString(),
    campaign: campaign ? { id: campaign.id, name: campaign.name } : null,
    linkedin_account: account ? { id: account.id, name: account.name, status: account.status } : null,
    lead: lead
      ? {
          id: lead.id,
          name: leadName(lead) || null,
          first_name: lead.firstName,
          last_name: lead.lastName,
          company: lead.company,
          title: lead.title,
          profile_url: profileUrlOf(lead),
          conversation_url: conversationUrl(appBaseUrl, lead.id),
        }
      : null,
  };
  if (event.type === 'message_received') {
    data.message = {
      text: context.replyText,
      chat_id: typeof event.meta.chat_id === 'string' ? event.meta.chat_id : null,
      detection: event.meta.detection ?? null,
    };
  } else if (event.type === 'connection_accepted') {
    data.detection = event.meta.detection ?? null;
  } else if (event.type === 'account_status_changed') {
    Object.assign(data, scalarMeta(event.meta, ['from', 'to']));
  } else if (event.type === 'rate_limited') {
    data.details = scalarMeta(event.meta, ['action', 'reason', 'code', 'cooldown_until', 'method']);
  }
  return { type: event.type, timestamp: event.occurredAt.toISOString(), data };
}

/** Delivers one signed webhook; `id` (the notification's id) stays the same across retries so receivers can dedupe. */
export async function postWebhook(
  url: string,
  secret: string,
  id: string,
  body: WebhookBody,
  http: HttpOptions,
  now: () => Date = () => new Date(),
): Promise<void> {
  const raw = JSON.stringify(body);
  await postJson(url, raw, webhookHeaders(secret, id, now(), raw), http);
}
