import { baseEnv, loadConfig, unipileEnv } from '@outreach/config';
import { createLogger } from '@outreach/logger';
import { z } from 'zod';
import { startSandbox } from './server';

const sandboxEnv = z.object({
  LOG_LEVEL: baseEnv.LOG_LEVEL,
  SANDBOX_PORT: unipileEnv.SANDBOX_PORT,
  UNIPILE_API_KEY: z.string().min(1).default('sandbox-key'),
});

/** Standalone sandbox for demos and local runs: `pnpm --filter @outreach/unipile-sandbox start`. */
async function main(): Promise<void> {
  const config = loadConfig(sandboxEnv);
  const logger = createLogger('unipile-sandbox', { level: config.LOG_LEVEL });
  const sandbox = await startSandbox({ port: config.SANDBOX_PORT, apiKey: config.UNIPILE_API_KEY, logger });
  logger.info('unipile sandbox ready', { dsn: sandbox.url, apiRoot: `${sandbox.url}/api/v1`, control: `${sandbox.url}/_sandbox` });
  const shutdown = (signal: string): void => {
    logger.info('shutting down', { signal });
    sandbox.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('shutdown failed', { err });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  // The logger may not exist yet (bad env), so this one error goes to stderr directly.
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
