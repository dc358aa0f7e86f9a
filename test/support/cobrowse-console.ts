import type { Browser, Frame, FrameLocator, Locator, Page } from 'playwright-core';

// The agent's side of a co-browse session in the console (the built web shell in Chromium): open
// the customer, start co-browse from the customer screen, read the code, and reach the live view —
// the viewer document (`cobrowse-view.html` in an iframe) and, inside it, rrweb's replay iframe.

/** A console page in a browser context of its own, signed in (the shell's URL carries the token). */
export async function openConsolePage(browser: Browser, shellUrl: string, language = 'en'): Promise<Page> {
  const context = await browser.newContext({ locale: language, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`console page error: ${error.message}\n`));
  await page.goto(shellUrl);
  await page.getByTestId('language-menu').selectOption(language);
  await page.locator('[data-testid="sync-status"][data-connection="online"]').waitFor({ timeout: 30_000 });
  return page;
}

/** Opens a customer by e-mail from the search screen, the way an agent does. */
export async function openCustomer(page: Page, email: string, customerId: string): Promise<void> {
  await page.keyboard.press('Alt+2');
  await page.getByTestId('search-input').fill(email);
  await page.locator(`[data-testid="search-hit"][data-customer-id="${customerId}"]`).waitFor();
  await page.getByTestId('search-input').press('Enter');
  await page.getByTestId('customer-header').waitFor();
}

/** The co-browse panel on the customer screen. */
export const cobrowsePanel = (page: Page): Locator => page.getByTestId('cobrowse-panel');

/** Clicks the customer screen's Co-browse action; returns the code shown (digits only). */
export async function startCobrowse(page: Page): Promise<string> {
  await page.getByTestId('customer-cobrowse').click();
  const code = page.getByTestId('cobrowse-code');
  await code.waitFor({ timeout: 15_000 });
  const digits = (await code.getAttribute('data-code')) ?? '';
  if (!/^\d{6}$/.test(digits)) throw new Error(`the co-browse code reads “${await code.textContent()}”`);
  return digits;
}

/** The panel's state (`data-state` on the panel: requested, live, away, ended). */
export const panelState = (page: Page) => cobrowsePanel(page).getAttribute('data-state');
/** The control state (`data-control` of the control bar: off, requested, on). */
export const panelControl = (page: Page) => cobrowsePanel(page).getByTestId('cobrowse-control').getAttribute('data-control');

/** The viewer document's iframe element in the console page. */
export const viewerElement = (page: Page): Locator => page.locator('[data-testid="cobrowse-view"] iframe');
/** The viewer document. */
export const viewer = (page: Page): FrameLocator => page.frameLocator('[data-testid="cobrowse-view"] iframe');
/**
 * rrweb's replay iframe inside the viewer: the customer's page as the agent sees it. The viewer
 * builds a new replayer for each full snapshot and swaps it in once built: the shown one.
 */
export const SHOWN_REPLAY = '.replay:not(.replay--building) .replayer-wrapper iframe';
export const replay = (page: Page): FrameLocator => viewer(page).frameLocator(SHOWN_REPLAY);

/** The viewer's Frame (to evaluate in it), once its document is there. */
export async function viewerFrame(page: Page): Promise<Frame> {
  const handle = await viewerElement(page).elementHandle({ timeout: 15_000 });
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('the co-browse viewer has no document');
  return frame;
}

/** Clicks at the centre of an element of the replayed page, through the viewer's overlay (as an agent's mouse does). */
export async function clickInReplay(page: Page, target: Locator): Promise<void> {
  // The live view sits low on the customer screen: bring it into the console's window first
  // (the console's own scroller only; scrolling inside the replay would differ from the customer's page).
  await page.getByTestId('cobrowse-view').evaluate((view) => view.scrollIntoView({ block: 'center' }));
  const box = await target.boundingBox();
  const viewport = page.viewportSize();
  if (box && viewport && (box.y < 0 || box.y + box.height > viewport.height)) throw new Error(`the element is outside the console's window (${JSON.stringify(box)})`);
  if (!box) throw new Error('the element is not shown in the replay');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}
