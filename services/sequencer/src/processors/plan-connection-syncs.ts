import { listAccountsAwaitingAcceptance } from '@outreach/db';
import { enqueueBulk, syncConnectionsJob } from '@outreach/queues';
import type { SequencerDeps } from '../deps';

const DAY_MS = 24 * 3600 * 1000;

/** The UTC day's windows: `perDay` equal slices; a sync runs at a random moment inside each. */
export function syncWindows(day: Date, perDay: number): Array<{ slot: number; start: number; end: number }> {
  const dayStart = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  const size = DAY_MS / perDay;
  return Array.from({ length: perDay }, (_, slot) => ({ slot, start: dayStart + slot * size, end: dayStart + (slot + 1) * size }));
}

/**
 * Plans connection syncs for every OK account that has invites waiting: one delayed
 * `sync-connections` job per window of today and tomorrow at a random moment (Unipile asks for
 * relation polling "a few times a day at random times"). The payload's window (day and slot)
 * names the job, and the jobs are kept two days, so running the planner again (every process,
 * every hour) adds nothing twice.
 */
export async function processPlanConnectionSyncs(
  deps: SequencerDeps,
  now: Date = new Date(),
  random: () => number = Math.random,
): Promise<{ accounts: number; planned: number }> {
  const accounts = await listAccountsAwaitingAcceptance(deps.db);
  const planned = accounts.flatMap(({ id }) =>
    [now, new Date(now.getTime() + DAY_MS)].flatMap((day) => {
      const dayKey = day.toISOString().slice(0, 10);
      return syncWindows(day, deps.connectionSyncs.perDay)
        .filter((w) => w.end > now.getTime())
        .map((w) => {
          const from = Math.max(w.start, now.getTime());
          const at = from + Math.floor(random() * (w.end - from));
          return {
            payload: { linkedinAccountId: id, reason: 'scheduled' as const, window: `${dayKey}-${w.slot}` },
            delay: at - now.getTime(),
          };
        });
    }),
  );
  // Existing ids (already planned) are skipped by BullMQ: the first plan of a window wins.
  await enqueueBulk(deps.queues, syncConnectionsJob, planned);
  return { accounts: accounts.length, planned: planned.length };
}
