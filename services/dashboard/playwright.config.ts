import { defineConfig } from '@playwright/test';

// Debian's chromium, not Playwright's download (its host is unreachable here): .ci/run installs it.
export default defineConfig({
  testDir: './browser',
  testMatch: /.*\.spec\.ts$/,
  globalSetup: './browser/support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] },
    viewport: { width: 1280, height: 860 },
    trace: 'off',
  },
});
