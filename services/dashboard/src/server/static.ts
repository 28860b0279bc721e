import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

// Built assets carry a content hash in their names: they never change, so browsers keep them.
const IMMUTABLE = 'public, max-age=31536000, immutable';

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  // The report preview is rendered in a sandboxed srcdoc iframe: no script may run in it.
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

async function fileIfPresent(file: string): Promise<{ size: number } | null> {
  try {
    const info = await stat(file);
    return info.isFile() ? info : null;
  } catch {
    return null;
  }
}

/**
 * Serves the built app: a file under `root` when the path names one, otherwise index.html (the app
 * routes on the client). Paths are resolved inside `root` only: `..` cannot escape it.
 */
export function createStaticHandler(root: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const base = path.resolve(root);
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'method_not_allowed', message: `${req.method} is not allowed here` } }));
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://dashboard').pathname);
    } catch {
      pathname = '/';
    }
    const candidate = path.resolve(base, `.${pathname}`);
    const inside = candidate.startsWith(base + path.sep);
    const asset = inside ? await fileIfPresent(candidate) : null;
    const file = asset ? candidate : path.join(base, 'index.html');
    const info = asset ?? (await fileIfPresent(file));
    if (!info) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The dashboard is not built: run pnpm --filter @outreach/dashboard build:app');
      return;
    }
    const isHashedAsset = asset !== null && pathname.startsWith('/assets/');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': isHashedAsset ? IMMUTABLE : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  };
}
