import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { launchChromium } from '../support/chromium.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';
import { ROOT, startWebShellProcess, type RunningWebShell } from '../support/web-shell-process.ts';

// The data screens in a browser, in four languages: search by a typed phone number, the customer
// with a note added, the settings' hub and local-data sections. Screenshots go to
// test-results/screenshots/ for a human to look at; axe checks each screen.
let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let browser: Browser;
let shell: RunningWebShell;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  hub = await startHub(db);
  browser = await launchChromium();
  const data = await tempDir();
  cleanup = data.cleanup;
  shell = await startWebShellProcess({
    LOKET_DATA_DIR: data.dir,
    LOKET_HUB_URL: hub.url,
    LOKET_HUB_EMAIL: fixture.agents.second_line.email,
    LOKET_HUB_PASSWORD: PASSWORD,
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  await hub?.close();
  await db?.close();
  await cleanup?.();
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
