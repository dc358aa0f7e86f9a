import AxeBuilder from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { cobrowsePanel, openConsolePage, openCustomer, panelState, replay, startCobrowse } from '../support/cobrowse-console.ts';
import { allowSharing, enterCode, openShop, type ShopPage } from '../support/cobrowse-shop.ts';
import { startFixtureHub, startSignedInConsole, type FixtureHub, type SignedInConsole } from '../support/console-fixture.ts';
import { ROOT } from '../support/web-shell-process.ts';

// The co-browse panel on the customer screen of the built web shell, in English and German: the
// code to read out while waiting, then the live view of the demo shop the customer shares — the
// panel's words in the agent's language, the page's title, the control button, End; keyboard
// reachable and clean under axe (serious and critical). Screenshots of both states in both
// languages go to test-results/screenshots/ (looked at when they change).

let hub: FixtureHub;
let agent: SignedInConsole;
let browser: Browser;

const SHOTS = path.join(ROOT, 'test-results', 'screenshots');

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  hub = await startFixtureHub();
  agent = await startSignedInConsole(hub, 'first_line');
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await hub?.close();
});

async function seriousViolations(page: Page): Promise<string[]> {
  // Not into the live view: its inner frame is the customer's page, replayed without scripts,
  // where axe's frame runner waits for ever (legacy mode with frames off does not); and it is the
  // shop's markup, not the console's.
  const result = await new AxeBuilder({ page }).include('[data-testid="cobrowse-panel"]').exclude('[data-testid="cobrowse-view"]').options({ iframes: false }).setLegacyMode(true).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

const WORDS = {
  en: { waiting: 'Waiting for the customer to accept…', live: 'Live', ask: 'Ask for control', end: 'End co-browse' },
  de: { waiting: 'Warten auf die Zustimmung des Kunden…', live: 'Live', ask: 'Um Steuerung bitten', end: 'Co-Browsing beenden' },
} as const;

describe('the co-browse panel in the built console', () => {
  for (const language of ['en', 'de'] as const) {
    // Two browser contexts, a build's console and the shop: a minute alone, more on a busy machine.
    it(`shows the code, then the shared page live, in ${language === 'en' ? 'English' : 'German'}, keyboard reachable and clean under axe`, { timeout: 240_000 }, async () => {
      const page = await openConsolePage(browser, agent.shell.url, language);
      let shop: ShopPage | null = null;
      try {
        const { anna } = hub.fixture.customers;
        await openCustomer(page, anna.email, anna.id);
        const code = await startCobrowse(page);
        await expect.poll(() => panelState(page)).toBe('requested');
        const panel = cobrowsePanel(page);
        expect((await panel.getByTestId('cobrowse-code').textContent())?.trim()).toBe(`${code.slice(0, 3)} ${code.slice(3)}`);
        expect(await panel.getByTestId('cobrowse-waiting').textContent()).toBe(WORDS[language].waiting);
        expect(await seriousViolations(page)).toEqual([]);
        await panel.scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(SHOTS, `cobrowse-panel-code-${language}.png`) });

        shop = await openShop(browser, hub.hub.url, `/demo-shop/cart?lang=${language}`, { locale: language });
        await enterCode(shop.page, code);
        await allowSharing(shop.page);
        await expect.poll(() => panelState(page), { timeout: 15_000 }).toBe('live');
        await replay(page).locator('body').waitFor({ timeout: 15_000 });
        expect(await panel.getByTestId('cobrowse-state').textContent()).toBe(WORDS[language].live);
        expect((await panel.getByTestId('cobrowse-page-title').textContent())?.length).toBeGreaterThan(0);
        expect((await panel.getByTestId('cobrowse-ask-control').textContent())?.trim()).toBe(WORDS[language].ask);

        // From Ask for control, Tab reaches the live view (its overlay, not the replayed page);
        // Escape there gives focus back to the panel's End.
        await panel.getByTestId('cobrowse-ask-control').focus();
        await page.keyboard.press('Tab');
        await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="cobrowse-view"]') !== null)).toBe(true);
        const viewerDocument = page.frameLocator('[data-testid="cobrowse-view"] iframe');
        await expect.poll(() => viewerDocument.locator('.overlay').evaluate((element) => element === document.activeElement)).toBe(true);
        await page.keyboard.press('Escape');
        await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('cobrowse-end');
        expect((await panel.getByTestId('cobrowse-end').textContent())?.trim()).toBe(WORDS[language].end);

        expect(await seriousViolations(page)).toEqual([]);
        await panel.scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(SHOTS, `cobrowse-panel-live-${language}.png`), clip: (await panel.boundingBox()) ?? undefined });

        await panel.getByTestId('cobrowse-end').click();
        await expect.poll(() => panelState(page)).toBe('ended');
      } finally {
        await shop?.page.context().close();
        await page.context().close();
      }
    });
  }
});
