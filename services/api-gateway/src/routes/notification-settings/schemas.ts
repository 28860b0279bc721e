import { WEBHOOK_EVENT_TYPES } from '@outreach/db';
import { z } from '../../http/openapi';
import { timestamp } from '../../http/schemas';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The notifier POSTs to these URLs from inside the platform, so plain http is refused except to
 * this machine, and only where the deployment allows it (development and tests).
 */
export function isAllowedHookUrl(value: string, allowLocalHttp: boolean): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  return url.protocol === 'https:' || (allowLocalHttp && url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
}

/** What marks a masked hook URL; a URL containing it is never a real one. */
export const HOOK_MASK = '/****';

/**
 * A Slack incoming-webhook URL is itself the credential (whoever has it can post), and the secret
 * part may sit anywhere in the path or the query, so the API shows only the origin and, for a long
 * enough URL, its last four characters. A PUT that sends the masked form back keeps the stored URL.
 */
export function maskHookUrl(value: string): string {
  const url = new URL(value);
  const rest = `${url.pathname}${url.search}`;
  const tail = rest.length >= 24 ? rest.slice(-4) : '';
  return `${url.origin}${HOOK_MASK}${tail}`;
}

const recipients = (description: string) =>
  z
    .array(z.string().trim().max(320, 'must be at most 320 characters').toLowerCase().pipe(z.email('must be an email address')))
    .max(50)
    .transform((list) => [...new Set(list)])
    .openapi({ description });

export function settingsInputSchema(allowLocalHttp: boolean) {
  const hookUrl = z
    .string()
    .trim()
    .max(2000)
    .refine(
      (v) => isAllowedHookUrl(v, allowLocalHttp),
      allowLocalHttp ? 'must be an https URL (http only for localhost)' : 'must be an https URL',
    );
  return z
    .object({
      enabled: z.boolean().default(true).openapi({ description: 'Reply notifications on every channel' }),
      recipients: recipients("Reply notification emails, lower-cased and de-duplicated; empty = the client's notification_emails").default(
        [],
      ),
      digest_minutes: z
        .number()
        .int()
        .min(0)
        .max(1440)
        .default(0)
        .openapi({ description: '0 = one email per reply at once; otherwise replies within this many minutes share one email' }),
      slack_webhook_url: hookUrl.nullable().default(null).openapi({
        description:
          'A Slack (or Slack-compatible: Mattermost, Rocket.Chat) incoming webhook; any https URL. Sending back the masked value from GET keeps the stored URL.',
      }),
      webhook: z
        .object({
          url: hookUrl
            .nullable()
            .default(null)
            .openapi({ description: 'Signed outbound webhook (Standard Webhooks); null removes it and its secret' }),
          events: z
            .array(z.enum(WEBHOOK_EVENT_TYPES))
            .max(WEBHOOK_EVENT_TYPES.length * 2)
            .default([])
            .transform((list) => [...new Set(list)]),
        })
        .strict()
        .default({ url: null, events: [] }),
      reports_enabled: z.boolean().default(true),
      report_recipients: recipients("Weekly report emails, lower-cased and de-duplicated; empty = the client's report_emails").default([]),
      report_weekday: z
        .number()
        .int()
        .min(1)
        .max(7)
        .default(1)
        .openapi({ description: 'ISO weekday the weekly report goes out (1 = Monday)' }),
      report_hour: z
        .number()
        .int()
        .min(0)
        .max(23)
        .default(8)
        .openapi({ description: "Local hour (client's time zone) the weekly report goes out" }),
      rotate_webhook_secret: z
        .boolean()
        .default(false)
        .openapi({ description: 'Replace the webhook signing secret; the new one is in this answer only' }),
    })
    .strict()
    .superRefine((body, ctx) => {
      if (body.rotate_webhook_secret && !body.webhook.url)
        ctx.addIssue({ code: 'custom', path: ['rotate_webhook_secret'], message: 'needs webhook.url' });
    })
    .openapi('NotificationSettingsInput', {
      description: 'A full replacement: every omitted field takes its default.',
      example: {
        recipients: ['ops@acme.example'],
        digest_minutes: 15,
        webhook: { url: 'https://crm.acme.example/hooks/outreach', events: ['message_received'] },
      },
    });
}

export type SettingsInput = z.infer<ReturnType<typeof settingsInputSchema>>;

const webhookOutput = z.object({
  url: z.string().nullable(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  secret_set: z
    .boolean()
    .openapi({ description: 'Whether a signing secret exists; the secret itself is shown only once, when created or rotated' }),
});

const recipientsSource = (field: string, clientField: string) =>
  z.enum(['settings', 'client']).openapi({
    description: `Where \`${field}\` comes from: \`settings\` (saved here) or \`client\` (the client's ${clientField}, because none are saved). A PUT that wants to keep following the client sends \`${field}: []\`.`,
  });

export const settingsSchema = z
  .object({
    client_id: z.uuid(),
    enabled: z.boolean(),
    recipients: z.array(z.string()).openapi({ description: 'Effective recipients (falls back to the client’s notification_emails)' }),
    recipients_source: recipientsSource('recipients', 'notification_emails'),
    digest_minutes: z.number().int(),
    slack_webhook_url: z.string().nullable().openapi({ description: 'Masked: the URL is a credential' }),
    webhook: webhookOutput,
    reports_enabled: z.boolean(),
    report_recipients: z.array(z.string()).openapi({ description: 'Effective recipients (falls back to the client’s report_emails)' }),
    report_recipients_source: recipientsSource('report_recipients', 'report_emails'),
    report_weekday: z.number().int(),
    report_hour: z.number().int(),
    platform: z.object({ notifications_enabled: z.boolean(), weekly_reports_enabled: z.boolean() }).openapi({
      description:
        'Deployment-wide switches (NOTIFICATIONS_ENABLED, WEEKLY_REPORTS_ENABLED); when off nothing is sent whatever these settings say',
    }),
    updated_at: timestamp.nullable().openapi({ description: 'null while the client runs on the defaults' }),
  })
  .openapi('NotificationSettings');

export const savedSettingsSchema = settingsSchema
  .extend({
    webhook: webhookOutput.extend({
      secret: z.string().optional().openapi({
        description: 'The signing secret (`whsec_…`), present only in the answer that created or rotated it',
        example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      }),
    }),
  })
  .openapi('NotificationSettingsSaved');
