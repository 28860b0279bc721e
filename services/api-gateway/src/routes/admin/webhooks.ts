import { randomUUID } from 'node:crypto';
import { ensureWebhooks, WEBHOOK_SPECS, type Page, type UnipileWebhook } from '@outreach/unipile';
import type { GatewayDeps } from '../../deps';
import { ApiError } from '../../http/errors';
import { z } from '../../http/openapi';
import type { RouteDefiner } from '../../http/route';
import { fromUnipileError } from './unipile-errors';
import { assessWebhooks, missingSources } from './webhook-health';

/** Unipile pages webhooks 100 at a time; no deployment has anywhere near this many. */
const MAX_PAGES = 50;
/** Longer than an ensure run takes (a handful of Unipile calls, 15 s timeout each at worst). */
const ENSURE_LOCK_MS = 120_000;

const webhookSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    source: z.string().nullable(),
    request_url: z.string(),
    enabled: z.boolean(),
    events: z.array(z.string()),
    headers: z.array(z.object({ key: z.string(), value: z.string().openapi({ description: 'Masked, except Content-Type' }) })),
    ours: z.boolean().openapi({ description: "Points at this deployment's ingest URLs, or is named like its registrations" }),
    healthy: z.boolean().openapi({ description: 'Would be kept by ensure: right URL for its source, enabled, secret header, JSON' }),
    problems: z.array(z.string()).openapi({ example: ['misdirected', 'secret_mismatch'] }),
  })
  .openapi('UnipileWebhook');

const listSchema = z
  .object({
    ingest_base_url: z.string().nullable(),
    items: z.array(webhookSchema),
    missing_sources: z
      .array(z.enum(WEBHOOK_SPECS.map((s) => s.source) as [string, ...string[]]))
      .openapi({ description: 'Sources with no healthy webhook' }),
  })
  .openapi('UnipileWebhookList');

const ensureSchema = z
  .object({ kept: z.array(z.string()), created: z.array(z.string()), deleted: z.array(z.string()) })
  .openapi('EnsureWebhooksResult', { example: { kept: ['wh_1'], created: ['wh_2', 'wh_3'], deleted: ['wh_0'] } });

const webhookIdParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_=-]{1,200}$/, 'a Unipile webhook id') }).strict();

async function listAllWebhooks(deps: GatewayDeps): Promise<UnipileWebhook[]> {
  const all: UnipileWebhook[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const batch: Page<UnipileWebhook> = await deps.unipile
      .listWebhooks({ limit: 100, cursor })
      .catch((err: unknown) => Promise.reject(fromUnipileError(err, 'webhook')));
    all.push(...batch.items);
    cursor = batch.cursor;
    if (!cursor) break;
  }
  return all;
}

/**
 * Two concurrent ensure runs would each see "missing" and each create one: a short Redis lock
 * shared by every gateway replica makes the second caller wait its turn instead.
 */
async function withEnsureLock<T>(deps: GatewayDeps, run: () => Promise<T>): Promise<T> {
  const key = `${deps.queuePrefix}:lock:ensure-webhooks`;
  const token = randomUUID();
  const taken = await deps.redis.set(key, token, 'PX', ENSURE_LOCK_MS, 'NX').catch(() => {
    throw new ApiError(503, 'unavailable', 'Redis is unavailable; retry shortly');
  });
  if (taken !== 'OK') throw new ApiError(409, 'conflict', 'another webhook ensure is running; retry when it has finished');
  try {
    return await run();
  } finally {
    const release = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";
    await deps.redis.eval(release, 1, key, token).catch(() => undefined);
  }
}

/** Unipile webhook hygiene: see what is registered, converge on exactly one per source, delete strays. */
export function registerWebhookAdminRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const expectation = { ingestBaseUrl: deps.publicIngestUrl, secretHeader: deps.webhook.header, secret: deps.webhook.secret };

  route(
    {
      method: 'get',
      path: '/api/admin/unipile/webhooks',
      errors: [502],
      summary: "List Unipile's webhooks and whether each is this deployment's and healthy",
      tags: ['admin'],
      access: 'admin',
      response: listSchema,
    },
    async () => {
      const items = assessWebhooks(await listAllWebhooks(deps), expectation);
      return { ingest_base_url: deps.publicIngestUrl ?? null, items, missing_sources: missingSources(items) };
    },
  );

  route(
    {
      method: 'post',
      path: '/api/admin/unipile/webhooks/ensure',
      errors: [409, 502],
      summary:
        'Keep exactly one messaging, one users and one account-status webhook pointing at PUBLIC_INGEST_URL; delete duplicates and misdirected ones',
      tags: ['admin'],
      access: 'admin',
      status: 200,
      response: ensureSchema,
      responseDescription: 'Webhook ids kept, created and deleted. 409 when PUBLIC_INGEST_URL or the webhook secret is not configured.',
    },
    async () => {
      const { publicIngestUrl, webhook } = deps;
      if (!publicIngestUrl || !webhook.secret) {
        const missing = [...(publicIngestUrl ? [] : ['PUBLIC_INGEST_URL']), ...(webhook.secret ? [] : ['UNIPILE_WEBHOOK_SECRET'])];
        throw new ApiError(409, 'conflict', `cannot ensure webhooks: ${missing.join(' and ')} not configured on the gateway`, { missing });
      }
      const target = { ingestBaseUrl: publicIngestUrl, secretHeader: webhook.header, secret: webhook.secret };
      return withEnsureLock(deps, () =>
        ensureWebhooks(deps.unipile, target).catch((err: unknown) => Promise.reject(fromUnipileError(err, 'webhook'))),
      );
    },
  );

  route(
    {
      method: 'delete',
      path: '/api/admin/unipile/webhooks/:id',
      errors: [502],
      summary: 'Delete one Unipile webhook',
      tags: ['admin'],
      access: 'admin',
      params: webhookIdParams,
      status: 204,
    },
    async ({ params }) => {
      await deps.unipile.deleteWebhook(params.id).catch((err: unknown) => Promise.reject(fromUnipileError(err, 'webhook')));
      return undefined;
    },
  );
}
