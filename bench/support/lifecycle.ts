import type { FreshDatabase } from '@outreach/testing';

/** Runs a bench's main and exits: 0 when it finished, 1 with its stack on stderr when it threw. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}

/** Drops the bench's own database, or keeps it (and says where) when asked to. Never throws: it runs in cleanup. */
export async function dropOrKeep(fresh: FreshDatabase | undefined, keep: boolean, out: (line: string) => void): Promise<void> {
  if (!fresh) return;
  if (keep) {
    out(`  kept ${fresh.url}`);
    return;
  }
  await fresh.drop().then(
    () => out(`  dropped ${fresh.name}`),
    (err: Error) => out(`  could not drop ${fresh.name}: ${err.message}`),
  );
}
