import { mkdir } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { clickInReplay, cobrowsePanel, openConsolePage, openCustomer, panelControl, panelState, replay, startCobrowse } from '../support/cobrowse-console.ts';
import { allowSharing, answerControl, banner, consentPrompt, enterCode, openShop, snippetUi, stopSharing, takeBackControl, type ShopPage } from '../support/cobrowse-shop.ts';
import { MASK } from '../support/cobrowse-privacy.ts';
import { startFixtureHub, startSignedInConsole, type FixtureHub, type SignedInConsole } from '../support/console-fixture.ts';
import { ROOT } from '../support/web-shell-process.ts';

// Must show 1 and 4: co-browse between two browser contexts through one hub — the demo shop the
// hub serves, and the console (web shell). The agent asks from Anna's customer screen, Anna types
// the code into the snippet's widget and consents; the console's live view shows her page and
// follows typing (a masked field shows the fixed mask), scrolling, and navigation from the cart to
// the checkout. Control needs a second consent; with it the agent's click adds a product on her
// page; after she takes it back the next click does nothing. Ending from the console ends both
// sides; a second session ended from her banner too. The identified flow (the shop knows her)
// pops the prompt up on her open page without a code. Screenshots of the consent prompt (English,
// German) and of the agent's live view go to test-results/screenshots/.

let hub: FixtureHub;
let agent: SignedInConsole;
let browser: Browser;
let consolePage: Page;

const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  hub = await startFixtureHub();
  agent = await startSignedInConsole(hub, 'first_line');
  browser = await launchChromium();
  consolePage = await openConsolePage(browser, agent.shell.url);
  const { anna } = hub.fixture.customers;
  await openCustomer(consolePage, anna.email, anna.id);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await hub?.close();
});

/** Serious and critical axe findings inside `include` (minus `exclude`). */
async function seriousViolations(page: Page, include: string, exclude?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).include(include).options({ iframes: false });
  if (exclude) builder = builder.exclude(exclude);
  const result = await builder.analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The products in the customer's cart (its cookie, as the shop reads it). */
const cartRows = async (shop: ShopPage) => {
  const cookie = (await shop.context.cookies()).find((c) => c.name.includes('cart'));
  return cookie ? decodeURIComponent(cookie.value).split(/[,|]/).filter(Boolean).length : 0;
};

/** Consent prompts on the page now. */
const consentCount = (page: Page) => snippetUi(page).locator('[data-testid="cobrowse-consent"]').count();

/** Waits until the console's panel is in `state` (and control, when given). */
async function expectPanel(state: string, control?: string): Promise<void> {
  await expect.poll(() => panelState(consolePage), { timeout: 15_000 }).toBe(state);
  if (control) await expect.poll(() => panelControl(consolePage), { timeout: 15_000 }).toBe(control);
}

/**
 * Counts the highlight ripples the snippet draws on the customer's page for the agent's clicks
 * (each fades out within a second, so they are counted as they are added).
 */
async function countRipples(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const root = document.querySelector('[data-loket-cobrowse]')?.shadowRoot;
    if (!root) throw new Error('no snippet UI on the page');
    const seen = { ripples: 0 };
    Object.assign(window, { rippleCount: seen });
    new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) if (node instanceof HTMLElement && node.classList.contains('ripple')) seen.ripples += 1;
    }).observe(root, { childList: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { rippleCount: { ripples: number } }).rippleCount.ripples);
}

describe('co-browse from the customer screen to the shop and back', () => {
  it('code → consent → live view follows typing, scrolling, navigation → control with a second consent → revoke → end from the console ends both', async () => {
    const shop: ShopPage = await openShop(browser, hub.hub.url, '/demo-shop/?lang=en');
    try {
      const code = await startCobrowse(consolePage);
      await expectPanel('requested');
      expect((await cobrowsePanel(consolePage).getByTestId('cobrowse-code').textContent())?.replace(/\s+/g, ' ')).toContain(`${code.slice(0, 3)} ${code.slice(3)}`);

      await enterCode(shop.page, code);
      const prompt = await consentPrompt(shop.page);
      // The prompt names the agent (first name only) and says what is seen and what is not.
      await expect.poll(() => prompt.textContent()).toMatch(/Agent/);
      await shot(shop.page, 'cobrowse-consent-prompt-en');
      // The snippet's prompt (its shadow root is open in tests, so axe reads it) passes axe.
      expect(await seriousViolations(shop.page, '[data-loket-cobrowse]')).toEqual([]);
      await allowSharing(shop.page);
      await banner(shop.page).waitFor();
      await expectPanel('live', 'off');

      // The agent sees the product list as the customer does.
      await replay(consolePage).locator('[data-add]').first().waitFor({ timeout: 15_000 });

      // Navigation keeps the session (the snippet resumes on the next page, no new prompt):
      // products → cart → checkout, each page shown in the console.
      await shop.page.locator('[data-add]').first().click();
      await shop.page.waitForURL(/\/demo-shop\/cart/);
      await replay(consolePage).locator('#to-checkout').waitFor({ timeout: 15_000 });
      await shop.page.locator('#to-checkout').click();
      await shop.page.waitForURL(/\/demo-shop\/checkout/);
      await banner(shop.page).waitFor();
      await replay(consolePage).locator('#name').waitFor({ timeout: 15_000 });
      await expect.poll(() => consolePage.getByTestId('cobrowse-page-url').textContent(), { timeout: 10_000 }).toContain('/demo-shop/checkout');
      expect(await consentCount(shop.page)).toBe(0);

      // Typing: the field the shop unmasked shows what is typed; a masked one the fixed mask.
      await shop.page.locator('#voucher').pressSequentially('SPRING25');
      await expect.poll(() => replay(consolePage).locator('#voucher').inputValue(), { timeout: 10_000 }).toBe('SPRING25');
      await shop.page.locator('#name').pressSequentially('Anna de Vries');
      await expect.poll(() => replay(consolePage).locator('#name').inputValue(), { timeout: 10_000 }).toBe(MASK);

      // Scrolling follows.
      await shop.page.evaluate(() => window.scrollTo(0, 400));
      await expect
        .poll(() => replay(consolePage).locator('html').evaluate((html) => html.ownerDocument.scrollingElement?.scrollTop ?? 0), { timeout: 10_000 })
        .toBeGreaterThan(300);
      // The live view with the panel's page line above it, as the agent sees it.
      await consolePage.getByTestId('cobrowse-page').evaluate((line) => line.scrollIntoView({ block: 'start' }));
      await shot(consolePage, 'cobrowse-live-view-en');
      // The panel with the live view passes axe (axe cannot run inside the script-less replay iframe).
      expect(await seriousViolations(consolePage, '[data-testid="cobrowse-panel"]', '[data-testid="cobrowse-view"]')).toEqual([]);

      // Back to the products for control.
      await shop.page.locator('nav a[href^="/demo-shop/?"]').first().click();
      await shop.page.waitForURL(/\/demo-shop\/\?/);
      await banner(shop.page).waitFor();
      const addInReplay = replay(consolePage).locator('[data-add]').nth(1);
      await addInReplay.waitFor({ timeout: 15_000 });
      const before = await cartRows(shop);

      // Control needs its own consent; then the agent's click adds a product on the customer's page.
      await consolePage.getByTestId('cobrowse-ask-control').click();
      await expectPanel('live', 'requested');
      await answerControl(shop.page, true);
      await expectPanel('live', 'on');
      await clickInReplay(consolePage, addInReplay);
      await shop.page.waitForURL(/\/demo-shop\/cart/, { timeout: 15_000 });
      await expect.poll(() => cartRows(shop), { timeout: 10_000 }).toBe(before + 1);

      // Taken back: the agent's next click (on "to checkout") is only a highlight on her page.
      const toCheckout = replay(consolePage).locator('#to-checkout');
      await toCheckout.waitFor({ timeout: 15_000 });
      await takeBackControl(shop.page);
      await expectPanel('live', 'off');
      const ripples = await countRipples(shop.page);
      await clickInReplay(consolePage, toCheckout);
      await expect.poll(ripples, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(shop.page.url()).toMatch(/\/demo-shop\/cart/);
      expect(await cartRows(shop)).toBe(before + 1);

      // Ended from the console: both sides end.
      await consolePage.getByTestId('cobrowse-end').click();
      await expectPanel('ended');
      await banner(shop.page).waitFor({ state: 'detached', timeout: 15_000 });
      // The next page load does not resume it.
      await shop.page.reload();
      await shop.page.waitForFunction(() => 'loketCobrowse' in window);
      expect(await banner(shop.page).count()).toBe(0);
    } finally {
      await shop.close();
    }
  }, 240_000);

  it('a second session ended from the customer’s banner ends on the console too', async () => {
    const shop = await openShop(browser, hub.hub.url, '/demo-shop/?lang=en');
    try {
      const code = await startCobrowse(consolePage);
      await enterCode(shop.page, code);
      await allowSharing(shop.page);
      await expectPanel('live');
      await stopSharing(shop.page);
      await banner(shop.page).waitFor({ state: 'detached' });
      await expectPanel('ended');
      expect(await cobrowsePanel(consolePage).textContent()).toMatch(/ended|stopped/i);
    } finally {
      await shop.close();
    }
  }, 120_000);

  it('identified on the shop, the customer gets the prompt on her open page without a code (German)', async () => {
    const { anna } = hub.fixture.customers;
    const shop = await openShop(browser, hub.hub.url, `/demo-shop/?lang=de&customer=${encodeURIComponent(anna.email)}`, { locale: 'de' });
    try {
      // The page has rung the doorbell before the agent asks: wait until its socket is open.
      await expect.poll(() => shop.frames.some((f) => f.direction === 'sent' && f.url.includes('/cobrowse/ws/visitor')), { timeout: 15_000 }).toBe(true);
      await startCobrowse(consolePage);
      await consolePage.getByTestId('cobrowse-page-online').waitFor({ timeout: 10_000 });
      const prompt = await consentPrompt(shop.page);
      await expect.poll(() => prompt.textContent()).toMatch(/Agent/);
      await shot(shop.page, 'cobrowse-consent-prompt-de');
      await allowSharing(shop.page);
      await expectPanel('live');
      await replay(consolePage).locator('[data-add]').first().waitFor({ timeout: 15_000 });
      await consolePage.getByTestId('cobrowse-end').click();
      await banner(shop.page).waitFor({ state: 'detached', timeout: 15_000 });
    } finally {
      await shop.close();
    }
  }, 120_000);
});
