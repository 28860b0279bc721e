import { defineConfig } from 'drizzle-kit';

// Only used by `drizzle-kit generate`; migrations are applied by src/migrate.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './migrations',
});
