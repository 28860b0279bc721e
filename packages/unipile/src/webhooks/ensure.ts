import type { UnipileClient } from '../client/client';
import type { UnipileWebhook } from '../client/schemas';

export interface WebhookTarget {
  /** Where Unipile reaches webhook-ingest, e.g. https://hooks.example.com (no trailing path). */
  ingestBaseUrl: string;
  secretHeader: string;
  secret: string;
}

export const WEBHOOK_SPECS = [
  {
    source: 'messaging',
    path: '/api/webhooks/unipile/messaging',
    name: 'outreach-messaging',
    events: ['message_received', 'message_read', 'message_reaction', 'message_edited', 'message_deleted'],
  },
  { source: 'users', path: '/api/webhooks/unipile/users', name: 'outreach-users', events: ['new_relation'] },
  {
    source: 'account_status',
    path: '/api/webhooks/unipile/account-status',
    name: 'outreach-account-status',
    // Unipile's defaults omit some lifecycle states: name them all.
    events: [
      'creation_success',
      'creation_fail',
      'deleted',
      'reconnected',
      'sync_success',
      'stopped',
      'ok',
      'connecting',
      'error',
      'credentials',
      'permissions',
    ],
  },
] as const;

export interface EnsureWebhooksResult {
  kept: string[];
  created: string[];
  deleted: string[];
}

const url = (target: WebhookTarget, path: string) => `${target.ingestBaseUrl.replace(/\/+$/, '')}${path}`;
const headerValue = (w: UnipileWebhook, key: string) => w.headers?.find((h) => h.key.toLowerCase() === key.toLowerCase())?.value;

/**
 * Makes Unipile hold exactly one messaging, one users and one account-status webhook pointing at
 * this deployment's ingest URLs with the secret header and `Content-Type: application/json`.
 * Webhooks pointing at our ingest paths but not matching (wrong URL for their source, stale
 * secret, duplicates) are deleted; webhooks of other systems are left alone.
 */
export async function ensureWebhooks(unipile: UnipileClient, target: WebhookTarget): Promise<EnsureWebhooksResult> {
  const all: UnipileWebhook[] = [];
  let cursor: string | null = null;
  do {
    const page = await unipile.listWebhooks({ limit: 100, cursor });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor);

  const base = target.ingestBaseUrl.replace(/\/+$/, '');
  const ours = all.filter((w) => w.request_url.startsWith(`${base}/api/webhooks/unipile/`) || WEBHOOK_SPECS.some((s) => s.name === w.name));
  const result: EnsureWebhooksResult = { kept: [], created: [], deleted: [] };

  for (const spec of WEBHOOK_SPECS) {
    const good = ours.filter(
      (w) =>
        w.request_url === url(target, spec.path) &&
        (w.source ?? spec.source) === spec.source &&
        w.enabled !== false &&
        headerValue(w, target.secretHeader) === target.secret &&
        headerValue(w, 'Content-Type') === 'application/json',
    );
    const keep = good[0];
    if (keep) result.kept.push(keep.id);
    else {
      result.created.push(
        await unipile.createWebhook({
          source: spec.source,
          request_url: url(target, spec.path),
          name: spec.name,
          events: [...spec.events],
          headers: [
            { key: 'Content-Type', value: 'application/json' },
            { key: target.secretHeader, value: target.secret },
          ],
        }),
      );
    }
  }
  for (const w of ours) {
    if (!result.kept.includes(w.id)) {
      await unipile.deleteWebhook(w.id);
      result.deleted.push(w.id);
    }
  }
  return result;
}
