import { randomUUID } from 'node:crypto';
import { emails, events, notifications, notificationSettings, type Db } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { createEmailTransport } from '@outreach/email';
import {
  createTestInfrastructure,
  type HarnessInfrastructure,
  insertAccount,
  insertCampaign,
  insertClient,
  insertLead,
  startFakeResend,
  type FakeResend,
} from '@outreach/testing';
import type { NotifierDeps } from '../deps';
import { startHookReceiver, type HookReceiver } from './hook-receiver';

export const APP_BASE_URL = 'https://app.outreach.test';

export interface NotifierHarness extends HarnessInfrastructure {
  deps: NotifierDeps;
  resend: FakeResend;
  hooks: HookReceiver;
  close(): Promise<void>;
}

/**
 * Real Postgres, real Redis under a prefix of its own, a fake Resend over real HTTP (through the
 * SDK's `baseUrl`, as `RESEND_BASE_URL` does) and a local Slack/webhook receiver.
 */
export async function startNotifierHarness(options: Partial<NotifierDeps['options']> = {}): Promise<NotifierHarness> {
  const infra = await createTestInfrastructure({ service: 'notifier' });
  const { database, logger, queues } = infra;
  const resend = await startFakeResend();
  infra.onClose(() => resend.close());
  const hooks = await startHookReceiver();
  infra.onClose(() => hooks.close());
  const deps: NotifierDeps = {
    db: database.db,
    queues,
    transport: createEmailTransport({
      apiKey: resend.apiKey,
      baseUrl: resend.url,
      from: 'Outreach <notifications@outreach.test>',
      timeoutMs: 5000,
    }),
    logger,
    // The local Slack/webhook receiver listens on loopback, which production refuses.
    options: {
      notificationsEnabled: true,
      appBaseUrl: APP_BASE_URL,
      httpTimeoutMs: 5000,
      allowedPrivateCidrs: ['127.0.0.0/8'],
      ...options,
    },
  };
  return {
    deps,
    ...infra,
    resend,
    hooks,
    close: infra.close,
  };
}

/** A client with notification recipients, one account, campaign and lead, and optional settings. */
export async function insertNotifiedTenant(
  db: Db,
  settings: Partial<typeof notificationSettings.$inferInsert> | null = null,
  recipients = ['ops@acme.test'],
) {
  const client = await insertClient(db, { name: 'Acme GmbH', timezone: 'Europe/Berlin', notificationEmails: recipients });
  const account = await insertAccount(db, client.id, { name: 'Sam Sender' });
  const campaign = await insertCampaign(db, client.id, account.id, { name: 'Q3 founders' });
  if (settings) await db.insert(notificationSettings).values({ clientId: client.id, ...settings });
  const lead = await insertLead(db, campaign, {
    firstName: 'Ana',
    lastName: 'Silva',
    company: 'Acme',
    title: 'CTO',
    profileUrl: 'https://www.linkedin.com/in/ana-silva/',
    status: 'responded',
  });
  return { client, account, campaign, lead };
}

/** A `message_received` event as the reply-matcher writes it (the text in its meta). */
export async function insertReplyEvent(
  db: Db,
  lead: { id: string; clientId: string; campaignId: string },
  linkedinAccountId: string,
  text: string,
): Promise<number> {
  const [row] = await db
    .insert(events)
    .values({
      clientId: lead.clientId,
      campaignId: lead.campaignId,
      leadId: lead.id,
      linkedinAccountId,
      type: 'message_received',
      externalId: `msg-${randomUUID()}`,
      occurredAt: new Date(),
      meta: { detection: 'webhook', chat_id: `chat-${randomUUID()}`, text },
    })
    .returning({ id: events.id });
  if (!row) throw new Error('event not inserted');
  return row.id;
}

export const notificationsOf = (db: Db, eventId: number) => db.select().from(notifications).where(eq(notifications.eventId, eventId));
export const emailsOfClient = (db: Db, clientId: string) => db.select().from(emails).where(eq(emails.clientId, clientId));
