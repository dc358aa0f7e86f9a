import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startFixtureHub, startSignedInConsole, type FixtureHub, type SignedInConsole } from '../support/console-fixture.ts';
import { ROOT } from '../support/web-shell-process.ts';

// The Single Point of Contact screens in a browser, in four languages and both themes, at the
// two screen sizes agents use: search (any phone notation, recent customers, keyboard only), the
// customer (360 header, orders, history with filters), an escalation form and a wrap-up saved
// from the keyboard that a second agent's console then shows. Screenshots go to
// test-results/screenshots/ for a human to look at; axe checks every screen.
let hub: FixtureHub;
let browser: Browser;
let agent: SignedInConsole;
let colleague: SignedInConsole;

beforeAll(async () => {
  hub = await startFixtureHub();
  browser = await launchChromium();
  agent = await startSignedInConsole(hub, 'first_line');
  colleague = await startSignedInConsole(hub, 'second_line');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await colleague?.stop();
  await hub?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', `${name}.png`) });

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

async function openConsole(url: string, language: string, size: { width: number; height: number }, theme: 'light' | 'dark'): Promise<Page> {
  const context = await browser.newContext({ locale: language, viewport: size, colorScheme: theme });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId('language-menu').selectOption(language);
  await page.locator('[data-testid="sync-status"][data-connection="online"]').waitFor({ timeout: 30_000 });
  return page;
}

const SIZES = {
  en: { size: { width: 1280, height: 720 }, theme: 'light' },
  nl: { size: { width: 1920, height: 1080 }, theme: 'dark' },
  de: { size: { width: 1280, height: 720 }, theme: 'dark' },
  pl: { size: { width: 1920, height: 1080 }, theme: 'light' },
} as const;

describe('the customer screen', () => {
  for (const language of ['en', 'nl', 'de', 'pl'] as const) {
    const { size, theme } = SIZES[language];
    it(`finds, shows, escalates and wraps up with the keyboard in ${language} (${size.width}×${size.height}, ${theme})`, async () => {
      const page = await openConsole(agent.shell.url, language, size, theme);
      const anna = hub.fixture.customers.anna;

      // Search: every way agents write a number finds the same customer; arrows + Enter open it.
      await page.keyboard.press('Alt+2');
      for (const typed of ['06 12 34 56 78', '+31612345678', '0031 6 1234 5678']) {
        await page.getByTestId('search-input').fill(typed);
        await page.locator(`[data-testid="search-hit"][data-customer-id="${anna.id}"]`).waitFor();
        expect(await page.getByTestId('search-hit').count(), typed).toBe(1);
      }
      await shot(page, `spoc-search-${language}`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByTestId('search-input').press('ArrowDown');
      await page.getByTestId('search-input').press('Enter');

      // The 360: name, last order, orders with their steps, history.
      const header = page.getByTestId('customer-header');
      await header.waitFor();
      expect(await header.getAttribute('data-customer-id')).toBe(anna.id);
      expect(await page.getByTestId('customer-last-order').getAttribute('data-number')).toBe(anna.order);
      await page.locator(`[data-testid="order-row"][data-number="${anna.order}"]`).waitFor();
      await page.getByTestId('timeline-entry').first().waitFor();
      await shot(page, `spoc-customer-${language}`);
      expect(await seriousViolations(page)).toEqual([]);

      // The history filtered to orders only.
      await page.getByTestId('timeline-filter-orders').click();
      await page.waitForFunction(() => {
        const kinds = [...document.querySelectorAll('[data-testid="timeline-entry"]')].map((e) => e.getAttribute('data-kind'));
        return kinds.length > 0 && kinds.every((k) => k === 'order' || k === 'orderEvent');
      });
      await page.getByTestId('timeline-filter-orders').click();

      // Escalate: the form opens under the header, Esc closes it again.
      await page.getByTestId('customer-escalate').click();
      await page.getByTestId('escalate-form').waitFor();
      await shot(page, `spoc-escalate-${language}`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByTestId('escalate-summary').press('Escape');
      await page.getByTestId('escalate-form').waitFor({ state: 'detached' });

      // Wrap-up on demand, keyboard only from the reason filter on.
      await page.getByTestId('wrap-up-open').click();
      const panel = page.getByTestId('wrap-up-panel');
      await panel.waitFor();
      await page.locator('[data-testid="wrap-up-reason"][data-code="where_is_my_order"]').waitFor();
      await page.locator('[data-testid="wrap-up-reason"][data-code="where_is_my_order"]').check();
      await page.getByTestId('wrap-up-outcome-solved').check();
      const note = `Wrap-up in ${language}: parcel is on its way`;
      await page.getByTestId('wrap-up-note').fill(note);
      await shot(page, `spoc-wrap-up-${language}`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByTestId('wrap-up-note').press('Control+Enter');
      await panel.waitFor({ state: 'detached' });
      await page.locator('[data-testid="sync-status"][data-pending="0"]').waitFor({ timeout: 15_000 });

      // The colleague's console shows the wrap-up in Anna's history.
      const other = await openConsole(colleague.shell.url, 'en', { width: 1280, height: 720 }, 'light');
      await other.keyboard.press('Alt+2');
      await other.getByTestId('search-input').fill(anna.email);
      await other.locator(`[data-testid="search-hit"][data-customer-id="${anna.id}"]`).waitFor();
      await other.getByTestId('search-input').press('Enter');
      await other.getByTestId('timeline-search').fill(`in ${language}`);
      await other.locator('[data-testid="timeline-entry"]', { hasText: note }).waitFor({ timeout: 20_000 });
      await other.context().close();

      // Back on search, the recent customers offer Anna with nothing typed.
      await page.keyboard.press('Alt+2');
      await page.getByTestId('search-input').fill('');
      await page.locator(`[data-testid="recent-customer"][data-customer-id="${anna.id}"]`).waitFor();
      await shot(page, `spoc-recent-${language}`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    }, 120_000);
  }
});
