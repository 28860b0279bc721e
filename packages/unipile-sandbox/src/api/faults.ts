import type { RequestHandler } from 'express';
import { ApiError } from '../errors';
import { newUnipileId } from '../ids';
import { requestForm } from './multipart';

export interface ApiFaultInput {
  /** HTTP method, or `*` for any. */
  method: string;
  /** Exact path (`/api/v1/users/invite`) or a prefix of whole segments; a trailing `*` is a raw prefix. */
  path: string;
  /**
   * HTTP status to answer; 0 = no answer: hang `delay_ms`, then drop the connection; 2xx = no fault:
   * hold the call `delay_ms`, then let the real handler answer (a slow but successful LinkedIn call).
   */
  status: number;
  type?: string;
  title?: string;
  detail?: string;
  count?: number;
  delay_ms?: number;
  /** Shallow match on JSON or multipart fields, e.g. `{provider_id: "ACoA…"}`. */
  match_body?: Record<string, unknown>;
  /** Extra response headers, e.g. `{"Retry-After": "60"}`. */
  headers?: Record<string, string>;
}

export interface ApiFault extends ApiFaultInput {
  id: string;
  remaining: number;
}

function pathMatches(pattern: string, path: string): boolean {
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  const base = pattern.replace(/\/+$/, '');
  return path === base || path.startsWith(`${base}/`);
}

type FieldReader = (key: string) => unknown[];

function bodyMatches(expected: Record<string, unknown> | undefined, read: FieldReader): boolean {
  if (!expected) return true;
  return Object.entries(expected).every(([key, want]) =>
    read(key).some((got) => got === want || (typeof got === 'string' && typeof want !== 'object' && got === String(want))),
  );
}

/** Errors armed by tests for the next matching `/api/v1` calls. */
export class ApiFaults {
  private faults: ApiFault[] = [];
  private readonly hangs = new Set<NodeJS.Timeout>();

  add(input: ApiFaultInput): ApiFault {
    const fault: ApiFault = { ...input, id: newUnipileId(), remaining: input.count ?? 1 };
    this.faults.push(fault);
    return fault;
  }

  list(): ApiFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  close(): void {
    for (const t of this.hangs) clearTimeout(t);
    this.hangs.clear();
  }

  take(method: string, path: string, read: FieldReader): ApiFault | undefined {
    const fault = this.faults.find(
      (f) => (f.method === '*' || f.method.toUpperCase() === method) && pathMatches(f.path, path) && bodyMatches(f.match_body, read),
    );
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  /** Runs after body parsing so `match_body` sees JSON and multipart fields alike. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const form = requestForm(res);
      const json: unknown = req.body;
      const read: FieldReader = (key) => {
        if (form) return form.getAll(key);
        if (json && typeof json === 'object' && key in json) return [(json as Record<string, unknown>)[key]];
        return [];
      };
      const fault = this.take(req.method, req.originalUrl.split('?')[0] ?? req.path, read);
      if (!fault) {
        next();
        return;
      }
      const respond = (): void => {
        if (fault.status === 0) {
          req.socket.destroy();
          return;
        }
        if (fault.status >= 200 && fault.status < 300) {
          next();
          return;
        }
        const error = new ApiError(fault.status, fault.type ?? 'unexpected_error', fault.detail, fault.title);
        res.set(fault.headers ?? {});
        next(error);
      };
      if (!fault.delay_ms) {
        respond();
        return;
      }
      const timer = setTimeout(() => {
        this.hangs.delete(timer);
        respond();
      }, fault.delay_ms);
      this.hangs.add(timer);
    };
  }
}
