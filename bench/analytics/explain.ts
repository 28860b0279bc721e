import { explainAnalyticsReads, indexesIn, type Db, type QueryPlan } from '@outreach/db';
import { ids } from './seed';

/** EXPLAIN of every analytics read on the seeded data, for a client in the middle of the range. */
export function explainAll(db: Db, o: { clients: number }): Promise<QueryPlan[]> {
  const c = Math.max(1, Math.floor(o.clients / 2));
  return explainAnalyticsReads(db, { clientId: ids.client(c), campaignId: ids.campaign(c, 2), accountId: ids.account(c) });
}

/** One line per query (the indexes its plan uses); a sequential scan is named with the index path found without it. */
export function formatPlans(plans: QueryPlan[]): string {
  const lines = ['EXPLAIN of every analytics read:'];
  for (const p of plans) {
    if (!p.seqScans.length) {
      lines.push(`  ok        ${p.name}: ${indexesIn(p.plan).join(', ') || '(no index named)'}`);
      continue;
    }
    const fallback = p.withoutSeqScan ?? [];
    const stillSeq = fallback.some((l) => l.includes('Seq Scan'));
    const path = stillSeq ? 'NO INDEX PATH' : `index path without it: ${indexesIn(fallback).join(', ')}`;
    lines.push(`  SEQ SCAN  ${p.name}: ${p.seqScans.join('; ')} — ${path}`);
  }
  const seq = plans.filter((p) => p.seqScans.length);
  const noPath = seq.filter((p) => (p.withoutSeqScan ?? []).some((l) => l.includes('Seq Scan')));
  for (const p of noPath) lines.push(`--- ${p.name}`, ...(p.withoutSeqScan ?? []));
  lines.push(`${seq.length} of ${plans.length} plans chose a sequential scan; ${noPath.length} have no index path`);
  return lines.join('\n');
}
