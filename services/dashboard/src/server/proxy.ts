import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Logger } from '@outreach/logger';

/** Paths forwarded to the gateway as they are: the API and Bull Board (its page, assets and JSON). */
export function isProxied(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/') || pathname === '/admin/queues' || pathname.startsWith('/admin/queues/');
}

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are never forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function forwardedHeaders(req: IncomingMessage, target: URL): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
  }
  headers.host = target.host;
  // The gateway rate-limits logins per client IP and trusts X-Forwarded-For from loopback only.
  const prior = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = [prior, req.socket.remoteAddress].filter(Boolean).join(', ');
  return headers;
}

/**
 * Streams a request to the gateway and its answer back, bodies untouched (CSV imports, and SSE
 * later, pass through without buffering). A gateway that cannot be reached answers 502 in the
 * API's own error shape, so the app shows it like any other API error.
 */
export function createProxy(gatewayUrl: string, logger: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  const base = new URL(gatewayUrl);
  const transport = base.protocol === 'https:' ? https : http;
  return (req, res) => {
    const target = new URL(req.url ?? '/', base);
    const upstream = transport.request(target, { method: req.method, headers: forwardedHeaders(req, base) }, (answer) => {
      const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    upstream.on('error', (err) => {
      logger.warn('gateway unreachable', { err, path: target.pathname });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'gateway_unreachable', message: 'The API gateway cannot be reached; try again shortly.' } }));
    });
    // A browser that goes away (a closed tab, an aborted fetch) stops the upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  };
}
