import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { automationState } from '../schema';

/** The `automation_state` key of the global switch every worker checks before each send. */
export const SCHEDULER_KEY = 'scheduler';

export interface SchedulerState {
  running: boolean;
  reason: string | null;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/**
 * The global scheduler switch. No row means nobody ever stopped it: running, so a fresh
 * deployment works without a seed step.
 */
export async function getSchedulerState(db: DbOrTx): Promise<SchedulerState> {
  const [row] = await db.select().from(automationState).where(eq(automationState.key, SCHEDULER_KEY)).limit(1);
  if (!row) return { running: true, reason: null, updatedAt: null, updatedBy: null };
  return { running: row.running, reason: row.reason, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

/**
 * True unless an operator stopped automation. Workers call it before every send (not once at
 * boot) so a stop reaches every process at its next action and survives restarts.
 */
export async function isSchedulerRunning(db: DbOrTx): Promise<boolean> {
  return (await getSchedulerState(db)).running;
}

/** Starts or stops the global scheduler, recording who did it and why. */
export async function setSchedulerState(
  db: DbOrTx,
  change: { running: boolean; reason?: string | null; updatedBy?: string | null },
): Promise<SchedulerState> {
  const values = { running: change.running, reason: change.reason ?? null, updatedBy: change.updatedBy ?? null, updatedAt: new Date() };
  const [row] = await db
    .insert(automationState)
    .values({ key: SCHEDULER_KEY, ...values })
    .onConflictDoUpdate({ target: automationState.key, set: values })
    .returning();
  if (!row) throw new Error('scheduler state upsert returned nothing');
  return { running: row.running, reason: row.reason, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}
