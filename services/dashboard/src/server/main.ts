import type { AddressInfo } from 'node:net';
import { createLogger } from '@outreach/logger';
import { loadDashboardConfig } from './config';
import { createDashboardServer } from './server';

/** Boot and shutdown only. */
function main(): void {
  const config = loadDashboardConfig();
  const logger = createLogger('dashboard', { level: config.LOG_LEVEL, json: config.NODE_ENV === 'production' });
  const server = createDashboardServer({ gatewayUrl: config.GATEWAY_URL, staticDir: config.DASHBOARD_STATIC_DIR, logger });
  server.listen(config.DASHBOARD_PORT, () => {
    const { port } = server.address() as AddressInfo;
    logger.info('dashboard listening', { port, url: `http://127.0.0.1:${port}`, gateway: config.GATEWAY_URL });
  });
  server.keepAliveTimeout = 65_000;
  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

try {
  main();
} catch (err: unknown) {
  process.stderr.write(`dashboard failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
