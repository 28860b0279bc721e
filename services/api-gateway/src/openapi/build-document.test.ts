import { buildOpenApiDocument } from './build-document';

describe('buildOpenApiDocument', () => {
  it('builds the served document without a database, Redis or Unipile', () => {
    const document = buildOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/campaigns/{id}/leads', '/api/auth/admin-session']),
    );
    expect(Object.keys(document.paths['/api/campaigns/{id}'] ?? {})).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
  });
});
