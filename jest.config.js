// One jest run for the whole workspace. Sources are read through the `@outreach/source` export
// condition, so tests need no build step. Integration tests share one Postgres database and one
// Redis: they isolate themselves by unique ids and queue prefixes, never by wiping shared state.
const shared = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['@outreach/source', 'node', 'require', 'default'] },
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

/** @type {import('jest').Config} */
module.exports = {
  // e2e tests run the services as child processes: a test that fails half-way may leave one behind,
  // and a run that never exits would spend CI's whole budget instead of reporting the failure.
  forceExit: true,
  // A global option: jest reads no per-project test timeout, so the integration tests had 5 s each.
  testTimeout: 30000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{packages,services}/*/src/**/*.test.ts', '<rootDir>/lint/*.test.ts', '<rootDir>/infra/k8s/check/*.test.ts'],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$', '/node_modules/'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{packages,services}/*/src/**/*.int.test.ts', '<rootDir>/e2e/src/**/*.int.test.ts'],
      globalSetup: '<rootDir>/packages/testing/src/global-setup.ts',
    },
  ],
};
