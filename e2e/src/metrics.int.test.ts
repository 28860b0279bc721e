import { eq } from 'drizzle-orm';
import { leads } from '@outreach/db';
import { insertLead, waitFor } from '@outreach/testing';
import { freePort } from './support/redis-server';
import { startFullPlatform, type FullPlatform } from './support/full-platform';
import { startService, type ServiceProcess } from './support/service-process';

jest.setTimeout(180_000);

/** The port a worker logged for its metrics server (METRICS_PORT 0 in tests). */
function metricsPortOf(proc: ServiceProcess): number {
  const line = proc
    .output()
    .split('\n')
    .find((l) => l.includes('metrics and health listening'));
  if (!line) throw new Error(`${proc.name} logged no metrics port:\n${proc.output().slice(-2000)}`);
  return (JSON.parse(line) as { port: number }).port;
}

async function scrape(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

/** The sum of a family's samples whose labels include every given pair. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    found = true;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return found ? total : Number.NaN;
}

describe('every service exports its metrics after real work', () => {
  let p: FullPlatform;
  const extra: ServiceProcess[] = [];
  let apiPort = 0;

  beforeAll(async () => {
    p = await startFullPlatform({ ANALYTICS_ROLLUP_EVERY_SECONDS: '1' });
    await Promise.all([p.start('reply-matcher'), p.start('sequencer'), p.start('outbound-sender')]);
    apiPort = await freePort();
    const secrets = { JWT_SECRET: 'e2e-metrics-jwt-secret-0123456789abcdef', UNSUBSCRIBE_SECRET: 'e2e-metrics-unsubscribe-secret' };
    const more = [
      startService('notifier', { ...p.env, ...secrets }),
      startService('reporter', { ...p.env, ...secrets }),
      startService('api-gateway', { ...p.env, ...secrets, API_PORT: String(apiPort) }),
    ];
    extra.push(...more);
    await Promise.all([
      more[0]?.waitForOutput(/notifier started/),
      more[1]?.waitForOutput(/reporter started/),
      more[2]?.waitForOutput(/api-gateway listening/),
    ]);
  });
  afterAll(async () => {
    await Promise.all(extra.map((s) => s.kill('SIGKILL')));
    await p?.close();
  });

  it('counts the invites, the spacing deferral, the reply, its latency and every job, queue and HTTP request', async () => {
    const s = await p.seedCampaign({ steps: [{ action: 'invite', template: 'Hi {{first_name}}' }] });
    const people = await Promise.all(['Ada', 'Bo'].map((first_name) => p.control.createPerson({ first_name, last_name: 'Metrics' })));
    const rows = await Promise.all(
      people.map((person) =>
        insertLead(p.database.db, s.campaign, { providerId: person.provider_id, status: 'pending_invite', nextActionAt: new Date() }),
      ),
    );
    // The account's spacing (60-300 s) lets one invite out now and defers the other.
    const invited = await waitFor(
      async () => {
        const found = await p.database.db.select().from(leads).where(eq(leads.campaignId, s.campaign.id));
        return found.find((l) => l.status === 'invite_sent');
      },
      { what: 'one invite sent', timeoutMs: 60_000 },
    );
    const person = people[rows.findIndex((r) => r.id === invited.id)];
    if (!person) throw new Error('the invited lead is not one of ours');
    await p.control.reply(person.provider_id, { account_id: s.unipileAccountId, text: 'Tell me more' });
    await waitFor(
      async () => (await p.database.db.select().from(leads).where(eq(leads.id, invited.id)))[0]?.status === 'responded' || undefined,
      { what: 'the lead responded', timeoutMs: 30_000 },
    );
    await fetch(`http://127.0.0.1:${apiPort}/healthz`);

    const [matcher, sequencer, sender] = (['reply-matcher', 'sequencer', 'outbound-sender'] as const).map(
      (name) => p.running[name][0] as ServiceProcess,
    );
    const ingestText = await scrape(Number(p.env.INGEST_PORT));
    expect(sample(ingestText, 'outreach_webhook_deliveries_total', { kind: 'messaging', outcome: 'accepted' })).toBeGreaterThanOrEqual(1);
    expect(
      sample(ingestText, 'outreach_http_requests_total', { method: 'POST', route: '/api/webhooks/unipile/messaging', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(ingestText, 'outreach_http_request_duration_seconds_count', { route: '/api/webhooks/unipile/messaging' }),
    ).toBeGreaterThanOrEqual(1);

    const matcherText = await waitFor(
      async () => {
        const text = await scrape(metricsPortOf(matcher as ServiceProcess));
        // The latency is observed inside the job, its outcome just after: wait for both.
        const seen =
          sample(text, 'outreach_reply_latency_seconds_count', { detection: 'webhook' }) >= 1 &&
          sample(text, 'outreach_jobs_total', { queue: 'unipile-deliveries', outcome: 'completed' }) >= 1;
        return seen ? text : undefined;
      },
      { what: 'the reply latency observed', intervalMs: 200 },
    );
    // The whole path ran on this machine within seconds: a plausible latency, not a clock skew.
    const latencySum = sample(matcherText, 'outreach_reply_latency_seconds_sum', { detection: 'webhook' });
    expect(latencySum).toBeGreaterThan(0);
    expect(latencySum).toBeLessThan(30);
    expect(sample(matcherText, 'outreach_jobs_total', { queue: 'unipile-deliveries', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(sample(matcherText, 'outreach_job_wait_seconds_count', { queue: 'unipile-deliveries' })).toBeGreaterThanOrEqual(1);
    expect(sample(matcherText, 'outreach_queue_jobs', { queue: 'unipile-deliveries', state: 'waiting' })).toBeGreaterThanOrEqual(0);
    expect(sample(matcherText, 'outreach_queue_oldest_waiting_age_seconds', { queue: 'unipile-deliveries' })).toBeGreaterThanOrEqual(0);

    const senderText = await scrape(metricsPortOf(sender as ServiceProcess));
    expect(sample(senderText, 'outreach_sends_total', { action: 'invite', outcome: 'sent' })).toBe(1);
    expect(sample(senderText, 'outreach_send_deferrals_total', { reason: 'spacing' })).toBeGreaterThanOrEqual(1);
    expect(sample(senderText, 'outreach_unipile_requests_total', { endpoint: '/users/invite', method: 'POST' })).toBe(1);
    expect(
      sample(senderText, 'outreach_job_duration_seconds_count', { queue: 'outbound-actions', outcome: 'deferred' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(senderText, 'outreach_queue_jobs', { queue: 'outbound-actions', state: 'delayed' })).toBeGreaterThanOrEqual(1);

    const sequencerText = await scrape(metricsPortOf(sequencer as ServiceProcess));
    expect(sample(sequencerText, 'outreach_jobs_total', { queue: 'sequence-tick', outcome: 'completed' })).toBeGreaterThanOrEqual(1);

    const [notifier, reporter] = extra as [ServiceProcess, ServiceProcess, ServiceProcess];
    const notifierText = await waitFor(
      async () => {
        const text = await scrape(metricsPortOf(notifier));
        const seen =
          sample(text, 'outreach_notification_deliveries_total', { channel: 'email' }) >= 1 &&
          sample(text, 'outreach_jobs_total', { queue: 'notifications', job: 'notify-reply' }) >= 1;
        return seen ? text : undefined;
      },
      { what: 'the reply notification counted', intervalMs: 200 },
    );
    expect(sample(notifierText, 'outreach_jobs_total', { queue: 'notifications', job: 'notify-reply' })).toBeGreaterThanOrEqual(1);

    const reporterText = await waitFor(
      async () => {
        const text = await scrape(metricsPortOf(reporter));
        return sample(text, 'outreach_jobs_total', { queue: 'analytics-rollup', outcome: 'completed' }) >= 1 ? text : undefined;
      },
      { what: 'a rollup counted', intervalMs: 200 },
    );
    expect(sample(reporterText, 'process_resident_memory_bytes')).toBeGreaterThan(0);

    const gatewayText = await scrape(apiPort);
    expect(sample(gatewayText, 'outreach_http_requests_total', { method: 'GET', route: '/healthz', status: '200' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(sample(gatewayText, 'outreach_linkedin_accounts', { status: 'OK', paused: 'false' })).toBeGreaterThanOrEqual(1);
    expect(sample(gatewayText, 'outreach_queue_jobs', { queue: 'outbound-actions', state: 'delayed' })).toBeGreaterThanOrEqual(1);

    for (const worker of [matcher, sequencer, sender, notifier, reporter] as ServiceProcess[]) {
      const port = metricsPortOf(worker);
      const [health, ready, live] = await Promise.all(
        ['/healthz', '/readyz', '/livez'].map((path) => fetch(`http://127.0.0.1:${port}${path}`)),
      );
      expect([worker.name, health?.status, ready?.status, live?.status]).toEqual([worker.name, 200, 200, 200]);
      expect(await ready?.json()).toEqual({ status: 'ok', postgres: 'ok', redis: 'ok' });
    }
  });
});
