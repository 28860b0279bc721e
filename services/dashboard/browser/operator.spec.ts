import { expect, test, type Page } from '@playwright/test';
import { ADMIN, VIEWER, expectAccessible, sandboxControl, sandboxGet, screenshot, signIn, stack } from './support/fixtures';

const CSV = [
  'first_name,last_name,company,public_identifier',
  'Ada,Lovelace,Analytical,ada-lovelace-browser',
  'Alan,Turing,Bletchley,alan-turing-browser',
  'Grace,,Navy,grace-hopper-browser',
].join('\n');

async function pickClient(page: Page): Promise<void> {
  await page.getByLabel('Client').selectOption({ label: stack().clientName });
}

/** Drops the CSV on the drop zone as a browser drag would (a DataTransfer carrying a File). */
async function dropCsv(page: Page, text: string): Promise<void> {
  const transfer = await page.evaluateHandle((csv) => {
    // Runs in the page: DataTransfer is the browser's (this file is typed for Node).
    const Transfer = (globalThis as unknown as { DataTransfer: new () => { items: { add(file: File): void } } }).DataTransfer;
    const dt = new Transfer();
    dt.items.add(new File([csv], 'leads.csv', { type: 'text/csv' }));
    return dt;
  }, text);
  await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer: transfer });
}

test.describe.configure({ mode: 'serial' });

test('an operator runs a campaign from sign-in to a reply, pauses it, sees a paused account and opens Bull Board', async ({
  page,
  context,
}) => {
  test.setTimeout(240_000);
  await page.goto(stack().dashboardUrl);
  await expect(page.getByRole('heading', { name: 'Sign in to Outreach' })).toBeVisible();
  await expectAccessible(page, 'sign in');
  await screenshot(page, 'sign-in');

  await signIn(page, { email: ADMIN.email, password: 'not-the-password' }).catch(() => undefined);
  await expect(page.getByRole('alert')).toContainText('email or password');
  await signIn(page, ADMIN);
  await expect(page.getByRole('heading', { name: 'Choose a client' })).toBeVisible();
  await pickClient(page);
  await page.getByRole('link', { name: 'Campaigns' }).click();
  await expect(page.getByText('No campaign yet.')).toBeVisible();
  await expectAccessible(page, 'campaigns (empty)');

  // A campaign with two steps in an always-open window.
  await page.getByRole('link', { name: 'New campaign' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Browser campaign');
  await page.getByLabel('LinkedIn account').selectOption({ label: 'Robin Sender (OK)' });
  await page.getByLabel('Sat').check();
  await page.getByLabel('Sun').check();
  await page.getByLabel('Window opens').fill('00:00');
  await page.getByLabel('Window closes').fill('24:00');
  await page.getByLabel('Step 1 template').fill('Hi {{first_name}}, glad to connect.');
  await page.getByRole('button', { name: 'Add step' }).click();
  await page.getByLabel('Step 2 template').fill('Thanks {{first_name}}! How is {{company|your team}} doing?');
  await expectAccessible(page, 'new campaign');
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await expect(page.getByRole('heading', { name: /Browser campaign/ })).toBeVisible();
  await expect(page.getByText('draft', { exact: true })).toBeVisible();

  // The API validates templates: an unknown variable is refused with its message.
  await page.getByLabel('Step 2 template').fill('Hi {{favourite_colour}}');
  await page.getByRole('button', { name: 'Save steps' }).click();
  await expect(page.getByRole('alert')).toContainText('favourite_colour');
  await page.getByLabel('Step 2 template').fill('Thanks {{first_name}}! How is {{company|your team}} doing?');
  // A follow-up an hour later keeps a lead that got the message in `messaged` until it replies.
  await page.getByRole('button', { name: 'Add step' }).click();
  await page.getByLabel('Step 3 delay (minutes)').fill('60');
  await page.getByLabel('Step 3 template').fill('Just bumping this, {{first_name}}.');
  await page.getByRole('button', { name: 'Save steps' }).click();
  await expect(page.getByText('Steps saved.')).toBeVisible();
  await expect(page.getByLabel('Step 3 delay (minutes)')).toHaveValue('60');

  // Import: two good lines and one without a last name.
  await page.getByRole('link', { name: 'Import leads' }).click();
  await expectAccessible(page, 'lead import');
  await dropCsv(page, CSV);
  await expect(page.getByRole('table', { name: 'Column mapping' })).toContainText('public_identifier');
  await page.getByRole('button', { name: 'Import 3 rows' }).click();
  await expect(page.getByText('2 created')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Rejected lines' })).toContainText('4');
  await screenshot(page, 'lead-import');

  await page.getByRole('link', { name: 'Back to the campaign' }).click();
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start' }).click();
  await expect(page.getByText('active', { exact: true })).toBeVisible();

  // Live: Ada's row moves through the funnel as the sandbox accepts and replies.
  const row = page.locator('tr[data-lead="ada-lovelace-browser"]');
  const seen: string[] = [];
  await expect
    .poll(
      async () => {
        const status =
          (await row
            .locator('.badge')
            .textContent()
            .catch(() => null)) ?? '';
        if (status && seen[seen.length - 1] !== status) seen.push(status);
        return status;
      },
      { timeout: 90_000, intervals: [250] },
    )
    .toBe('responded');
  // Every state shown was in order; a state shorter than one refresh may pass unseen.
  expect(seen.join(' > ')).toMatch(/^(pending_invite > )?invite_sent( > connected)? > messaged > responded$/);
  await expectAccessible(page, 'campaign');
  await screenshot(page, 'campaign');

  // Search and the status filter run in the API, one page at a time.
  await page.getByLabel('Search').fill('TURING');
  await expect(page.locator('tr[data-lead]')).toHaveCount(1);
  await expect(page.locator('tr[data-lead="alan-turing-browser"]')).toBeVisible();
  await page.getByLabel('Search').fill('nobody-like-this');
  await expect(page.getByText('No lead matches.')).toBeVisible();
  await page.getByLabel('Search').fill('');
  await page.getByRole('combobox', { name: /^Status/ }).selectOption('invite_sent');
  await expect(page.getByText('No lead matches.')).toBeVisible();
  await page.getByRole('combobox', { name: /^Status/ }).selectOption('responded');
  // The second lead's message goes out a spacing gap after the first's, so its reply may still be on its way.
  await expect(page.locator('tr[data-lead]')).toHaveCount(2, { timeout: 90_000 });

  await row.getByRole('button', { name: 'Ada Lovelace' }).click();
  const drawer = page.getByRole('dialog', { name: 'Lead diagnostics' });
  for (const type of ['connection_request_sent', 'connection_accepted', 'message_sent', 'message_received'])
    await expect(drawer.getByText(type, { exact: true })).toBeVisible();
  await expect(drawer.getByText('Hello from Ada!')).toBeVisible();
  await expectAccessible(page, 'lead diagnostics');
  await screenshot(page, 'lead-diagnostics');
  await drawer.getByRole('button', { name: 'Close' }).click();

  // The inbox: Ada writes again and her conversation moves live (the list only refetches on stream events).
  // The first stream is cut: the page comes back on a fresh ticket (a ticket is single use).
  let tickets = 0;
  let streams = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/inbox/stream-ticket')) tickets += 1;
  });
  const isStream = (url: URL) => url.pathname === '/api/inbox/stream';
  await page.route(isStream, (route) => (++streams === 1 ? route.abort('connectionreset') : route.continue()));
  await page.getByRole('link', { name: 'Inbox' }).click();
  await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
  await expect(page.locator('[data-stream="live"]')).toBeVisible({ timeout: 30_000 });
  expect({ tickets, streams }).toEqual({ tickets: 2, streams: 2 });
  await page.unroute(isStream);
  const conversations = page.getByRole('list', { name: 'Conversations' });
  await expect(conversations.getByText('Hello from Ada!')).toBeVisible();
  await sandboxControl(`/people/${stack().people['ada-lovelace-browser']}/reply`, {
    account_id: stack().unipileAccountId,
    text: 'Could we talk on Tuesday?',
  });
  await expect(conversations.getByText('Could we talk on Tuesday?')).toBeVisible({ timeout: 30_000 });
  await conversations.getByText('Could we talk on Tuesday?').click();
  const thread = page.getByRole('article', { name: 'Ada Lovelace' });
  await expect(thread.getByRole('list', { name: 'Messages' })).toContainText('Hello from Ada!');
  await expect(thread.getByRole('list', { name: 'Messages' })).toContainText('Could we talk on Tuesday?');
  await expectAccessible(page, 'inbox');

  // Answered from the inbox: pending, then sent; the sandbox received it exactly once.
  const answer = 'Tuesday works for me, 10:00?';
  await thread.getByRole('textbox', { name: 'Reply' }).fill(answer);
  await thread.getByRole('button', { name: 'Send reply' }).click();
  await expect(thread.locator('li.outbound[data-message-status="sent"]').filter({ hasText: answer })).toBeVisible({ timeout: 30_000 });
  await expect(thread.getByRole('textbox', { name: 'Reply' })).toHaveValue('');
  const sent = await sandboxGet<{ messages: Array<{ text: string | null }> }>(`/sent?account_id=${stack().unipileAccountId}`);
  expect(sent.messages.filter((m) => m.text === answer)).toHaveLength(1);

  await thread.getByRole('button', { name: 'Assign to me' }).click();
  await expect(thread.getByTestId('assignee')).toHaveText('you');
  await thread.getByLabel('Labels (comma-separated)').fill('meeting, hot');
  await thread.getByRole('button', { name: 'Save labels' }).click();
  await expect(thread.getByRole('list', { name: 'Labels' })).toContainText('meeting');
  await screenshot(page, 'inbox');
  await thread.getByLabel('Conversation status').selectOption('snoozed');
  await thread.getByLabel('or until they reply').check();
  await thread.getByRole('button', { name: 'Set status' }).click();
  await expect(thread).toContainText('snoozed until they reply');
  // The list shows open conversations by default: Ada's has left it, and is under "snoozed".
  await expect(conversations.getByText(answer)).toHaveCount(0);
  await page.getByRole('button', { name: /^snoozed/ }).click();
  await expect(conversations.getByText(answer)).toBeVisible();

  await page.getByRole('link', { name: 'Campaigns' }).click();
  await page.getByRole('link', { name: 'Browser campaign' }).click();
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByText('paused', { exact: true })).toBeVisible();

  // LinkedIn asks the account to sign in again: Unipile reports it and sending pauses.
  await sandboxControl(`/accounts/${stack().unipileAccountId}/status`, { status: 'CREDENTIALS' });
  await page.getByRole('link', { name: 'LinkedIn accounts' }).click();
  await expect(page.locator(`tr[data-account="${stack().unipileAccountId}"]`)).toContainText('paused', { timeout: 30_000 });
  await expectAccessible(page, 'accounts');
  await screenshot(page, 'accounts');
  await page.getByRole('button', { name: 'Edit limits of Robin Sender' }).click();
  await page.getByLabel('Invites per day').fill('30');
  await expectAccessible(page, 'account limits');
  await page.getByRole('button', { name: 'Save limits' }).click();
  await expect(page.locator(`tr[data-account="${stack().unipileAccountId}"]`)).toContainText('30/day');
  // Hosted auth: the dashboard asks the API for a Unipile link and sends the browser there.
  await page.getByRole('button', { name: 'Connect a LinkedIn account' }).click();
  await page.waitForURL(`${stack().sandboxUrl}/hosted/**`);
  await page.goto(stack().dashboardUrl);

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Notifications' })).toBeVisible();
  await page.getByRole('button', { name: 'Preview the report' }).click();
  await expect(page.frameLocator('iframe[title="Weekly report preview"]').locator('body')).not.toBeEmpty();
  await expectAccessible(page, 'settings');
  await screenshot(page, 'settings');

  await page.getByRole('link', { name: 'Admin' }).click();
  await expect(page.getByText('running', { exact: true })).toBeVisible();
  await expectAccessible(page, 'admin');
  await screenshot(page, 'admin');
  const [board] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Open Bull Board' }).click()]);
  await board.waitForLoadState();
  await expect(board).toHaveTitle(/Outreach queues|Bull Dashboard/);
  await expect(board.getByText('outbound-actions').first()).toBeVisible();
  await board.close();
});

test('a viewer sees the campaign but no write control', async ({ page }) => {
  await signIn(page, VIEWER);
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Campaigns' }).click();
  await expect(page.getByRole('link', { name: 'New campaign' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Browser campaign' }).click();
  await expect(page.getByRole('heading', { name: /Browser campaign/ })).toBeVisible();
  await expect(page.locator('tr[data-lead="ada-lovelace-browser"]')).toBeVisible();
  for (const name of ['Start', 'Pause', 'Resume', 'Stop', 'Save steps', 'Add step'])
    await expect(page.getByRole('button', { name })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Import leads' })).toHaveCount(0);
  await expectAccessible(page, 'campaign (viewer)');
  await page.getByRole('link', { name: 'LinkedIn accounts' }).click();
  await expect(page.getByText('Robin Sender')).toBeVisible();
  await expect(page.getByRole('button', { name: /Resume|Edit limits|Connect/ })).toHaveCount(0);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Save notification settings|Create API key|Add user/ })).toHaveCount(0);
  await page.getByRole('link', { name: 'Inbox' }).click();
  await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
  await page.getByRole('list', { name: 'Conversations' }).getByRole('button').first().click();
  await expect(page.getByRole('heading', { name: 'Messages' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Reply' })).toHaveCount(0);
  for (const name of ['Send reply', 'Assign to me', 'Assign', 'Unassign', 'Set status', 'Save labels'])
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
  await expectAccessible(page, 'inbox (viewer)');
  await page.goto(`${stack().dashboardUrl}/admin`);
  await expect(page.getByText('Not allowed.')).toBeVisible();
});
