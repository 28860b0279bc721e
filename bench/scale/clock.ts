/**
 * The scale model's simulated clock: simulated time runs `speed` times faster than the machine's
 * clock, from `simOrigin` at the real instant `realOrigin`. Every process of a run (the bench,
 * each sender, the sandbox through the bench's reading of its log) derives simulated time from the
 * same machine clock with the same line, so they agree without talking to each other.
 */
export interface SimLine {
  /** Real epoch ms at which the simulated day starts. */
  realOrigin: number;
  /** Simulated epoch ms at `realOrigin`. */
  simOrigin: number;
  speed: number;
}

export const simAt = (line: SimLine, realMs: number): number => line.simOrigin + (realMs - line.realOrigin) * line.speed;

export const realAt = (line: SimLine, simMs: number): number => line.realOrigin + (simMs - line.simOrigin) / line.speed;

export const simNow = (line: SimLine): Date => new Date(simAt(line, Date.now()));

/** How a child process receives the line. */
export const SIM_ENV = { realOrigin: 'SCALE_REAL_ORIGIN', simOrigin: 'SCALE_SIM_ORIGIN', speed: 'SCALE_SPEED' } as const;

export function lineToEnv(line: SimLine): Record<string, string> {
  return {
    [SIM_ENV.realOrigin]: String(line.realOrigin),
    [SIM_ENV.simOrigin]: String(line.simOrigin),
    [SIM_ENV.speed]: String(line.speed),
  };
}

export function lineFromEnv(env: NodeJS.ProcessEnv): SimLine {
  const read = (name: string): number => {
    const value = Number(env[name]);
    if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got ${env[name] ?? '(unset)'}`);
    return value;
  };
  return { realOrigin: read(SIM_ENV.realOrigin), simOrigin: read(SIM_ENV.simOrigin), speed: read(SIM_ENV.speed) };
}
