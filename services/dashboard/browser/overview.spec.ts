import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, VIEWER, expectAccessible, screenshot, signIn, stack } from './support/fixtures';

/**
 * Home, the analytics page and the campaign's charts on the stack the operator journey filled
 * (operator.spec.ts runs first: one worker, files in name order). Every figure checked here is read
 * from the API in the same session, so the page must show exactly what the API answers.
 */

const CAMPAIGN = 'Browser campaign';

/** The API as the signed-in page calls it (same origin, the session's token). */
async function apiGet<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => {
    const res = await fetch(p, {
      headers: { authorization: `Bearer ${(globalThis as unknown as PageGlobals).sessionStorage.getItem('outreach.token') ?? ''}` },
    });
    if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    return res.json();
  }, path) as Promise<T>;
}

type Rate = { num: number; den: number; value: number | null };
// Functions given to page.evaluate run in the page, where sessionStorage exists (this file is typed for Node).
type PageGlobals = { sessionStorage: { getItem(key: string): string | null } };

async function signedInWithClient(page: Page): Promise<string> {
  await signIn(page, ADMIN);
  await page.getByLabel('Client').selectOption({ label: stack().clientName });
  const clientId = await page.evaluate(() => (globalThis as unknown as PageGlobals).sessionStorage.getItem('outreach.client'));
  expect(clientId).toBeTruthy();
  return clientId as string;
}

async function campaignId(page: Page, clientId: string): Promise<string> {
  const list = await apiGet<{ items: Array<{ id: string; name: string }> }>(page, `/api/campaigns?client_id=${clientId}&limit=100`);
  const found = list.items.find((c) => c.name === CAMPAIGN);
  if (!found) throw new Error(`"${CAMPAIGN}" is missing: the operator journey (operator.spec.ts) creates it and must run first`);
  return found.id;
}

test.describe.configure({ mode: 'serial' });

test('home shows the client overview the API computes, with its accounts that need a look', async ({ page }) => {
  const clientId = await signedInWithClient(page);
  await page.getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  type Overview = {
    active_campaigns: unknown[];
    replies_today: number;
    replies_this_week: number;
    replies_awaiting_operator: number;
    accounts: Array<{ name: string; status: string; paused_reason: string | null }>;
  };
  const tile = (label: string) => page.locator('.tile', { hasText: label }).locator('dd').first();
  // The rollup runs every second; poll until the page and the API agree on figures the journey made.
  await expect
    .poll(
      async () => {
        await page.reload();
        const o = await apiGet<Overview>(page, `/api/analytics/clients/${clientId}/overview`);
        const shown = await Promise.all(
          ['Active campaigns', 'Replies today', 'Replies this week', 'Replies awaiting an operator'].map((l) => tile(l).textContent()),
        );
        const expected = [o.active_campaigns.length, o.replies_today, o.replies_this_week, o.replies_awaiting_operator].map(String);
        return o.replies_this_week >= 2 && shown.join(',') === expected.join(',') ? 'agree' : `${shown.join(',')} vs ${expected.join(',')}`;
      },
      { timeout: 30_000, intervals: [1000] },
    )
    .toBe('agree');
  // The journey left Robin Sender paused by LinkedIn (CREDENTIALS): home lists it with a link.
  const attention = page.getByRole('table', { name: 'Accounts needing attention' });
  await expect(attention).toContainText('Robin Sender');
  await expect(attention).toContainText(/LinkedIn status|paused/);
  await expect(attention.getByRole('link', { name: 'Robin Sender' })).toHaveAttribute('href', '/accounts');
  await expectAccessible(page, 'home');
  await screenshot(page, 'home');
});

test("the campaigns list and the campaign page chart the API's figures; the preview renders for a chosen lead", async ({ page }) => {
  const clientId = await signedInWithClient(page);
  const id = await campaignId(page, clientId);
  await page.getByRole('link', { name: 'Campaigns' }).click();
  type Funnel = {
    stages: { invited: number; accepted: number; messaged: number; replied: number };
    rates: { acceptance: Rate; reply: Rate } | null;
  };
  const listFunnel = await apiGet<Funnel>(page, `/api/analytics/campaigns/${id}/funnel?days=366&mode=cohort`);
  expect(listFunnel.stages.replied).toBeGreaterThanOrEqual(1);
  const bar = page.getByRole('list', { name: `Funnel of ${CAMPAIGN}` });
  for (const [stage, count] of [
    ['invited', listFunnel.stages.invited],
    ['connected', listFunnel.stages.accepted],
    ['messaged', listFunnel.stages.messaged],
    ['replied', listFunnel.stages.replied],
  ] as const)
    await expect(bar.locator(`li[data-stage="${stage}"] .funnel-count`)).toHaveText(String(count));

  await page.getByRole('link', { name: CAMPAIGN }).click();
  const analytics = page.locator('#campaign-analytics');
  await expect(analytics.getByRole('heading', { name: 'Analytics' })).toBeVisible();
  type Series = { points: Array<Record<'invites_sent' | 'acceptances' | 'messages_sent' | 'replies_received', number>> };
  const series = await apiGet<Series>(page, `/api/analytics/campaigns/${id}/timeseries?days=30&interval=day`);
  for (const key of ['invites_sent', 'acceptances', 'messages_sent', 'replies_received'] as const) {
    const total = series.points.reduce((sum, p) => sum + p[key], 0);
    await expect(analytics.locator(`[data-series="${key}"] dd`)).toHaveText(String(total));
  }
  await expect(analytics.locator('.chart svg').first()).toBeVisible();

  const cohort = await apiGet<Funnel>(page, `/api/analytics/campaigns/${id}/funnel?days=30&mode=cohort`);
  const reply = cohort.rates!.reply;
  await expect(analytics.locator('[data-rate="reply"] .rate')).toHaveAttribute('data-num', String(reply.num));
  await expect(analytics.locator('[data-rate="reply"] .rate')).toHaveAttribute('data-den', String(reply.den));
  await expect(analytics.locator('[data-rate="reply"]')).toContainText(`${reply.num}/${reply.den} leads in the cohort`);
  await analytics.getByRole('group', { name: 'Funnel mode' }).getByRole('button', { name: 'activity' }).click();
  const activity = await apiGet<Funnel>(page, `/api/analytics/campaigns/${id}/funnel?days=30&mode=activity`);
  await expect(analytics.getByRole('list', { name: 'Funnel (activity)' }).locator('li[data-stage="replied"] .funnel-count')).toHaveText(
    String(activity.stages.replied),
  );
  await expect(analytics.locator('[aria-label="Funnel rates"]')).toHaveCount(0);

  type Replies = { time_to_first_reply: { from_first_message: { n: number } } };
  const replies = await apiGet<Replies>(page, `/api/analytics/campaigns/${id}/replies?days=30`);
  expect(replies.time_to_first_reply.from_first_message.n).toBeGreaterThanOrEqual(1);
  await expect(analytics.locator('tr[data-ttfr="from_first_message"] td').last()).toHaveText(
    String(replies.time_to_first_reply.from_first_message.n),
  );
  await expectAccessible(page, 'campaign analytics');
  await screenshot(page, 'campaign-analytics');

  // The preview renders through the API with the sender's renderer: Ada's own values, nothing guessed.
  const preview = page.getByRole('region', { name: 'Preview', exact: true });
  await preview.getByLabel('Preview step').selectOption({ label: 'Step 2 (message)' });
  // The lead is found by the API's search, one page at a time.
  await preview.getByLabel('Find a lead').fill('bletchley');
  await expect(preview.getByLabel('Preview for lead').locator('option')).toHaveText(['Alan Turing']);
  await expect(preview.getByTestId('template-preview')).toHaveText('Thanks Alan! How is Bletchley doing?');
  await preview.getByLabel('Find a lead').fill('');
  await preview.getByLabel('Preview for lead').selectOption({ label: 'Ada Lovelace' });
  await expect(preview.getByTestId('template-preview')).toHaveText('Thanks Ada! How is Analytical doing?');
  await page.getByLabel('Step 2 template').fill('Hi {{first_name}}, how is the {{title}} role?');
  await expect(preview.getByTestId('template-preview')).toHaveText('Hi Ada, how is the {{title}} missing role?');
  await expect(preview.getByRole('alert')).toContainText('no value for {{title}}');
  await expectAccessible(page, 'template preview');
});

test('the analytics page compares campaigns and accounts with n and intervals, and downloads the CSVs', async ({ page }) => {
  const clientId = await signedInWithClient(page);
  const id = await campaignId(page, clientId);
  await page.getByRole('link', { name: 'Analytics' }).click();
  await expect(page.getByRole('heading', { name: 'Analytics', level: 1 })).toBeVisible();
  type Compare = { entities: Array<{ id: string; invites_sent: number; reply_rate: Rate & { n: number; ci95: number[] | null } }> };
  const compare = await apiGet<Compare>(page, `/api/analytics/compare?dimension=campaign&ids=${id}&days=30`);
  const row = page.locator(`tr[data-entity="${id}"]`);
  const expected = compare.entities[0]!;
  await expect(row.locator('td').first()).toHaveText(String(expected.invites_sent));
  await expect(row.locator('[data-rate="reply"]')).toContainText(`${expected.reply_rate.num}/${expected.reply_rate.den} leads contacted`);
  await expect(row.locator('[data-rate="reply"]')).toContainText(`n = ${expected.reply_rate.n}`);
  if (expected.reply_rate.ci95) await expect(row.locator('[data-rate="reply"]')).toContainText('95 % CI');
  type Usage = { days: Array<{ date: string; invites: { used: number; limit: number } }>; rolling_7_day_invites: { used: number } };
  const accounts = await apiGet<{ items: Array<{ id: string; name: string }> }>(
    page,
    `/api/linkedin-accounts?client_id=${clientId}&limit=100`,
  );
  const robin = accounts.items.find((a) => a.name === 'Robin Sender')!;
  const usage = await apiGet<Usage>(page, `/api/analytics/accounts/${robin.id}/rate-usage?days=7`);
  const today = usage.days[usage.days.length - 1]!;
  expect(today.invites.used).toBeGreaterThanOrEqual(1);
  await expect(page.locator(`table[aria-label="Daily usage"] tr[data-date="${today.date}"]`)).toContainText(
    `${today.invites.used}/${today.invites.limit} daily cap`,
  );
  await expectAccessible(page, 'analytics');
  await screenshot(page, 'analytics');

  await page.getByLabel('Compare what').selectOption('account');
  await expect(page.getByRole('table', { name: 'Comparison' })).toContainText('Robin Sender');

  for (const [button, expectedText] of [
    ['Download leads.csv', 'Lovelace'],
    ['Download events.csv', 'message_received'],
    ['Download timeseries.csv (last 30 days, per day)', 'bucket,start,end,invites_sent'],
  ] as const) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
    const text = await readFile((await download.path()) as string, 'utf8');
    expect(text).toContain(expectedText);
  }
});

test('a viewer reads home and analytics but gets no template preview', async ({ page }) => {
  await signIn(page, VIEWER);
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.locator('.tile', { hasText: 'Replies this week' }).locator('dd').first()).not.toHaveText('0');
  await page.getByRole('link', { name: 'Analytics' }).click();
  await expect(page.getByRole('table', { name: 'Comparison' })).toContainText(CAMPAIGN);
  await page.getByRole('link', { name: 'Campaigns' }).click();
  await page.getByRole('link', { name: CAMPAIGN }).click();
  await expect(page.locator('#campaign-analytics').getByRole('heading', { name: 'Analytics' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Preview', exact: true })).toHaveCount(0);
});
