import SwaggerParser from '@apidevtools/swagger-parser';
import { startGateway, type GatewayHarness } from './test-support/harness';

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

  it('serves Swagger UI at /docs', async () => {
    const res = await fetch(`${g.url}/docs/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger-ui');
  });
});
