import http from 'node:http';
import https from 'node:https';

export type PostResult = { status: number; error: null } | { status: null; error: string };

/**
 * POSTs raw bytes with exactly the given headers plus what HTTP itself needs (Host, Content-Length,
 * Connection). Plain node:http rather than fetch: fetch adds accept, user-agent, sec-fetch-mode
 * and, for string bodies, `content-type: text/plain`, none of which Unipile sends.
 * `track` registers the request so closing the sandbox can abort it; it returns the untrack hook.
 */
export function postRaw(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  timeoutMs: number,
  track: (req: http.ClientRequest) => () => void,
): Promise<PostResult> {
  return new Promise((resolve) => {
    let req: http.ClientRequest;
    try {
      const target = new URL(url);
      const lib = target.protocol === 'https:' ? https : http;
      // `agent: false`: a fresh connection per attempt, closed afterwards, so nothing lingers on close.
      req = lib.request(target, { method: 'POST', headers, agent: false });
    } catch (err) {
      resolve({ status: null, error: err instanceof Error ? err.message : String(err) });
      return;
    }
    const untrack = track(req);
    let settled = false;
    const timer = setTimeout(() => req.destroy(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
    const finish = (result: PostResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      untrack();
      resolve(result);
    };
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => finish({ status: res.statusCode ?? 0, error: null }));
      res.on('error', (err) => finish({ status: null, error: err.message }));
    });
    req.on('error', (err) => finish({ status: null, error: err.message }));
    req.end(body);
  });
}
