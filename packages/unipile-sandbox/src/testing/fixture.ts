import { SandboxControl } from '../control/client';
import { startSandbox, type Sandbox, type SandboxOptions } from '../server';

export const TEST_KEY = 'sandbox-test-key';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON (or text). `any` on purpose: tests index into answers and assert on shapes. */
  body: any;
}

export interface CallOptions {
  json?: unknown;
  form?: FormData;
  key?: string | null;
}

export interface TestSandbox {
  sandbox: Sandbox;
  control: SandboxControl;
  /** Calls `/api/v1<path>` like a Unipile client would. */
  api(method: string, path: string, options?: CallOptions): Promise<ApiAnswer>;
  close(): Promise<void>;
}

/** Package-internal test fixture: a sandbox on a random port plus typed clients for it. */
export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({ port: 0, apiKey: TEST_KEY, webhookRetryDelaysMs: [20, 40, 80, 160, 320], ...options });
  const api = async (method: string, path: string, opts: CallOptions = {}): Promise<ApiAnswer> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.key !== null) headers['X-API-KEY'] = opts.key ?? TEST_KEY;
    let body: string | FormData | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.form) body = opts.form;
    const res = await fetch(`${sandbox.url}/api/v1${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return { sandbox, control: new SandboxControl(sandbox.url, TEST_KEY), api, close: () => sandbox.close() };
}

/** A multipart body the way the Unipile SDK builds one (repeated keys, bracket keys). */
export function formOf(fields: Record<string, string | string[]>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
  return form;
}
