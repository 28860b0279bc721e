import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/**
 * Starts the stack (browser/support/stack.ts) in a process of its own, which reads the workspace
 * sources through tsx, and hands its addresses to the tests through the environment. The function
 * returned is Playwright's teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, ['--conditions=@outreach/source', '--import', 'tsx', path.join(__dirname, 'stack.ts')], {
    cwd: ROOT,
    env: { ...process.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the stack did not start within 120 s:\n${out}`)), 120_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^STACK (.*)$/m.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`the stack exited (${code}) before it was up:\n${out}`)));
  });
  process.env.BROWSER_STACK = line;
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
}
