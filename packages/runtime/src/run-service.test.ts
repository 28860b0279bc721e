import { createLogger } from '@outreach/logger';
import { waitFor } from '@outreach/testing';
import { runService, type ServiceProcess } from './run-service';

type Signal = 'SIGTERM' | 'SIGINT';

/** A stand-in for `process` that records exits and lets the test raise signals. */
function fakeProcess() {
  const listeners = new Map<Signal, Array<() => void>>();
  const exits: number[] = [];
  const stderr: string[] = [];
  const proc: ServiceProcess = {
    once(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
    exit(code) {
      exits.push(code);
    },
    stderr: { write: (chunk) => stderr.push(chunk) },
  };
  const raise = (signal: Signal) => {
    const pending = listeners.get(signal) ?? [];
    listeners.delete(signal);
    for (const listener of pending) listener();
  };
  return { proc, exits, stderr, raise, listening: () => listeners.size === 2 };
}

function quietLogger() {
  const logger = createLogger('runtime-test', { silent: true });
  return { logger, info: jest.spyOn(logger, 'info'), error: jest.spyOn(logger, 'error') };
}

describe('runService', () => {
  it('stops once and exits 0 on the first signal', async () => {
    const p = fakeProcess();
    const { logger, info } = quietLogger();
    let stops = 0;
    runService('svc', async () => ({ logger, stop: async () => void stops++ }), {
      process: p.proc,
      stoppingMessage: 'finishing the tick in hand',
    });
    await waitFor(p.listening, { what: 'signal handlers' });

    p.raise('SIGTERM');
    p.raise('SIGINT');
    await waitFor(() => p.exits.length > 0, { what: 'exit' });

    expect(p.exits).toEqual([0]);
    expect(stops).toBe(1);
    expect(info).toHaveBeenCalledWith('shutting down: finishing the tick in hand', { signal: 'SIGTERM' });
  });

  it('defaults to "finishing jobs in hand" and handles SIGINT too', async () => {
    const p = fakeProcess();
    const { logger, info } = quietLogger();
    runService('svc', async () => ({ logger, stop: async () => undefined }), { process: p.proc });
    await waitFor(p.listening, { what: 'signal handlers' });

    p.raise('SIGINT');
    await waitFor(() => p.exits.length > 0, { what: 'exit' });

    expect(p.exits).toEqual([0]);
    expect(info).toHaveBeenCalledWith('shutting down: finishing jobs in hand', { signal: 'SIGINT' });
  });

  it('exits 1 when stop() outlasts the grace period', async () => {
    const p = fakeProcess();
    const { logger } = quietLogger();
    let release = (): void => undefined;
    const stopped = new Promise<void>((resolve) => (release = resolve));
    runService('svc', async () => ({ logger, stop: () => stopped }), { process: p.proc, graceMs: 20 });
    await waitFor(p.listening, { what: 'signal handlers' });

    p.raise('SIGTERM');
    await waitFor(() => p.exits.length > 0, { what: 'hard exit' });
    expect(p.exits).toEqual([1]);

    release();
    await waitFor(() => p.exits.length > 1, { what: 'exit after stop' });
    expect(p.exits).toEqual([1, 0]);
  });

  it("takes the grace period the service read from its config (SHUTDOWN_GRACE_SECONDS) over the option's", async () => {
    const p = fakeProcess();
    const { logger } = quietLogger();
    const never = new Promise<void>(() => undefined);
    runService('svc', async () => ({ logger, stop: () => never, graceMs: 20 }), { process: p.proc, graceMs: 600_000 });
    await waitFor(p.listening, { what: 'signal handlers' });

    p.raise('SIGTERM');
    await waitFor(() => p.exits.length > 0, { what: 'hard exit after the configured grace' });
    expect(p.exits).toEqual([1]);
  });

  it('logs and exits 1 when stop() fails', async () => {
    const p = fakeProcess();
    const { logger, error } = quietLogger();
    runService('svc', async () => ({ logger, stop: async () => Promise.reject(new Error('redis gone')) }), { process: p.proc });
    await waitFor(p.listening, { what: 'signal handlers' });

    p.raise('SIGTERM');
    await waitFor(() => p.exits.length > 0, { what: 'exit' });

    expect(p.exits).toEqual([1]);
    expect(error).toHaveBeenCalledWith('shutdown failed', { err: expect.objectContaining({ message: 'redis gone' }) });
  });

  it('writes the stack to stderr and exits 1 when start() rejects, without waiting for signals', async () => {
    const p = fakeProcess();
    runService('svc', async () => Promise.reject(new Error('bad config')), { process: p.proc });
    await waitFor(() => p.exits.length > 0, { what: 'exit' });

    expect(p.exits).toEqual([1]);
    expect(p.stderr.join('')).toMatch(/^svc failed to start: Error: bad config\n\s+at /);
    expect(p.listening()).toBe(false);
  });
});
