import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The process's one registry. Every family the platform exports is registered on it at import
 * (families.ts), so each service's `/metrics` lists the same names and the alert rules and the
 * Grafana dashboard can be checked against it. Labels are bounded: queue, job and route names,
 * outcomes and statuses, never a lead, account or client id.
 */
export const registry = new Registry();

collectDefaultMetrics({ register: registry });

/** The exposition text and its content type, for an HTTP handler. */
export async function exposition(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
