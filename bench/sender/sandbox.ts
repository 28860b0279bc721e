import path from 'node:path';
import { SandboxControl, startSandbox } from '@outreach/unipile-sandbox';
import { freePort, ROOT, startChild, waitUntil, type Child } from '../ingest/processes';

export interface BenchSandbox {
  url: string;
  apiKey: string;
  control: SandboxControl;
  /** The child process, or undefined when the sandbox runs inside the bench process. */
  child: Child | undefined;
  close(): Promise<void>;
}

const API_KEY = 'bench-sandbox-key';

/**
 * The Unipile sandbox, either as its own process (as `pnpm --filter @outreach/unipile-sandbox
 * start` runs it: its CPU is then measured apart) or inside the bench process (its CPU then counts
 * as the bench's). Either way the senders reach it over real HTTP.
 */
export async function startBenchSandbox(mode: 'child' | 'inprocess', children: Child[], profileDir?: string): Promise<BenchSandbox> {
  if (mode === 'inprocess') {
    const sandbox = await startSandbox({ port: 0, apiKey: API_KEY });
    return {
      url: sandbox.url,
      apiKey: API_KEY,
      control: new SandboxControl(sandbox.url, API_KEY),
      child: undefined,
      close: () => sandbox.close(),
    };
  }
  const port = await freePort();
  const child = startChild(
    'unipile-sandbox',
    path.join(ROOT, 'packages', 'unipile-sandbox', 'src', 'main.ts'),
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SANDBOX_PORT: String(port),
      UNIPILE_API_KEY: API_KEY,
    },
    profileDir,
  );
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  const control = new SandboxControl(url, API_KEY);
  await waitUntil('the sandbox control API', async () => Array.isArray((await control.listFaults()).api), 30_000, child);
  return { url, apiKey: API_KEY, control, child, close: () => child.stop() };
}
