import { sequenceSteps, type Database } from '@outreach/db';
import { insertAccount, insertCampaign, insertClient } from '@outreach/testing';
import type { SandboxControl } from '@outreach/unipile-sandbox';

export interface SeedCampaignOptions {
  /** The sender's name, on LinkedIn (the sandbox) and in our row. */
  senderName: string;
  account?: Parameters<typeof insertAccount>[2];
  campaign?: Parameters<typeof insertCampaign>[3];
  steps: Array<{ action: 'invite' | 'message'; template: string; delayMinutes?: number }>;
}

export interface SeededCampaign {
  clientId: string;
  accountId: string;
  unipileAccountId: string;
  campaign: { id: string; clientId: string };
}

/** A client, a sandbox account and its row, and an always-open (UTC, every day, all day) active campaign with the given steps. */
export async function seedAlwaysOpenCampaign(database: Database, control: SandboxControl, o: SeedCampaignOptions): Promise<SeededCampaign> {
  const client = await insertClient(database.db);
  const sandboxAccount = await control.createAccount({ name: o.senderName });
  const account = await insertAccount(database.db, client.id, {
    unipileAccountId: sandboxAccount.id,
    name: o.senderName,
    providerUserId: sandboxAccount.connection_params.im.id,
    ...o.account,
  });
  const campaign = await insertCampaign(database.db, client.id, account.id, {
    timezone: 'UTC',
    workingDays: [1, 2, 3, 4, 5, 6, 7],
    workingHoursStart: '00:00',
    workingHoursEnd: '24:00',
    ...o.campaign,
  });
  await database.db.insert(sequenceSteps).values(
    o.steps.map((s, position) => ({
      campaignId: campaign.id,
      position,
      action: s.action,
      template: s.template,
      delayMinutes: s.delayMinutes ?? 0,
    })),
  );
  return { clientId: client.id, accountId: account.id, unipileAccountId: sandboxAccount.id, campaign };
}
