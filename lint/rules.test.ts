import path from 'node:path';
import { ESLint } from 'eslint';

// The repository's own config, loaded as the CLI loads it; `ignore: false` lets it see the
// fixtures, which the normal lint run ignores (they exist only to break the rules).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require('../eslint.config.js');

const root = path.resolve(__dirname, '..');
const fixture = (file: string): string => path.join(__dirname, 'fixtures', file);

async function messagesOf(file: string): Promise<Array<{ rule: string | null; message: string }>> {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config, ignore: false });
  const [result] = await eslint.lintFiles([fixture(file)]);
  if (!result) throw new Error(`no lint result for ${file}`);
  return result.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

describe('the architecture lint rules', () => {
  it('report an import cycle, even one made of type-only imports', async () => {
    expect(await messagesOf('cycle/a.ts')).toEqual([
      { rule: 'architecture/no-import-cycle', message: expect.stringMatching(/^import cycle: b\.ts imports this file back/) },
    ]);
  });

  it('forbid a service importing another service, by package name or by relative path', async () => {
    const messages = await messagesOf('services/notifier/src/imports-reporter.ts');
    expect(messages).toEqual([
      { rule: 'no-restricted-imports', message: expect.stringContaining('services never import each other') },
      { rule: 'no-restricted-imports', message: expect.stringContaining('services never import each other') },
    ]);
  });

  it('forbid webhook-ingest importing @outreach/db', async () => {
    expect(await messagesOf('services/webhook-ingest/src/uses-db.ts')).toEqual([
      { rule: 'no-restricted-imports', message: expect.stringContaining('webhook-ingest touches no database') },
    ]);
  });

  it('forbid packages/domain importing infrastructure (bullmq)', async () => {
    expect(await messagesOf('packages/domain/src/uses-bullmq.ts')).toEqual([
      { rule: 'no-restricted-imports', message: expect.stringContaining('packages/domain is pure logic') },
    ]);
  });

  it('forbid a package importing a service', async () => {
    expect(await messagesOf('packages/queues/src/imports-service.ts')).toEqual([
      { rule: 'no-restricted-imports', message: expect.stringContaining('packages never import services') },
    ]);
  });

  it('report the same module imported twice', async () => {
    const messages = await messagesOf('packages/queues/src/duplicate-import.ts');
    expect(messages.map((m) => m.rule)).toEqual(['import-x/no-duplicates', 'import-x/no-duplicates']);
  });
});
