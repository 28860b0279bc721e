import type { Logger } from '@outreach/logger';

/**
 * Owns every timer and in-flight task of the sandbox (webhook retries, simulated people, delayed
 * faults), so that `settle` can wait for quiet without sleeping and `close` leaves nothing behind.
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly logger: Logger) {}

  /** Runs `task` after `delayMs`; a failing task is logged, never thrown into the timer. */
  schedule(delayMs: number, label: string, task: () => void | Promise<void>): void {
    if (this.closed) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        void this.track(label, task);
      },
      Math.max(0, delayMs),
    );
    this.timers.add(timer);
  }

  /** Counts `task` as in flight until it settles. */
  async track(label: string, task: () => void | Promise<void>): Promise<void> {
    this.inFlight++;
    try {
      await task();
    } catch (err) {
      this.logger.error('sandbox task failed', { task: label, err });
    } finally {
      this.inFlight--;
      this.notifyIfIdle();
    }
  }

  /** Timers waiting plus tasks running. */
  get pending(): number {
    return this.timers.size + this.inFlight;
  }

  /** Resolves true once nothing is scheduled or running, or false after `maxWaitMs`. */
  whenIdle(maxWaitMs: number): Promise<boolean> {
    if (this.pending === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timeout);
        resolve(true);
      };
      const timeout = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(false);
      }, maxWaitMs);
      this.waiters.push(done);
    });
  }

  /** Cancels every timer; running tasks finish on their own. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.notifyIfIdle();
  }

  private notifyIfIdle(): void {
    // A task may schedule follow-up work (a retry) before it returns, so idleness is checked
    // after the task has fully settled, never in between.
    if (this.pending !== 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
