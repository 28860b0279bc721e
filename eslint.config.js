// The linter: typescript-eslint's recommended rules (syntax only, not type-checked, so a run stays
// fast on two cores), import cycles, and the architecture as `no-restricted-imports`:
// services never import each other, packages never import services, webhook-ingest never touches
// the database, and packages/domain stays pure. `lint/rules.test.ts` plants a violation of each in
// `lint/fixtures` (ignored here) and expects the messages below.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const { importX } = require('eslint-plugin-import-x');
const noImportCycle = require('./lint/rules/no-import-cycle');

/** Every deployable under services/: one process each, sharing only Postgres and Redis. */
const SERVICES = ['api-gateway', 'dashboard', 'notifier', 'outbound-sender', 'reply-matcher', 'reporter', 'sequencer', 'webhook-ingest'];

const SERVICE_MESSAGE = 'services never import each other: share code through a package under packages/';
const PACKAGE_MESSAGE = 'packages never import services: move the shared code into a package';
const INGEST_MESSAGE = 'webhook-ingest touches no database: it verifies, derives the delivery key and enqueues';
const DOMAIN_MESSAGE = 'packages/domain is pure logic: no infrastructure (database, queues, Redis, HTTP, Unipile client)';

/** Packages that reach infrastructure; packages/domain imports none of them. */
const INFRASTRUCTURE = [
  '@outreach/db',
  '@outreach/queues',
  '@outreach/runtime',
  '@outreach/unipile',
  '@outreach/unipile-sandbox',
  '@outreach/rate-limits',
  '@outreach/email',
  '@outreach/reports',
  '@outreach/logger',
  '@outreach/config',
  '@outreach/testing',
  'bullmq',
  'ioredis',
  'postgres',
  'drizzle-orm',
  'express',
  'resend',
];

const serviceImports = (services) => [
  { group: services.flatMap((s) => [`@outreach/${s}`, `@outreach/${s}/*`]), message: SERVICE_MESSAGE },
  // A relative path climbing out of this service into another one (`../../reporter/src/…`).
  { regex: `^(\\.\\./)+(services/)?(${services.join('|')})(/|$)`, message: SERVICE_MESSAGE },
];

const banned = (names, message) => ({ group: names.flatMap((n) => [n, `${n}/*`]), message });

/** One `no-restricted-imports` entry per folder: flat config replaces a rule's options, it never merges them. */
function architecture() {
  const perService = SERVICES.map((service) => {
    const others = SERVICES.filter((s) => s !== service);
    const patterns = [...serviceImports(others)];
    if (service === 'webhook-ingest') patterns.push(banned(['@outreach/db', 'drizzle-orm', 'postgres'], INGEST_MESSAGE));
    return { files: [`**/services/${service}/**/*.{ts,tsx}`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
  });
  const packages = {
    files: ['**/packages/*/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            banned(
              SERVICES.map((s) => `@outreach/${s}`),
              PACKAGE_MESSAGE,
            ),
            { regex: '^(\\.\\./)+services/', message: PACKAGE_MESSAGE },
          ],
        },
      ],
    },
  };
  const domain = {
    files: ['**/packages/domain/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            banned(
              SERVICES.map((s) => `@outreach/${s}`),
              PACKAGE_MESSAGE,
            ),
            { regex: '^(\\.\\./)+services/', message: PACKAGE_MESSAGE },
            banned(INFRASTRUCTURE, DOMAIN_MESSAGE),
          ],
        },
      ],
    },
  };
  return [...perService, packages, domain];
}

module.exports = [
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      '**/migrations/**',
      'bench/results/**',
      '**/playwright-report/**',
      '**/test-results/**',
      'lint/fixtures/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX, architecture: { rules: { 'no-import-cycle': noImportCycle } } },
    rules: {
      'architecture/no-import-cycle': 'error',
      'import-x/no-duplicates': 'error',
      // Tests and the sandbox read loosely typed JSON; `any` there is a choice, not an accident.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Control characters in regexes are deliberate: they strip header-injection characters.
      'no-control-regex': 'off',
    },
  },
  {
    // The root's and lint/'s own scripts are CommonJS (the root package has no "type").
    files: ['*.js', 'lint/**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Node ES-module scripts (build checks and the like).
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  ...architecture(),
];
