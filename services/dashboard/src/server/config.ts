import path from 'node:path';
import { baseEnv, loadConfig } from '@outreach/config';
import { z } from 'zod';

// Sources run from src/server, the build from dist: either way the app is built into <package>/dist/public.
const packageRoot = path.basename(__dirname) === 'dist' ? path.resolve(__dirname, '..') : path.resolve(__dirname, '..', '..');

export const dashboardConfigSchema = z.object({
  ...baseEnv,
  DASHBOARD_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  /** The gateway the browser's /api and /admin/queues requests are forwarded to. */
  GATEWAY_URL: z.url().default('http://127.0.0.1:3000'),
  /** The built single-page app (vite build output). */
  DASHBOARD_STATIC_DIR: z
    .string()
    .min(1)
    .default(path.join(packageRoot, 'dist', 'public')),
});

export type DashboardConfig = z.infer<typeof dashboardConfigSchema>;

export function loadDashboardConfig(env: NodeJS.ProcessEnv = process.env): DashboardConfig {
  return loadConfig(dashboardConfigSchema, env);
}
