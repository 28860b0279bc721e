import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { campaigns, type CampaignStatus } from '../schema';

/**
 * Moves a campaign from `from` to `to`, only if it is still in `from` (two concurrent commands can
 * never both succeed); `start` also stamps `started_at`. Returns the campaign as written, or
 * undefined when its status changed meanwhile. Which moves are allowed is the caller's state machine.
 */
export async function changeCampaignStatus(
  tx: DbOrTx,
  change: { id: string; clientId: string; from: CampaignStatus; to: CampaignStatus; at: Date; started?: boolean },
): Promise<typeof campaigns.$inferSelect | undefined> {
  const [row] = await tx
    .update(campaigns)
    .set({ status: change.to, updatedAt: change.at, ...(change.started ? { startedAt: change.at } : {}) })
    .where(and(eq(campaigns.id, change.id), eq(campaigns.clientId, change.clientId), eq(campaigns.status, change.from)))
    .returning();
  return row;
}
