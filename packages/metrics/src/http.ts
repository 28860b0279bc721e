import { httpDuration, httpRequests } from './families';

/** A request's start, for `observeHttp`. */
export const httpStart = (): bigint => process.hrtime.bigint();

/**
 * Records one answered request. `route` must be a template (`/api/leads/:id`) or a fixed name
 * (`unmatched`), never the raw URL: each distinct value is a new time series.
 */
export function observeHttp(method: string, route: string, status: number, startedAt: bigint): void {
  const labels = { method: method.toUpperCase(), route, status: String(status) };
  httpRequests.inc(labels);
  httpDuration.observe(labels, Number(process.hrtime.bigint() - startedAt) / 1e9);
}
