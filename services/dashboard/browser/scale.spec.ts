import { expect, test, type Page, type Request } from '@playwright/test';
import postgres from 'postgres';
import { ADMIN, signIn, stack } from './support/fixtures';

/**
 * A campaign of 100,000 leads stays responsive: the page asks the API for one page at a time
 * (cursor paging, server-side filter and search) and never for the whole list. Runs after the
 * journeys (files in name order) on the same stack; its draft campaign is never started, so the
 * sequencer leaves its leads alone.
 */

const CAMPAIGN = 'Campaign of 100,000 leads';
const LEADS = 100_000;
/** The leads table's page size (leads-table.tsx). */
const PAGE_SIZE = 50;

/**
 * One set-based statement: the campaign for the browser client's account, then its leads. Lead n is
 * n seconds older than lead 1, so the newest-first table lists 1, 2, 3 …; every 1,000th is in error.
 */
async function seed(): Promise<void> {
  const sql = postgres(stack().databaseUrl, { max: 1, onnotice: () => undefined });
  try {
    await sql`
      with campaign as (
        insert into campaigns (client_id, linkedin_account_id, name)
        select c.id, a.id, ${CAMPAIGN}
        from clients c join linkedin_accounts a on a.client_id = c.id
        where c.name = ${stack().clientName}
        limit 1
        returning id, client_id
      )
      insert into leads (client_id, campaign_id, first_name, last_name, company, title, public_identifier, status, error_message, created_at)
      select campaign.client_id, campaign.id, 'Bulk', 'Lead ' || n, 'Company ' || (n % 97), 'Buyer',
             'bulk-lead-' || n,
             (case when n % 1000 = 0 then 'error' else 'pending_invite' end)::lead_status,
             case when n % 1000 = 0 then 'Profile not found' end,
             now() - n * interval '1 second'
      from campaign, generate_series(1, ${LEADS}) as n`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The leads on the table's current page, by public identifier. */
async function rowsShown(page: Page): Promise<string[]> {
  return page.locator('table[aria-label="Leads"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-lead') ?? ''));
}

test('the campaign page with 100,000 leads pages through the API one page at a time and stays interactive', async ({ page }) => {
  await seed();
  const leadRequests: URL[] = [];
  page.on('request', (r: Request) => {
    const url = new URL(r.url());
    if (/^\/api\/.*\/leads$/.test(url.pathname)) leadRequests.push(url);
  });

  await signIn(page, ADMIN);
  await page.getByLabel('Client').selectOption({ label: stack().clientName });
  await page.getByRole('link', { name: 'Campaigns' }).click();
  await page.getByRole('link', { name: CAMPAIGN }).click();
  await expect(page.getByRole('heading', { name: new RegExp(CAMPAIGN) })).toBeVisible();

  // The first page shows within the UI's wait (the expect timeout), newest first.
  const table = page.getByRole('table', { name: 'Leads' });
  const row = (n: number) => table.locator(`tr[data-lead="bulk-lead-${n}"]`);
  await expect(row(1)).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(PAGE_SIZE);
  const seen = new Set(await rowsShown(page));
  expect(seen.size).toBe(PAGE_SIZE);

  // Forward twice with the cursor: new rows each time, none seen before.
  for (const first of [PAGE_SIZE + 1, 2 * PAGE_SIZE + 1]) {
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(row(first)).toBeVisible();
    await expect(table.locator('tbody tr')).toHaveCount(PAGE_SIZE);
    const shown = await rowsShown(page);
    expect(shown.filter((id) => seen.has(id))).toEqual([]);
    for (const id of shown) seen.add(id);
  }
  expect(seen.size).toBe(3 * PAGE_SIZE);
  const paged = leadRequests.filter((u) => u.searchParams.has('cursor'));
  expect(paged.length).toBeGreaterThanOrEqual(2);

  // Back to the first page, then the status filter: the API filters (the request carries it).
  await page.getByRole('button', { name: 'Previous page' }).click();
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(row(1)).toBeVisible();
  await page.getByRole('combobox', { name: /^Status/ }).selectOption('error');
  await expect(row(1000)).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(PAGE_SIZE);
  await expect(table.locator('.badge')).toHaveText(Array<string>(PAGE_SIZE).fill('error'));
  await expect(row(1000)).toContainText('Profile not found');
  expect(leadRequests.some((u) => u.searchParams.get('status') === 'error' && !u.searchParams.has('cursor'))).toBe(true);
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(row(51_000)).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(PAGE_SIZE);

  // Search in the API: one lead among 100,000.
  await page.getByRole('combobox', { name: /^Status/ }).selectOption('');
  await page.getByLabel('Search').fill('Lead 77777');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(row(77_777)).toBeVisible();
  expect(leadRequests.some((u) => u.searchParams.get('search') === 'Lead 77777')).toBe(true);

  // Still interactive: the lead's diagnostics open in the drawer.
  await row(77_777).getByRole('button', { name: 'Bulk Lead 77777' }).click();
  const drawer = page.getByRole('dialog', { name: 'Lead diagnostics' });
  await expect(drawer).toContainText('Bulk Lead 77777');
  await expect(drawer.getByText('No event yet.')).toBeVisible();
  await drawer.getByRole('button', { name: 'Close' }).click();
  await expect(drawer).toHaveCount(0);

  // Every request for leads asked for one page at most; none fetched the list whole.
  expect(leadRequests.length).toBeGreaterThan(0);
  const tooBig = leadRequests.filter((u) => {
    const limit = Number(u.searchParams.get('limit'));
    return !u.searchParams.has('limit') || !Number.isInteger(limit) || limit < 1 || limit > PAGE_SIZE;
  });
  expect(tooBig.map((u) => u.pathname + u.search)).toEqual([]);
});
