import type { Request, RequestHandler } from 'express';
import helmet from 'helmet';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * Helmet's headers on every answer (API, `/docs`, `/admin/queues`): nosniff, frame-ancestors
 * 'none' (and X-Frame-Options) so no page can frame the board or the docs, no Referer leaks, and a
 * content security policy that lets Swagger UI and Bull Board run their own bundled assets (both
 * use inline styles and Swagger UI an inline script). HSTS only when the gateway is not reached on
 * loopback: local development speaks plain HTTP, and a browser would otherwise pin localhost to HTTPS.
 */
export function securityHeaders(): RequestHandler {
  const common = {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'", 'https:'],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    frameguard: { action: 'deny' as const },
    referrerPolicy: { policy: 'no-referrer' as const },
  };
  const remote = helmet({ ...common, strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true } });
  const local = helmet({ ...common, strictTransportSecurity: false });
  return (req: Request, res, next) => (LOOPBACK.has(req.hostname) ? local(req, res, next) : remote(req, res, next));
}
