import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startFixtureHub, startSignedInConsole, type FixtureHub, type SignedInConsole } from '../support/console-fixture.ts';
import { ROOT, type RunningWebShell } from '../support/web-shell-process.ts';

// The data screens in a browser, in four languages: search by a typed phone number, the customer
// with a note added, the settings' hub and local-data sections. Screenshots go to
// test-results/screenshots/ for a human to look at; axe checks each screen.
let hub: FixtureHub;
let browser: Browser;
let agent: SignedInConsole;
let shell: RunningWebShell;

beforeAll(async () => {
  hub = await startFixtureHub();
  browser = await launchChromium();
  agent = await startSignedInConsole(hub, 'second_line');
  shell = agent.shell;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await hub?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', `${name}.png`) });

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

describe('the console data screens', () => {
  for (const language of ['en', 'nl', 'de', 'pl'] as const) {
    it(`search, customer and settings work and read well in ${language}`, async () => {
      const context = await browser.newContext({ locale: language, viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      await page.goto(shell.url);
      await page.getByTestId('language-menu').selectOption(language);
      await page.locator('[data-testid="sync-status"][data-connection="online"]').waitFor({ timeout: 30_000 });

      await page.keyboard.press('Alt+2');
      await page.getByTestId('search-input').fill('0031 6 1234 5678');
      await page.getByTestId('search-hit').first().waitFor();
      expect(await page.getByTestId('search-hit').count()).toBe(1);
      expect(await page.getByTestId('search-hit').first().textContent()).toContain('Anna de Vries');
      await shot(page, `data-search-${language}`);
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByTestId('search-input').press('Enter');
      await page.getByTestId('customer-header').waitFor();
      await page.getByTestId('note-input').fill(`Note in ${language}: customer asked about the return label`);
      await page.getByTestId('note-input').press('Control+Enter');
      await page.locator('[data-testid="timeline-entry"]', { hasText: `Note in ${language}` }).waitFor();
      await page.locator('[data-testid="sync-status"][data-pending="0"]').waitFor({ timeout: 15_000 });
      await shot(page, `data-customer-${language}`);
      expect(await seriousViolations(page)).toEqual([]);

      await page.keyboard.press('Alt+5');
      await page.getByTestId('local-data-section').waitFor();
      await shot(page, `data-settings-${language}`);
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    }, 60_000);
  }
});
