import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

// The customer's side of a co-browse session: the demo shop (served by the hub at /demo-shop)
// in a browser context of its own, every WebSocket frame of its page recorded, and the snippet's
// widgets driven the way a customer does.
//
// The snippet puts its UI in a CLOSED shadow root so the shop's scripts cannot reach it; a test
// cannot either. The context's init script therefore makes every shadow root open before the
// shop's scripts run: the UI, its styles and what rrweb records are unchanged (the host is private,
// so the recorder never descends into it), only Playwright's locators can now see inside.

export interface WireFrame {
  readonly url: string;
  /** `sent` = page → hub, `received` = hub → page. */
  readonly direction: 'sent' | 'received';
  /** The frame's text as the page sent/received it (before/after permessage-deflate). */
  readonly text: string;
}

export interface ShopPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every WebSocket frame of this page (across navigations), in order. */
  readonly frames: WireFrame[];
  close(): Promise<void>;
}

const OPEN_SHADOW_ROOTS = `(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { return attach.call(this, Object.assign({}, init, { mode: 'open' })); };
})();`;

/** A new browser context on the demo shop's `path` (e.g. `/demo-shop/checkout?lang=en`). */
export async function openShop(browser: Browser, hubUrl: string, path: string, options: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<ShopPage> {
  const context = await browser.newContext({ locale: options.locale ?? 'en', viewport: options.viewport ?? { width: 1100, height: 760 } });
  // A string, not a function: tsx (the benchmarks) would wrap a function in a helper the page lacks.
  await context.addInitScript(OPEN_SHADOW_ROOTS);
  const page = await context.newPage();
  const frames: WireFrame[] = [];
  page.on('websocket', (socket) => {
    const url = socket.url();
    socket.on('framesent', ({ payload }) => frames.push({ url, direction: 'sent', text: String(payload) }));
    socket.on('framereceived', ({ payload }) => frames.push({ url, direction: 'received', text: String(payload) }));
  });
  page.on('pageerror', (error) => process.stderr.write(`shop page error: ${error.message}\n`));
  await page.goto(hubUrl + path);
  return { context, page, frames, close: () => context.close() };
}

/** The snippet's UI root (its shadow host); Playwright's CSS locators pierce the (opened) shadow root. */
export const snippetUi = (page: Page): Locator => page.locator('[data-loket-cobrowse]');

/** A control of the snippet's UI by its test id. */
export const snippetControl = (page: Page, testId: string): Locator => snippetUi(page).locator(`[data-testid="${testId}"]`);

/** Opens the "enter code" widget (as the shop's own link would), types the code and submits it. */
export async function enterCode(page: Page, code: string): Promise<void> {
  await page.waitForFunction(() => 'loketCobrowse' in window, undefined, { timeout: 15_000 });
  await page.evaluate(() => (window as unknown as { loketCobrowse: { enterCode(): void } }).loketCobrowse.enterCode());
  const input = snippetControl(page, 'cobrowse-code-input');
  await input.fill(code);
  await input.press('Enter');
}

/** The consent prompt is showing; its text. */
export async function consentPrompt(page: Page): Promise<Locator> {
  const prompt = snippetControl(page, 'cobrowse-consent');
  await prompt.waitFor({ timeout: 15_000 });
  return prompt;
}

export const allowSharing = async (page: Page) => (await consentPrompt(page)).locator('[data-testid="cobrowse-consent-allow"]').click();
export const declineSharing = async (page: Page) => (await consentPrompt(page)).locator('[data-testid="cobrowse-consent-decline"]').click();

/** The banner while the session is live (looking along, or with control). */
export const banner = (page: Page): Locator => snippetControl(page, 'cobrowse-banner');

/** Answers the agent's control request. */
export async function answerControl(page: Page, allow: boolean): Promise<void> {
  const prompt = snippetControl(page, 'cobrowse-control-prompt');
  await prompt.waitFor({ timeout: 15_000 });
  await prompt.locator(`[data-testid="cobrowse-control-${allow ? 'allow' : 'refuse'}"]`).click();
}

export const takeBackControl = (page: Page) => snippetControl(page, 'cobrowse-take-back').click();
export const stopSharing = (page: Page) => snippetControl(page, 'cobrowse-stop').click();

/** The text frames the page sent to the hub's co-browse sockets (session and doorbell). */
export const sentToHub = (shop: ShopPage): string[] => shop.frames.filter((f) => f.direction === 'sent' && f.url.includes('/cobrowse/ws/')).map((f) => f.text);
