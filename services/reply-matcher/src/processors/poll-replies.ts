import { findAccountById, findKnownMessageIds } from '@outreach/db';
import type { PollRepliesPayload } from '@outreach/queues';
import { normalizeRestMessage } from '@outreach/unipile';
import type { MatcherDeps } from '../deps';
import { handleMessage } from '../matching/handle-message';

/** Bounds one poll: 40 pages of 100 is far beyond a normal lookback window's traffic. */
const PAGE_SIZE = 100;
const MAX_PAGES = 40;

export interface PollResult {
  scanned: number;
  unseen: number;
  newRepliesRecorded: number;
  ownMessages: number;
  unmatched: number;
}

/**
 * Pages an account's messages over the lookback window and feeds every message we have not seen
 * to the same matching path as webhooks (detection `polling`). Unipile gives up after five failed
 * deliveries; this is what catches those replies.
 */
export async function processPollReplies(deps: MatcherDeps, payload: PollRepliesPayload): Promise<PollResult> {
  const result: PollResult = { scanned: 0, unseen: 0, newRepliesRecorded: 0, ownMessages: 0, unmatched: 0 };
  const account = await findAccountById(deps.db, payload.linkedinAccountId);
  if (!account) return result;
  const after = new Date(Date.now() - payload.lookbackMinutes * 60_000);

  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const batch = await deps.unipile.listMessages(account.unipileAccountId, { after, limit: PAGE_SIZE, cursor });
    result.scanned += batch.items.length;
    const known = await findKnownMessageIds(
      deps.db,
      account.id,
      batch.items.map((m) => m.id),
    );
    for (const message of batch.items) {
      if (known.has(message.id)) continue;
      result.unseen += 1;
      const outcome = await handleMessage(deps, normalizeRestMessage(message), 'polling');
      if (outcome.outcome === 'matched') {
        if (outcome.log.new_event === true) result.newRepliesRecorded += 1;
        deps.logger.info('reply found by polling', {
          outcome: outcome.outcome,
          match_key: outcome.matchKey,
          tried_keys: outcome.triedKeys,
          ...outcome.log,
        });
      } else if (outcome.outcome === 'own_message') result.ownMessages += 1;
      else if (outcome.outcome === 'unmatched') {
        result.unmatched += 1;
        deps.logger.info('polled message unmatched', { tried_keys: outcome.triedKeys, ...outcome.log });
      }
    }
    cursor = batch.cursor;
    if (!cursor) break;
  }
  deps.logger.info('reply poll finished', { linkedin_account_id: account.id, reason: payload.reason, ...result });
  return result;
}
