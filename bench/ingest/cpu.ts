import { readFileSync } from 'node:fs';

/**
 * CPU accounting from /proc (Linux; elsewhere every figure is NaN). CPU time per request is a
 * steadier figure than requests per second on a small shared machine: it does not move when
 * another process takes a core away.
 */
const TICK_MS = 10; // USER_HZ is 100 on every Linux kernel Node supports

/** User + system CPU time of one process (all its threads), in ms. */
export function processCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}

export interface MachineCpu {
  busyMs: number;
  totalMs: number;
}

/** Busy and total CPU time of the whole machine (all cores) since boot, in ms. */
export function machineCpu(): MachineCpu {
  try {
    const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
    const n = ticks.slice(0, 8).map(Number); // user nice system idle iowait irq softirq steal
    const idle = (n[3] ?? 0) + (n[4] ?? 0);
    const total = n.reduce((a, b) => a + b, 0);
    return { busyMs: (total - idle) * TICK_MS, totalMs: total * TICK_MS };
  } catch {
    return { busyMs: Number.NaN, totalMs: Number.NaN };
  }
}

/**
 * Starts measuring; `stop()` returns the CPU ms each pid used meanwhile, the machine's busy share
 * (0–1), and the share busy outside the given pids (Redis, Postgres, anything else running).
 */
export function startCpuWindow(pids: Array<number | undefined>) {
  const before = pids.map(processCpuMs);
  const machine = machineCpu();
  return () => {
    const after = machineCpu();
    const perPid = pids.map((pid, i) => processCpuMs(pid) - (before[i] ?? Number.NaN));
    const totalMs = after.totalMs - machine.totalMs;
    const machineBusy = (after.busyMs - machine.busyMs) / totalMs;
    const outsideBusy = machineBusy - perPid.reduce((sum, v) => sum + (Number.isFinite(v) ? v : 0), 0) / totalMs;
    return { perPid, machineBusy, outsideBusy };
  };
}

/** How busy the whole machine is over one second, in percent, before a bench adds anything. */
export async function busyBefore(): Promise<number> {
  const idle = startCpuWindow([]);
  await new Promise((r) => setTimeout(r, 1000));
  return idle().machineBusy * 100;
}
