import { linkedinAccounts, onCollect } from './families';

export type AccountStatusCounts = () => Promise<Array<{ status: string; paused: boolean; count: number }>>;

/**
 * Reports LinkedIn accounts by status on every scrape, read by `count` (one grouped query). An
 * account LinkedIn paused shows up as a status other than OK; the alert rules watch that.
 */
export function watchAccountStatuses(count: AccountStatusCounts): void {
  onCollect(linkedinAccounts, async () => {
    linkedinAccounts.reset();
    try {
      for (const row of await count()) linkedinAccounts.set({ status: row.status, paused: String(row.paused) }, row.count);
    } catch {
      // Postgres down: the family is left empty for this scrape rather than failing the whole exposition.
    }
  });
}
