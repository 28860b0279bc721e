import { defineConfig } from 'drizzle-kit';

// Only used by `drizzle-kit generate`; migrations are applied by src/migrate.ts. The schema imports
// @outreach/domain (lead statuses) from source: run drizzle-kit with NODE_OPTIONS=--conditions=@outreach/source
// (the `generate` script does).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './migrations',
});
