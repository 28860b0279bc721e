import { randomUUID } from 'node:crypto';
import { leads, outboundActions, sequenceSteps, type Database } from '@outreach/db';
import { eq } from 'drizzle-orm';
import type { ParsedSendOutboundActionPayload, Queues } from '@outreach/queues';
import { createRateLimiter } from '@outreach/rate-limits';
import { createTestInfrastructure, insertAccount, insertCampaign, insertClient, insertLead } from '@outreach/testing';
import { createUnipileClient } from '@outreach/unipile';
import { SandboxControl, startSandbox, type Sandbox } from '@outreach/unipile-sandbox';
import type { Redis } from 'ioredis';
import type { SenderDeps } from '../deps';
import { processSendOutboundAction, type SendControl, type SendResult } from '../processors/send-outbound-action';

export const SANDBOX_KEY = 'sender-sandbox-key';

/** A job that asked to wait: the processor's way out when a window, a token or a cooldown says "later". */
export class Deferred extends Error {
  constructor(
    readonly until: Date,
    readonly reason: string,
  ) {
    super(`deferred until ${until.toISOString()} (${reason})`);
  }
}

export interface SeedOptions {
  account?: Parameters<typeof insertAccount>[2];
  campaign?: Parameters<typeof insertCampaign>[3];
  steps?: Array<{
    action: 'invite' | 'message';
    template?: string;
    delayMinutes?: number | null;
    delayWorkingDays?: number | null;
    acceptTimeoutDays?: number | null;
  }>;
}

export interface SenderHarness {
  deps: SenderDeps;
  database: Database;
  redis: Redis;
  queues: Queues;
  sandbox: Sandbox;
  control: SandboxControl;
  /** A client, an account known to the sandbox (no spacing), an always-open active campaign and its steps. */
  seed(options?: SeedOptions): Promise<Seeded>;
  /** Runs the processor as the worker would; a deferral throws `Deferred`. */
  send(
    payload: Omit<ParsedSendOutboundActionPayload, 'revision'> & { revision?: number },
    options?: { finalAttempt?: boolean },
  ): Promise<SendResult>;
  lead(id: string): Promise<typeof leads.$inferSelect>;
  actions(leadId: string): Promise<Array<typeof outboundActions.$inferSelect>>;
  close(): Promise<void>;
}

export interface Seeded {
  client: { id: string };
  account: { id: string; unipileAccountId: string };
  campaign: { id: string; clientId: string };
  /** A sandbox person and a lead for them in the campaign (pending_invite unless overridden). */
  addLead(
    person?: { first_name?: string; last_name?: string },
    lead?: Parameters<typeof insertLead>[2],
  ): Promise<{ leadId: string; providerId: string; publicIdentifier: string }>;
}

export const ALWAYS_OPEN = { timezone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6, 7], workingHoursStart: '00:00', workingHoursEnd: '24:00' };

/** Real Postgres, real Redis under its own prefix, the Unipile sandbox over HTTP. */
export async function startSenderHarness(settings: Partial<SenderDeps['settings']> = {}): Promise<SenderHarness> {
  // The rate limiter keeps its buckets under the prefix too.
  const infra = await createTestInfrastructure({ service: 'outbound-sender', poolSize: 20, clearPrefixKeys: true });
  const { database, redis, prefix, logger, queues } = infra;
  const sandbox = await startSandbox({ port: 0, apiKey: SANDBOX_KEY, webhookRetryDelaysMs: [20, 40] });
  infra.onClose(() => sandbox.close());
  const control = new SandboxControl(sandbox.url, SANDBOX_KEY);
  const deps: SenderDeps = {
    db: database.db,
    queues,
    unipile: createUnipileClient({ dsn: sandbox.url, apiKey: SANDBOX_KEY, timeoutMs: 2000 }),
    // Tests run accounts faster than the safety ceilings allow (spacing 0).
    limiter: createRateLimiter({ redis, db: database.db, prefix, ceilings: null }),
    logger,
    settings: { cooldownMs: 3600_000, unrecordedReplyRecheckMs: 60_000, callInFlightMs: 7000, ...settings },
  };
  const db = database.db;

  const seed = async (options: SeedOptions = {}): Promise<Seeded> => {
    const client = await insertClient(db);
    const sandboxAccount = await control.createAccount({ name: 'Alex Sender' });
    const account = await insertAccount(db, client.id, {
      unipileAccountId: sandboxAccount.id,
      name: 'Alex Sender',
      providerUserId: sandboxAccount.connection_params.im.id,
      minActionSpacingSeconds: 0,
      maxActionSpacingSeconds: 0,
      ...options.account,
    });
    const campaign = await insertCampaign(db, client.id, account.id, { ...ALWAYS_OPEN, ...options.campaign });
    const steps = options.steps ?? [
      { action: 'invite', template: 'Hi {{first_name}}, let us connect.' },
      { action: 'message', template: 'Thanks for connecting, {{first_name}}!', delayMinutes: 0 },
    ];
    await db.insert(sequenceSteps).values(
      steps.map((s, position) => ({
        campaignId: campaign.id,
        position,
        action: s.action,
        template: s.template ?? '',
        delayMinutes: s.delayMinutes ?? null,
        delayWorkingDays: s.delayWorkingDays ?? null,
        acceptTimeoutDays: s.acceptTimeoutDays ?? null,
      })),
    );
    return {
      client,
      account,
      campaign,
      async addLead(person = {}, lead = {}) {
        const first = person.first_name ?? 'Jane';
        const last = person.last_name ?? `Doe${randomUUID().slice(0, 6)}`;
        const p = await control.createPerson({ first_name: first, last_name: last });
        const row = await insertLead(db, campaign, {
          firstName: first,
          lastName: last,
          publicIdentifier: p.public_identifier,
          status: 'pending_invite',
          ...lead,
        });
        return { leadId: row.id, providerId: p.provider_id, publicIdentifier: p.public_identifier };
      },
    };
  };

  const send: SenderHarness['send'] = (payload, options = {}) => {
    const control: SendControl = {
      isFinalAttempt: options.finalAttempt ?? false,
      defer: async (until, reason) => {
        throw new Deferred(until, reason);
      },
    };
    return processSendOutboundAction(deps, { revision: 0, ...payload }, control);
  };

  return {
    deps,
    database,
    redis,
    queues,
    sandbox,
    control,
    seed,
    send,
    lead: async (id) => {
      const [row] = await db.select().from(leads).where(eq(leads.id, id));
      if (!row) throw new Error(`no lead ${id}`);
      return row;
    },
    actions: (leadId) => db.select().from(outboundActions).where(eq(outboundActions.leadId, leadId)),
    close: infra.close,
  };
}
