import type { Logger } from '@outreach/logger';

/** What `start` hands back: the logger to report shutdown on and how to stop in order. */
export interface RunningService {
  logger: Logger;
  /** Closes the workers, then the service's connections. */
  stop(): Promise<void>;
  /** SHUTDOWN_GRACE_SECONDS in ms, when the service reads it; it wins over `RunServiceOptions.graceMs`. */
  graceMs?: number;
}

/** The slice of `process` runService uses; tests pass a stand-in so nothing really exits. */
export interface ServiceProcess {
  once(event: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  exit(code: number): void;
  stderr: { write(chunk: string): unknown };
}

export interface RunServiceOptions {
  /** How long stop() may take before the process exits 1 anyway. Default 25 s, under the usual 30 s kill grace. */
  graceMs?: number;
  /** Logged after "shutting down: ", saying what the service waits for. Default "finishing jobs in hand". */
  stoppingMessage?: string;
  process?: ServiceProcess;
}

/**
 * Boots a worker service and owns its shutdown. The first SIGTERM or SIGINT logs `shutting down`,
 * arms a hard exit (code 1, unref'd) after `graceMs`, awaits `stop()` and exits 0. A failed start
 * writes `<name> failed to start: <stack>` to stderr (the logger may not exist yet) and exits 1.
 * Signals are only handled once start() has resolved: before that there is nothing to drain.
 */
export function runService(name: string, start: () => Promise<RunningService>, options: RunServiceOptions = {}): void {
  const proc: ServiceProcess = options.process ?? process;
  const stoppingMessage = options.stoppingMessage ?? 'finishing jobs in hand';

  const onStarted = ({ logger, stop, graceMs = options.graceMs ?? 25_000 }: RunningService): void => {
    let stopping = false;
    const shutdown = async (signal: string): Promise<void> => {
      if (stopping) return;
      stopping = true;
      logger.info(`shutting down: ${stoppingMessage}`, { signal });
      const hardExit = setTimeout(() => proc.exit(1), graceMs);
      hardExit.unref();
      try {
        await stop();
      } catch (err) {
        logger.error('shutdown failed', { err });
        proc.exit(1);
        return;
      } finally {
        clearTimeout(hardExit);
      }
      proc.exit(0);
    };
    proc.once('SIGTERM', () => void shutdown('SIGTERM'));
    proc.once('SIGINT', () => void shutdown('SIGINT'));
  };

  start().then(onStarted, (err: unknown) => {
    proc.stderr.write(`${name} failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
    proc.exit(1);
  });
}
