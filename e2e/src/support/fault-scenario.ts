import { waitFor } from '@outreach/testing';
import type { FullPlatform } from './full-platform';
import { inBatches } from './sending-platform';

export interface ScenarioOptions {
  leads: number;
  /** How many of the leads reply to the first message (the rest get the follow-up). */
  repliers: number;
  senders: number;
  /** One sender is SIGKILLed and replaced this often while the campaign runs. */
  senderKillEveryMs: number;
  postgresDownMs: number;
  timeoutMs: number;
  onProgress?: (line: string) => void;
}

export interface ScenarioReport {
  faults: { senderKills: number; matcherKills: number; redisRestarts: number; postgresStops: number };
  counts: {
    invites: number;
    firstMessages: number;
    followUps: number;
    repliesRecorded: number;
    responded: number;
    lost: number;
    duplicated: number;
  };
  /** Each broken promise, named with the person it concerns; empty when every promise held. */
  violations: string[];
  elapsedMs: number;
}

const FIRST = 'Thanks for connecting, {{first_name}}!';
const FOLLOW_UP = 'Following up, {{first_name}}: any thoughts?';

/**
 * Runs one campaign through the whole platform while faults are injected, then judges the outcome
 * from the sandbox's record of what reached LinkedIn and from the events table. Used by the fault
 * suite (`e2e/`) and by `pnpm soak`.
 */
export async function runFaultScenario(p: FullPlatform, o: ScenarioOptions): Promise<ScenarioReport> {
  const started = Date.now();
  const say = o.onProgress ?? (() => undefined);
  const s = await p.seedCampaign({
    account: {
      dailyInviteLimit: 100_000,
      weeklyInviteLimit: 100_000,
      dailyMessageLimit: 100_000,
      dailyProfileViewLimit: 100_000,
      minActionSpacingSeconds: 0,
      maxActionSpacingSeconds: 0,
    },
    steps: [
      { action: 'invite', template: 'Hi {{first_name}}, let us connect.' },
      { action: 'message', template: FIRST, delayMinutes: 0 },
      // Long enough that a reply (0.3–1.5 s after the first message) always comes first on LinkedIn.
      { action: 'message', template: FOLLOW_UP, delayMinutes: 1 },
    ],
  });
  const people = await inBatches(
    Array.from({ length: o.leads }, (_, i) => i),
    20,
    (i) =>
      p.control.createPerson({
        first_name: `Person${String(i).padStart(4, '0')}`,
        last_name: 'Fault',
        behaviour: {
          accept_after_ms: [300, 3000],
          ...(i < o.repliers ? { reply_after_ms: [300, 1500], reply_text: `Reply from ${i}` } : {}),
        },
      }),
  );
  await p.database.sql`
    insert into leads (client_id, campaign_id, first_name, last_name, public_identifier, status, next_action_at)
    select ${s.clientId}, ${s.campaign.id}, x.first, 'Fault', x.public_id, 'pending_invite', now()
    from jsonb_to_recordset(${JSON.stringify(people.map((x) => ({ first: x.first_name, public_id: x.public_identifier })))}::jsonb) as x(first text, public_id text)`;

  // Soak rounds reuse the processes of the round before.
  const missing = (name: 'reply-matcher' | 'sequencer' | 'outbound-sender', want: number) => Math.max(0, want - p.running[name].length);
  await Promise.all([
    missing('reply-matcher', 1) ? p.start('reply-matcher') : null,
    missing('sequencer', 1) ? p.start('sequencer') : null,
    missing('outbound-sender', o.senders) ? p.start('outbound-sender', missing('outbound-sender', o.senders)) : null,
  ]);
  say(`campaign of ${o.leads} leads started`);

  const faults = { senderKills: 0, matcherKills: 0, redisRestarts: 0, postgresStops: 0 };
  let stopping = false;
  const count = async (where: string) => {
    const [row] = await p.database.sql.unsafe(`select count(*)::int as n from leads where campaign_id = $1 and ${where}`, [s.campaign.id]);
    return Number(row?.n ?? 0);
  };

  // (a) A sender SIGKILLed every few seconds (whatever it has in flight), a new one started.
  const senderChaos = (async () => {
    while (!stopping) {
      await new Promise((r) => setTimeout(r, o.senderKillEveryMs));
      if (stopping) break;
      const victim = p.running['outbound-sender'][Math.floor(Math.random() * p.running['outbound-sender'].length)];
      await p.kill('outbound-sender', victim);
      faults.senderKills += 1;
      await p.start('outbound-sender').catch(() => undefined);
    }
  })();

  const oneRound = async () => {
    // (b) The matcher dies while acceptances pour in.
    await waitFor(async () => (await count(`connected_at is not null`)) >= Math.min(10, o.leads), {
      what: 'acceptances flowing',
      timeoutMs: o.timeoutMs,
      intervalMs: 100,
    });
    await p.kill('reply-matcher');
    faults.matcherKills += 1;
    say('reply-matcher SIGKILLed mid-delivery');
    await p.start('reply-matcher');
    // (c) Redis dies and comes back from its AOF.
    await p.redis.stop();
    await p.redis.start();
    faults.redisRestarts += 1;
    say('Redis killed and restarted from its AOF');
    // (d) Postgres goes away while replies arrive: the fault lasts a fixed time by design.
    await waitFor(async () => (await count(`status = 'responded'`)) >= 1 || o.repliers === 0, {
      what: 'replies arriving',
      timeoutMs: o.timeoutMs,
      intervalMs: 100,
    });
    await p.postgres.stop();
    faults.postgresStops += 1;
    say(`Postgres stopped for ${o.postgresDownMs} ms`);
    await new Promise((r) => setTimeout(r, o.postgresDownMs));
    await p.postgres.start();
  };
  const finished = await (async () => {
    try {
      await oneRound();
      // Done when every lead reached an end: responded or completed as planned, or error/skipped/withdrawn (a violation, named below).
      return await waitFor(async () => (await count(`status in ('responded', 'completed', 'error', 'skipped', 'withdrawn')`)) === o.leads, {
        what: 'every lead finished',
        timeoutMs: o.timeoutMs,
        intervalMs: 500,
      }).then(
        () => true,
        () => false,
      );
    } finally {
      // Whatever happened, the chaos stops: a loop left running would start senders after the test closed the platform.
      stopping = true;
      await senderChaos;
    }
  })();
  const report = await judge(p, s, people, o, faults, started);
  if (!finished) report.violations.unshift(`not every lead finished within ${o.timeoutMs} ms: ${await stateOf(p, s.campaign.id)}`);
  for (const exit of p.unexpectedExits) report.violations.unshift(`a process died on its own: ${exit}`);
  const ended = await p.database.sql<Array<{ status: string; error_code: string | null; n: number }>>`
    select status, error_code, count(*)::int as n from leads where campaign_id = ${s.campaign.id} and status in ('error', 'skipped', 'withdrawn') group by 1, 2`;
  for (const e of ended) report.violations.push(`${e.n} lead(s) ended ${e.status}${e.error_code ? ` (${e.error_code})` : ''}`);
  return report;
}

/** Where the campaign's leads and actions stand, for a run that did not finish. */
async function stateOf(p: FullPlatform, campaignId: string): Promise<string> {
  const leads = await p.database.sql<
    Array<{ status: string; n: number }>
  >`select status, count(*)::int as n from leads where campaign_id = ${campaignId} group by 1 order by 1`;
  const actions = await p.database.sql<Array<{ action: string; status: string; n: number }>>`
    select action, status, count(*)::int as n from outbound_actions where campaign_id = ${campaignId} group by 1, 2 order by 1, 2`;
  return `leads ${leads.map((r) => `${r.status}=${r.n}`).join(' ')}; actions ${actions.map((r) => `${r.action}/${r.status}=${r.n}`).join(' ')}`;
}

async function judge(
  p: FullPlatform,
  s: { unipileAccountId: string; campaign: { id: string } },
  people: Array<{ provider_id: string; first_name: string }>,
  o: ScenarioOptions,
  faults: ScenarioReport['faults'],
  started: number,
): Promise<ScenarioReport> {
  const sent = await p.control.sent(s.unipileAccountId);
  const replies = await p.database.sql<Array<{ provider_id: string; n: number; first_at: Date }>>`
    select l.provider_id, count(*)::int as n, min(e.occurred_at) as first_at
    from events e join leads l on l.id = e.lead_id
    where e.campaign_id = ${s.campaign.id} and e.type = 'message_received' group by l.provider_id`;
  const replyOf = new Map(replies.map((r) => [r.provider_id, r]));
  const [responded] = await p.database
    .sql`select count(*)::int as n from leads where campaign_id = ${s.campaign.id} and status = 'responded'`;
  const violations: string[] = [];
  let lost = 0;
  let duplicated = 0;
  const counts = { invites: 0, firstMessages: 0, followUps: 0 };
  people.forEach((person, i) => {
    const isReplier = i < o.repliers;
    const invites = sent.invitations.filter((x) => x.provider_id === person.provider_id);
    const messages = sent.messages.filter((m) => m.recipient_provider_ids.includes(person.provider_id));
    const first = messages.filter((m) => m.text === FIRST.replace('{{first_name}}', person.first_name));
    const followUps = messages.filter((m) => m.text === FOLLOW_UP.replace('{{first_name}}', person.first_name));
    counts.invites += invites.length;
    counts.firstMessages += first.length;
    counts.followUps += followUps.length;
    const expectFollowUps = isReplier ? 0 : 1;
    for (const [what, got, want] of [
      ['invites', invites.length, 1],
      ['first messages', first.length, 1],
      ['follow-ups', followUps.length, expectFollowUps],
    ] as const) {
      if (got > want) duplicated += got - want;
      if (got < want) lost += want - got;
      if (got !== want) violations.push(`${person.first_name}: ${got} ${what}, expected ${want}`);
    }
    if (messages.length !== first.length + followUps.length) violations.push(`${person.first_name}: a message with unexpected text`);
    const reply = replyOf.get(person.provider_id);
    if (isReplier && reply?.n !== 1) violations.push(`${person.first_name}: reply recorded ${reply?.n ?? 0} times`);
    if (!isReplier && reply) violations.push(`${person.first_name}: a reply recorded for someone who never wrote`);
    if (reply) {
      const after = messages.filter((m) => new Date(m.at).getTime() > new Date(reply.first_at).getTime());
      if (after.length > 0) violations.push(`${person.first_name}: ${after.length} message(s) sent after the reply`);
    }
  });
  return {
    faults,
    counts: { ...counts, repliesRecorded: replies.reduce((n, r) => n + r.n, 0), responded: Number(responded?.n ?? 0), lost, duplicated },
    violations,
    elapsedMs: Date.now() - started,
  };
}
