import SwaggerParser from '@apidevtools/swagger-parser';
import type { Express } from 'express';
import { startGateway, type GatewayHarness } from './test-support/harness';

/** `method /openapi/{style}` for every route registered on the app's routers. */
function servedRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route)
        for (const method of Object.keys(layer.route.methods)) out.push(`${method} ${layer.route.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`);
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}
interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document with both security schemes and the error schema', async () => {
    const res = await g.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    // Throws with every problem listed when the document is not valid OpenAPI 3.1.
    await expect(SwaggerParser.validate(structuredClone(res.body))).resolves.toBeDefined();
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.components.securitySchemes)).toEqual(expect.arrayContaining(['bearerAuth', 'apiKeyAuth']));
    expect(res.body.components.schemas.Error).toBeDefined();
  });

  it('documents every API route the app serves', async () => {
    const res = await g.call('GET', '/openapi.json');
    const documented = new Set(
      Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m} ${path}`),
      ),
    );
    const served = servedRoutes(g.app).filter(
      (r) => r.startsWith('get /api') || !r.startsWith('get ') || /^get \/(healthz|readyz)$/.test(r),
    );
    expect(served.length).toBeGreaterThan(40);
    expect(served.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await fetch(`${g.url}/docs/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger-ui');
  });
});
