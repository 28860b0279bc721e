import type { Express } from 'express';
import { createGatewayApp } from '../app';
import type { GatewayDeps } from '../deps';

/** A stand-in for a live dependency: building the app never touches it; any real use fails loudly. */
function unavailable(name: string): never {
  return new Proxy(
    {},
    {
      get(_target, key) {
        if (key === 'then') return undefined;
        throw new Error(`${name}.${String(key)} is not available while only the OpenAPI document is built`);
      },
    },
  ) as never;
}

function placeholderDeps(): GatewayDeps {
  return {
    db: unavailable('db'),
    redis: unavailable('redis'),
    queues: {} as GatewayDeps['queues'],
    unipile: unavailable('unipile'),
    unipileDsn: 'http://unipile.invalid',
    logger: unavailable('logger'),
    tokens: { secret: 'x'.repeat(32), issuer: 'outreach-platform', audience: 'outreach-api', ttlSeconds: 3600 },
    login: { maxAttempts: 10, windowSeconds: 900 },
    queuePrefix: 'openapi',
    webhook: { header: 'Unipile-Auth' },
    email: { appBaseUrl: 'http://localhost:3000', unsubscribeSecret: 'x'.repeat(32) },
    notifications: { enabled: true, weeklyReportsEnabled: true, allowLocalHttpHooks: false },
  };
}

/** Calls the app's `GET /openapi.json` handler with a minimal response object (no socket). */
function readDocument(app: Express): unknown {
  let body: unknown;
  const res = { json: (value: unknown) => (body = value), setHeader: () => undefined, status: () => res };
  const layer = (app.router.stack as Array<{ route?: { path: string; stack: Array<{ handle: (...args: unknown[]) => void }> } }>).find(
    (l) => l.route?.path === '/openapi.json',
  );
  if (!layer?.route) throw new Error('the gateway serves no /openapi.json');
  layer.route.stack[0]?.handle({}, res, () => undefined);
  if (body === undefined) throw new Error('/openapi.json returned nothing');
  return body;
}

/** The OpenAPI 3.1 document exactly as a running gateway serves it at `/openapi.json`. */
export function buildOpenApiDocument(): unknown {
  return readDocument(createGatewayApp(placeholderDeps()));
}
