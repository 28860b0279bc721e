import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { ZodObject, ZodType, z } from 'zod';
import type { AuthContext } from '../auth/context';
import { ApiError, forbidden, unauthorized, type ErrorDetail } from './errors';
import { errorSchema } from './openapi';

/**
 * Who may call a route: `public` (no credentials), `read` (any authenticated caller),
 * `write` (admins, agents, API keys — not viewers), `admin` (admins only).
 */
export type Access = 'public' | 'read' | 'write' | 'admin';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<P extends ZodType, Q extends ZodType, B extends ZodType> {
  method: Method;
  /** Express path (`/api/clients/:id`); documented as `/api/clients/{id}`. */
  path: string;
  summary: string;
  tags: string[];
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Request headers the route reads itself (e.g. `Idempotency-Key`): documented here, checked by the handler. */
  headers?: ZodObject;
  /**
   * The JSON body's size limit (default `DEFAULT_JSON_LIMIT`). Only bulk imports and inbox replies with files raise it. The body
   * is read after authentication, so nobody without credentials makes the gateway buffer anything.
   */
  bodyLimit?: string;
  /** Body content types other than JSON (CSV imports) are read by the handler itself, streaming. */
  rawBody?: { contentType: string; description: string };
  status?: number;
  /** Error statuses this route answers beyond 400/401/403/404, so the document lists them. */
  errors?: Array<keyof typeof ERROR_DESCRIPTIONS>;
  response?: ZodType;
  responseDescription?: string;
  /** The response's content type when it is not JSON (the handler writes it itself). */
  responseContentType?: string;
}

export interface HandlerContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  auth: AuthContext;
  req: Request;
  res: Response;
}

type Infer<T> = T extends ZodType ? z.infer<T> : undefined;

export type Authenticate = (req: Request) => Promise<AuthContext | null>;

function issuesToDetails(location: ErrorDetail['location'], error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    // One entry per unknown field, so a client sees each field it must drop.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ location, path: path ? `${path}.${key}` : key, message: 'unknown field' }));
    }
    return [{ location, path, message: issue.message }];
  });
}

function parsePart<T extends ZodType>(
  schema: T | undefined,
  value: unknown,
  location: ErrorDetail['location'],
  errors: ErrorDetail[],
): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? (location === 'body' ? undefined : {}));
  if (result.success) return result.data;
  errors.push(...issuesToDetails(location, result.error));
  return undefined;
}

const ERROR_DESCRIPTIONS = {
  401: 'Missing or invalid credentials',
  409: 'Conflicts with the current state (named in the message)',
  410: 'No longer valid (expired or already used)',
  429: 'Too many attempts; see Retry-After',
  502: 'Unipile answered with an error',
  503: 'A dependency is unavailable',
  504: 'The work was queued but did not finish in time; `details` names the jobs',
} as const;

/** Every JSON body but a bulk import's: ample for any settings or command, small enough to parse at once. */
export const DEFAULT_JSON_LIMIT = '100kb';

/** Runs a body parser as a step of the handler (after authentication), not as app-wide middleware. */
function runParser(parser: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    parser(req, res, (err?: unknown) => (err ? reject(err) : resolve()));
  });
}

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');

/**
 * Declares a route once: validation of params, query and body (400 naming every bad field,
 * unknown fields rejected by strict schemas), access control, and its OpenAPI entry come from the
 * same zod schemas.
 */
export function createRouteDefiner(router: Router, registry: OpenAPIRegistry, authenticate: Authenticate) {
  return function route<P extends ZodType, Q extends ZodType, B extends ZodType>(
    spec: RouteSpec<P, Q, B>,
    handler: (ctx: HandlerContext<Infer<P>, Infer<Q>, Infer<B>>) => Promise<unknown>,
  ): void {
    const status = spec.status ?? (spec.method === 'post' ? 201 : 200);
    const config: RouteConfig = {
      method: spec.method,
      path: toOpenApiPath(spec.path),
      summary: spec.summary,
      tags: spec.tags,
      security: spec.access === 'public' ? [] : [{ bearerAuth: [] }, { apiKeyAuth: [] }],
      request: {
        ...(spec.params ? { params: spec.params as never } : {}),
        ...(spec.query ? { query: spec.query as never } : {}),
        ...(spec.headers ? { headers: spec.headers as never } : {}),
        ...(spec.body ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
        ...(spec.rawBody
          ? {
              body: {
                required: true,
                description: spec.rawBody.description,
                content: { [spec.rawBody.contentType]: { schema: { type: 'string' } } },
              },
            }
          : {}),
      },
      responses: {
        [status]: {
          description: spec.responseDescription ?? 'Success',
          ...(spec.response ? { content: { [spec.responseContentType ?? 'application/json']: { schema: spec.response } } } : {}),
        },
        400: { description: 'Invalid input; `details` names each bad field', content: { 'application/json': { schema: errorSchema } } },
        ...Object.fromEntries(
          (spec.errors ?? []).map((code) => [
            code,
            { description: ERROR_DESCRIPTIONS[code], content: { 'application/json': { schema: errorSchema } } },
          ]),
        ),
        ...(spec.access === 'public'
          ? {}
          : {
              401: { description: 'Missing, invalid or expired credentials', content: { 'application/json': { schema: errorSchema } } },
              403: { description: 'Your role does not allow this', content: { 'application/json': { schema: errorSchema } } },
              404: { description: 'Not found, or not yours', content: { 'application/json': { schema: errorSchema } } },
            }),
      },
    };
    registry.registerPath(config);
    const jsonParser = spec.body ? express.json({ limit: spec.bodyLimit ?? DEFAULT_JSON_LIMIT }) : null;

    router[spec.method](spec.path, async (req: Request, res: Response) => {
      let auth: AuthContext = { kind: 'anonymous', role: 'viewer', clientId: null, userId: null };
      if (spec.access !== 'public') {
        const found = await authenticate(req);
        if (!found) throw unauthorized();
        if (spec.access === 'admin' && found.role !== 'admin') throw forbidden('admins only');
        if (spec.access === 'write' && found.role === 'viewer') throw forbidden('viewers cannot change anything');
        auth = found;
      }
      if (jsonParser) await runParser(jsonParser, req, res);
      const errors: ErrorDetail[] = [];
      const params = parsePart(spec.params, req.params, 'params', errors);
      const query = parsePart(spec.query, req.query, 'query', errors);
      const body = parsePart(spec.body, req.body, 'body', errors);
      if (errors.length > 0) {
        const summary = errors.map((e) => `${e.location}${e.path ? `.${e.path}` : ''}: ${e.message}`).join('; ');
        throw new ApiError(400, 'validation_failed', summary, errors);
      }
      const result = await handler({ params, query, body, auth, req, res } as HandlerContext<Infer<P>, Infer<Q>, Infer<B>>);
      if (res.headersSent) return;
      if (result === undefined) res.status(status === 201 ? 204 : status).end();
      else res.status(status).json(result);
    });
  };
}

export type RouteDefiner = ReturnType<typeof createRouteDefiner>;
