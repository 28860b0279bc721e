/**
 * `pnpm soak`: the fault suite's scenario, round after round for about ten minutes (1,000 leads in
 * rounds of 200), on one platform whose processes, Redis and Postgres keep being killed. Prints
 * each round and the totals; exits 1 if any promise broke. Everything runs on this machine's
 * loopback interface and stops by itself.
 */
import { startFullPlatform } from './support/full-platform';
import { runFaultScenario, type ScenarioReport } from './support/fault-scenario';

const SOAK_MS = 10 * 60_000;
const ROUND_LEADS = 200;
const ROUNDS = 5;

async function main(): Promise<void> {
  const say = (line: string) => process.stdout.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  const platform = await startFullPlatform();
  const reports: ScenarioReport[] = [];
  const started = Date.now();
  try {
    for (let round = 1; round <= ROUNDS && Date.now() - started < SOAK_MS; round += 1) {
      const report = await runFaultScenario(platform, {
        leads: ROUND_LEADS,
        repliers: ROUND_LEADS * 0.4,
        senders: 3,
        senderKillEveryMs: 4000,
        postgresDownMs: 10_000,
        timeoutMs: 8 * 60_000,
        onProgress: (line) => say(`round ${round}: ${line}`),
      });
      reports.push(report);
      say(
        `round ${round}: ${JSON.stringify({ ...report.counts, ...report.faults, seconds: Math.round(report.elapsedMs / 1000), violations: report.violations.length })}`,
      );
      for (const v of report.violations.slice(0, 20)) say(`  violation: ${v}`);
    }
  } finally {
    await platform.close();
  }
  const sum = (pick: (r: ScenarioReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
  const actions = sum((r) => r.counts.invites + r.counts.firstMessages + r.counts.followUps);
  say(
    `totals: ${reports.length} rounds, ${reports.length * ROUND_LEADS} leads, ${actions} actions reached LinkedIn, ` +
      `${sum((r) => r.counts.repliesRecorded)} replies recorded; ${sum((r) => r.faults.senderKills)} sender kills, ${sum((r) => r.faults.matcherKills)} matcher kills, ` +
      `${sum((r) => r.faults.redisRestarts)} Redis restarts, ${sum((r) => r.faults.postgresStops)} Postgres stops; ` +
      `lost ${sum((r) => r.counts.lost)}, duplicated ${sum((r) => r.counts.duplicated)}, violations ${sum((r) => r.violations.length)}; ${Math.round((Date.now() - started) / 1000)} s`,
  );
  if (sum((r) => r.violations.length) > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`soak failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
