import { WEBHOOK_SPECS, type UnipileWebhook } from '@outreach/unipile';

/** What this deployment expects of its webhooks; either part may be unconfigured. */
export interface WebhookExpectation {
  ingestBaseUrl?: string;
  secretHeader: string;
  secret?: string;
}

export type WebhookProblem =
  | 'ingest_url_not_configured'
  | 'secret_not_configured'
  | 'unknown_source'
  | 'misdirected'
  | 'disabled'
  | 'secret_header_missing'
  | 'secret_mismatch'
  | 'content_type_not_json'
  | 'duplicate';

export interface WebhookAssessment {
  id: string;
  name: string | null;
  source: string | null;
  request_url: string;
  enabled: boolean;
  events: string[];
  /** Header names with their values masked: a secret must never leave through the API. */
  headers: Array<{ key: string; value: string }>;
  ours: boolean;
  healthy: boolean;
  problems: WebhookProblem[];
}

const MASK = '********';
const INGEST_PATH = '/api/webhooks/unipile/';

const headerValue = (hook: UnipileWebhook, key: string) => hook.headers?.find((h) => h.key.toLowerCase() === key.toLowerCase())?.value;
const trimBase = (url: string) => url.replace(/\/+$/, '');

/** Content-Type is the one header whose value tells an operator something and hides nothing. */
const maskHeaders = (hook: UnipileWebhook) =>
  (hook.headers ?? []).map((h) => ({ key: h.key, value: h.key.toLowerCase() === 'content-type' ? h.value : MASK }));

function problemsOf(hook: UnipileWebhook, expected: WebhookExpectation): WebhookProblem[] {
  if (!expected.ingestBaseUrl) return ['ingest_url_not_configured'];
  const spec = WEBHOOK_SPECS.find((s) => s.source === hook.source);
  if (!spec) return ['unknown_source'];
  const problems: WebhookProblem[] = [];
  if (hook.request_url !== `${trimBase(expected.ingestBaseUrl)}${spec.path}`) problems.push('misdirected');
  if (hook.enabled === false) problems.push('disabled');
  const secret = headerValue(hook, expected.secretHeader);
  // Without a configured secret nothing can be verified, and webhook-ingest would refuse every delivery.
  if (!expected.secret) problems.push('secret_not_configured');
  else if (secret === undefined) problems.push('secret_header_missing');
  else if (secret !== expected.secret) problems.push('secret_mismatch');
  if (headerValue(hook, 'Content-Type') !== 'application/json') problems.push('content_type_not_json');
  return problems;
}

/**
 * Tells which of Unipile's webhooks are this deployment's ("ours": pointing at its ingest paths or
 * named like its registrations — the same rule `ensureWebhooks` applies) and whether each would be
 * kept by `ensureWebhooks` ("healthy"). The first healthy one per source is kept; later ones are
 * duplicates.
 */
export function assessWebhooks(hooks: UnipileWebhook[], expected: WebhookExpectation): WebhookAssessment[] {
  const base = expected.ingestBaseUrl ? trimBase(expected.ingestBaseUrl) : undefined;
  const healthySources = new Set<string>();
  return hooks.map((hook) => {
    const ours =
      (base !== undefined && hook.request_url.startsWith(`${base}${INGEST_PATH}`)) || WEBHOOK_SPECS.some((s) => s.name === hook.name);
    const problems = ours ? problemsOf(hook, expected) : [];
    if (ours && problems.length === 0) {
      if (healthySources.has(hook.source ?? '')) problems.push('duplicate');
      else healthySources.add(hook.source ?? '');
    }
    return {
      id: hook.id,
      name: hook.name ?? null,
      source: hook.source ?? null,
      request_url: hook.request_url,
      enabled: hook.enabled !== false,
      events: hook.events ?? [],
      headers: maskHeaders(hook),
      ours,
      healthy: ours && problems.length === 0,
      problems,
    };
  });
}

/** Sources that have no healthy webhook: replies or acceptances of those kinds are not arriving. */
export function missingSources(assessed: WebhookAssessment[]): string[] {
  return WEBHOOK_SPECS.map((s) => s.source).filter((source) => !assessed.some((w) => w.healthy && w.source === source));
}
