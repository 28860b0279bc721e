import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../api/schema';

export type Schemas = components['schemas'];
export type Lead = Schemas['Lead'];
export type LeadStatus = Lead['status'];
export type Campaign = Schemas['Campaign'];
export type Role = Schemas['Me']['role'];

const TOKEN_KEY = 'outreach.token';

/** The access token lives in this tab's sessionStorage only: closing the tab signs out. */
export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** An answer of the API that is not a success, with the API's own code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let onUnauthorized: () => void = () => undefined;
/** Called when the API answers 401 (an expired or revoked token): the app signs out. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = tokenStore.get();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && !response.url.endsWith('/api/auth/login')) onUnauthorized();
    return response;
  },
};

/** The typed client, generated from the gateway's /openapi.json (src/api/schema.d.ts). */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

function toApiError(error: unknown, response: Response): ApiError {
  const body = (error ?? {}) as { error?: { code?: string; message?: string; details?: unknown } };
  const message = body.error?.message ?? `The API answered ${response.status} ${response.statusText}`;
  return new ApiError(response.status, body.error?.code ?? `http_${response.status}`, message, body.error?.details);
}

/** The data of an openapi-fetch answer, or an ApiError carrying the API's message. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await call;
  } catch (err) {
    throw new ApiError(0, 'network_error', `The dashboard server cannot be reached (${err instanceof Error ? err.message : String(err)})`);
  }
  if (answer.error !== undefined || !answer.response.ok) throw toApiError(answer.error, answer.response);
  return answer.data as T;
}

/** Details the API attaches to a validation error, as lines a person can read. */
export function detailLines(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.map((d: { path?: string; message?: string; line?: number; reason?: string }) =>
    d.line !== undefined ? `line ${d.line}: ${d.reason ?? d.message ?? ''}` : [d.path, d.message].filter(Boolean).join(': '),
  );
}
