import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import path from 'node:path';

export interface Stack {
  dashboardUrl: string;
  /** The stack's own database, for tests that seed volumes no journey would make (e.g. 100,000 leads). */
  databaseUrl: string;
  sandboxUrl: string;
  sandboxKey: string;
  unipileAccountId: string;
  clientName: string;
  /** Sandbox provider ids of the prospects, by public identifier. */
  people: Record<string, string>;
}

export function stack(): Stack {
  const raw = process.env.BROWSER_STACK;
  if (!raw) throw new Error('BROWSER_STACK is not set: run through playwright.config.ts (its global setup starts the stack)');
  return JSON.parse(raw) as Stack;
}

export const ADMIN = { email: 'admin@browser.test', password: 'browser-admin-password' };
export const VIEWER = { email: 'viewer@browser.test', password: 'browser-viewer-password' };

export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto(stack().dashboardUrl);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${what}: ${v.id} (${v.impact}) ${v.help} → ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    ),
  ).toEqual([]);
}

const SCREENSHOTS = path.resolve(__dirname, '..', '..', '..', '..', 'docs', 'screenshots');
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Calls the sandbox's control API (what LinkedIn people and Unipile do on their side). */
export async function sandboxControl(pathname: string, body: unknown): Promise<void> {
  const { sandboxUrl, sandboxKey } = stack();
  const res = await fetch(`${sandboxUrl}/_sandbox${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': sandboxKey },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox ${pathname}: ${res.status} ${await res.text()}`);
}

/** Reads the sandbox's inspection API, e.g. `/sent` (what accounts sent towards LinkedIn). */
export async function sandboxGet<T>(pathname: string): Promise<T> {
  const { sandboxUrl, sandboxKey } = stack();
  const res = await fetch(`${sandboxUrl}/_sandbox${pathname}`, { headers: { 'x-api-key': sandboxKey } });
  if (!res.ok) throw new Error(`sandbox ${pathname}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
