import type { Request } from 'express';
import { z } from 'zod';
import { invalidParameters, missingParameters } from '../errors';

/** Unipile's datetime query format: milliseconds and `Z` are mandatory. */
export const DATETIME_PATTERN = /^[1-2]\d{3}-[0-1]\d-[0-3]\dT\d{2}:\d{2}:\d{2}.\d{3}Z$/;

/** The first value of a query parameter, or undefined. */
export function queryParam(req: Request, name: string): string | undefined {
  const value: unknown = (req.query as Record<string, unknown>)[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** A required query parameter; absent or empty is 400 `invalid_parameters`. */
export function requireQuery(req: Request, name: string): string {
  const value = queryParam(req, name);
  if (value === undefined || value === '') throw invalidParameters(`Expected required property at /${name}`);
  return value;
}

/** An optional `before`/`after` datetime, validated against Unipile's pattern. */
export function datetimeQuery(req: Request, name: string): string | undefined {
  const value = queryParam(req, name);
  if (value === undefined) return undefined;
  if (!DATETIME_PATTERN.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalidParameters(`Expected string to match '^[1-2]\\d{3}-[0-1]\\d-[0-3]\\dT\\d{2}:\\d{2}:\\d{2}.\\d{3}Z$' at /${name}`);
  }
  return new Date(value).toISOString();
}

/** Validates a JSON body; the detail names the first failing path, like Unipile's typebox messages. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = `/${(issue?.path ?? []).join('/')}`;
  if (issue?.code === 'invalid_type' && /received undefined/.test(issue.message))
    throw missingParameters(`Expected required property at ${path}`);
  throw invalidParameters(`${issue?.message ?? 'Invalid value'} at ${path}`);
}
