import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string().openapi({ example: 'body.name: Invalid input: expected string, received undefined' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error', { description: 'Every error the API returns has this shape.' });

/** The registry every route adds itself to, so the document lists exactly the routes served. */
export function createRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.register('Error', errorSchema);
  registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  registry.registerComponent('securitySchemes', 'apiKeyAuth', { type: 'apiKey', in: 'header', name: 'X-API-Key' });
  return registry;
}

export function generateDocument(registry: OpenAPIRegistry) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Outreach platform API',
      version: '1.0.0',
      description:
        'Multi-tenant LinkedIn outreach automation. Authenticate with a bearer JWT from POST /api/auth/login, or with a client API key in X-API-Key.',
    },
    servers: [{ url: '/' }],
  });
}
