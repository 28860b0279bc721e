import {
  backfillConversationIds,
  fillLeadChatIds,
  listLeadsMissingChat,
  rebuildRateUsage,
  type LeadMissingChat,
  type RateUsageRebuild,
} from '@outreach/db';
import type { BackfillConversationsPayload, RebuildRateUsagePayload } from '@outreach/queues';
import type { UnipileClient } from '@outreach/unipile';
import type { RollupDeps } from './rollup-events';

/** Leads one run looks up on LinkedIn; the rest are reported as `remaining` for the next run. */
const MAX_LOOKUPS = 5_000;
/** Chats read per account: 20 pages of 250, newest first (the same bound as the sender's reconcile). */
const MAX_CHAT_PAGES = 20;

export interface BackfillDeps extends RollupDeps {
  unipile: UnipileClient;
}

/** What a conversations backfill did. */
export interface ConversationBackfillReport {
  /** Connected (or later) leads without a chat id before the run. */
  missing: number;
  /** Filled from the messages and events already stored. */
  resolved: number;
  /** Filled from the account's chats on LinkedIn (1:1 chat whose attendee is the lead). */
  resolved_via_unipile: number;
  /** Looked up on LinkedIn and not found (no chat with the person yet), or whose account could not be read. */
  unresolved: number;
  /** Leads left for another run (beyond this run's bound) or without a provider id to look up. */
  remaining: number;
  /** Accounts whose chats could not be listed (disconnected, Unipile error). */
  accounts_failed: number;
}

/** Raises `rate_usage` counters to what `events` show (POST /api/admin/backfill/rate-usage). */
export async function processRebuildRateUsage(deps: RollupDeps, payload: RebuildRateUsagePayload): Promise<RateUsageRebuild> {
  const result = await rebuildRateUsage(deps.db, payload.linkedinAccountId ?? null, payload.days);
  deps.logger.info('rate usage rebuilt', { ...result, days: payload.days });
  return result;
}

/** The account's 1:1 chats with the people asked for, paging newest first until all are found or the bound. */
async function findChats(unipile: UnipileClient, accountId: string, wanted: Set<string>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let cursor: string | null | undefined;
  for (let page = 0; page < MAX_CHAT_PAGES && found.size < wanted.size; page += 1) {
    const chats = await unipile.listChats(accountId, { limit: 250, cursor });
    for (const c of chats.items) {
      const person = c.attendee_provider_id;
      if (person && (c.type ?? 0) === 0 && wanted.has(person) && !found.has(person)) found.set(person, c.id);
    }
    cursor = chats.cursor;
    if (!cursor) break;
  }
  return found;
}

/**
 * Fills missing chat ids of connected leads (POST /api/admin/backfill/conversations): first from
 * what we stored, then by listing each account's chats on LinkedIn (Unipile has no lookup by
 * attendee: a chat names its 1:1 counterpart in `attendee_provider_id`). Idempotent: only a null
 * is ever written, so a retry or a second run changes nothing already filled. Reads only.
 */
export async function processBackfillConversations(
  deps: BackfillDeps,
  payload: BackfillConversationsPayload,
): Promise<ConversationBackfillReport> {
  const local = await backfillConversationIds(deps.db, payload.clientId ?? null);
  const leads = await listLeadsMissingChat(deps.db, payload.clientId ?? null, MAX_LOOKUPS);
  const byAccount = new Map<string, LeadMissingChat[]>();
  for (const lead of leads) byAccount.set(lead.unipileAccountId, [...(byAccount.get(lead.unipileAccountId) ?? []), lead]);
  let viaUnipile = 0;
  let accountsFailed = 0;
  for (const [accountId, accountLeads] of byAccount) {
    let chats: Map<string, string>;
    try {
      chats = await findChats(deps.unipile, accountId, new Set(accountLeads.map((l) => l.providerId)));
    } catch (err) {
      accountsFailed += 1;
      deps.logger.warn('conversation backfill could not list chats of an account', { unipile_account_id: accountId, err });
      continue;
    }
    const pairs = accountLeads.flatMap((l) => {
      const chatId = chats.get(l.providerId);
      return chatId ? [{ leadId: l.leadId, chatId }] : [];
    });
    viaUnipile += await fillLeadChatIds(deps.db, pairs);
  }
  const report: ConversationBackfillReport = {
    missing: local.missing,
    resolved: local.resolved,
    resolved_via_unipile: viaUnipile,
    unresolved: leads.length - viaUnipile,
    remaining: local.missing - local.resolved - leads.length,
    accounts_failed: accountsFailed,
  };
  deps.logger.info('conversation ids backfilled', { ...report });
  return report;
}
