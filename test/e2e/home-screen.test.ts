import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startFixtureHub, startSignedInConsole, type FixtureHub, type SignedInConsole } from '../support/console-fixture.ts';
import { ROOT } from '../support/web-shell-process.ts';

// Home in a browser over the web shell and a real hub: the first screen shows the agent's
// callbacks due today and today's calls, in three languages at two widths, with axe clean.
let hub: FixtureHub;
let browser: Browser;
let agent: SignedInConsole;

beforeAll(async () => {
  hub = await startFixtureHub();
  const me = hub.fixture.agents.first_line.id;
  const { anna, bram } = hub.fixture.customers;
  const dayStart = new Date();
  dayStart.setHours(0, 0, 0, 0);
  // Earlier today, however early the test runs.
  const earlier = (fraction: number) => new Date(dayStart.getTime() + Math.floor((Date.now() - dayStart.getTime()) * fraction));
  await hub.db.query(
    `insert into callback (id, customer_id, created_by, assigned_to, due_at, status, phone, note, request_hash) values ($1, $2, $3, $3, $4, 'open', '+31612345678', 'Refund of order 2550', 'e2e-1')`,
    [uuidv7(), anna.id, me, earlier(0.5)],
  );
  await hub.db.query(
    `insert into interaction (id, customer_id, agent_id, channel, direction, started_at, ended_at, reasons, outcome, first_contact_fix, request_hash)
      values ($1, $2, $3, 'phone', 'inbound', $4, $4, '{where_is_my_order}', 'solved', true, 'e2e-2')`,
    [uuidv7(), bram.id, me, earlier(0.3)],
  );
  browser = await launchChromium();
  agent = await startSignedInConsole(hub, 'first_line');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await hub?.close();
});

describe('the Home screen in the web shell', () => {
  for (const language of ['en', 'de', 'pl'] as const) {
    it(`opens first with my callbacks and calls of today, in ${language}`, async () => {
      const context = await browser.newContext({ locale: language, viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      await page.goto(agent.shell.url);
      await page.getByTestId('language-menu').selectOption(language);
      if (language === 'en') {
        // A fresh console opens on Home.
        expect(await page.locator('main').getAttribute('data-view')).toBe('home');
      } else {
        // The same console's next page opens what the last one had open (main remembers it, as
        // after a reload): the customer the previous round opened. Alt+0 goes Home.
        await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe('customer');
        await page.keyboard.press('Alt+0');
        await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe('home');
      }
      await page.getByTestId('home-callback').filter({ hasText: 'Anna de Vries' }).waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('home-callback').textContent()).toContain('Refund of order 2550');
      await page.getByTestId('home-call').filter({ hasText: 'Bram' }).waitFor();
      expect(await page.getByTestId('home-contacts-total').textContent()).toBe('1');
      expect(await page.getByTestId('home-fcr').textContent()).toMatch(/^100\s?%$/);

      for (const viewport of [{ width: 1280, height: 720 }, { width: 1024, height: 768 }]) {
        await page.setViewportSize(viewport);
        await page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', `home-${language}-${viewport.width}.png`) });
      }
      const axe = await new AxeBuilder({ page }).analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);

      // Away and back with Alt+0; a name opens that customer.
      await page.keyboard.press('Alt+2');
      await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe('search');
      await page.keyboard.press('Alt+0');
      await page.getByTestId('home-callback').getByTestId('home-open-customer').click();
      await page.getByTestId('customer-header').filter({ hasText: 'Anna de Vries' }).waitFor();
      await context.close();
    }, 90_000);
  }
});
