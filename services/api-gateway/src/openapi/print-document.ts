/**
 * Prints the gateway's OpenAPI document on stdout without connecting to anything: the routes are
 * registered with placeholder dependencies that no handler ever reaches, and the document is read
 * from the app's own `/openapi.json` handler in-process. The dashboard generates its typed client
 * from this output (`pnpm --filter @outreach/dashboard generate:api`).
 */
import { buildOpenApiDocument } from './build-document';

process.stdout.write(`${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
