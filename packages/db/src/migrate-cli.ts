import { databaseEnv, loadConfig } from '@outreach/config';
import { z } from 'zod';
import { runMigrations } from './migrate';

// Deploy step: `pnpm migrate`. Not run at service boot.
const config = loadConfig(z.object(databaseEnv));
runMigrations(config.DATABASE_URL).then(
  () => process.stdout.write('migrations applied\n'),
  (err: unknown) => {
    process.stderr.write(`migration failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
