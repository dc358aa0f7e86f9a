import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startFixtureHub, startSignedInConsole, type FixtureHub, type SignedInConsole } from '../support/console-fixture.ts';
import { ROOT } from '../support/web-shell-process.ts';

// A colleague's escalation in the history of a first-line agent the hub's escalation wall keeps
// out of it, in the browser: the row says that Anna has an escalation at the expert and that it
// is open, and that the details are for those handling it — no summary, no empty quotes. In two
// languages and both themes; screenshots go to test-results/screenshots/, axe checks the screen.
let hub: FixtureHub;
let browser: Browser;
let agent: SignedInConsole;
const SUMMARY = 'Customer reports a rash after the collagen powder';

beforeAll(async () => {
  hub = await startFixtureHub();
  const secondLine = await hub.hub.login(hub.fixture.agents.second_line.email);
  const made = await hub.hub.call('PUT', `/escalations/${uuidv7()}`, { token: secondLine, body: { customerId: hub.fixture.customers.anna.id, queue: 'expert', summary: SUMMARY } });
  expect(made.status).toBe(200);
  browser = await launchChromium();
  agent = await startSignedInConsole(hub, 'first_line');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await hub?.close();
});

const CASES = [
  { language: 'en', theme: 'light', title: 'Escalated to', hidden: 'Details only for the colleagues handling it' },
  { language: 'de', theme: 'dark', title: 'Eskaliert an', hidden: 'Details sehen nur die Kolleginnen und Kollegen, die sie bearbeiten' },
] as const;

async function openAnna(language: string, theme: 'light' | 'dark'): Promise<Page> {
  const context = await browser.newContext({ locale: language, viewport: { width: 1280, height: 720 }, colorScheme: theme });
  const page = await context.newPage();
  await page.goto(agent.shell.url);
  await page.getByTestId('language-menu').selectOption(language);
  await page.locator('[data-testid="sync-status"][data-connection="online"]').waitFor({ timeout: 30_000 });
  await page.keyboard.press('Alt+2');
  await page.getByTestId('search-input').fill(hub.fixture.customers.anna.email);
  await page.locator(`[data-testid="search-hit"][data-customer-id="${hub.fixture.customers.anna.id}"]`).waitFor();
  await page.getByTestId('search-input').press('Enter');
  await page.getByTestId('customer-header').waitFor();
  return page;
}

describe('a colleague’s escalation the wall keeps from the agent', () => {
  for (const { language, theme, title, hidden } of CASES) {
    it(`shows in the history that it exists and is open, without its summary (${language}, ${theme})`, async () => {
      const page = await openAnna(language, theme);
      const row = page.locator('[data-testid="timeline-entry"][data-kind="escalation"]');
      await row.waitFor({ timeout: 15_000 });
      const text = (await row.textContent()) ?? '';
      expect(text).toContain(title);
      expect(text).toContain(hidden);
      expect(text).not.toContain('""');
      expect(await page.locator('body').textContent()).not.toContain(SUMMARY);
      await row.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', `escalation-redacted-${language}-${theme}.png`) });
      const result = await new AxeBuilder({ page }).analyze();
      expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
      await page.context().close();
    }, 90_000);
  }
});
