import { sequenceSteps, type Database } from '@outreach/db';
import type { Queues } from '@outreach/queues';
import { createTestInfrastructure, insertAccount, insertCampaign, insertClient, insertLead } from '@outreach/testing';
import type { SequencerDeps } from '../deps';

export interface SequencerHarness {
  deps: SequencerDeps;
  database: Database;
  queues: Queues;
  /** A client, an account and an active campaign (London weekdays 09:00–17:00 unless overridden) with an invite and a message step. */
  seed(
    campaign?: Parameters<typeof insertCampaign>[3],
    account?: Parameters<typeof insertAccount>[2],
  ): Promise<{
    campaign: { id: string; clientId: string };
    accountId: string;
    addLead(lead?: Parameters<typeof insertLead>[2]): Promise<string>;
  }>;
  close(): Promise<void>;
}

/**
 * A database of the file's own: the tick and the sync planner act on every due lead and account
 * they find, and the shared test database holds every other test's.
 */
export async function startSequencerHarness(tick: Partial<SequencerDeps['tick']> = {}): Promise<SequencerHarness> {
  const infra = await createTestInfrastructure({ service: 'sequencer', freshDatabase: 'sequencer' });
  const { database, logger, queues } = infra;
  const deps: SequencerDeps = {
    db: database.db,
    queues,
    logger,
    tick: { batchSize: 100, maxBatches: 50, leaseMs: 900_000, ...tick },
    connectionSyncs: { perDay: 4 },
  };
  return {
    deps,
    database,
    queues,
    async seed(campaignOverrides = {}, accountOverrides = {}) {
      const client = await insertClient(database.db);
      const account = await insertAccount(database.db, client.id, accountOverrides);
      const campaign = await insertCampaign(database.db, client.id, account.id, { timezone: 'Europe/London', ...campaignOverrides });
      await database.db.insert(sequenceSteps).values([
        { campaignId: campaign.id, position: 0, action: 'invite', template: 'Hi {{first_name}}', acceptTimeoutDays: 14 },
        { campaignId: campaign.id, position: 1, action: 'message', template: 'Thanks {{first_name}}', delayWorkingDays: 1 },
      ]);
      return {
        campaign,
        accountId: account.id,
        addLead: async (lead = {}) =>
          (await insertLead(database.db, campaign, { status: 'pending_invite', nextActionAt: new Date('2026-06-01T00:00:00Z'), ...lead }))
            .id,
      };
    },
    close: infra.close,
  };
}
