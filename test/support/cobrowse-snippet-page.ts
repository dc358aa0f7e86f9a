import type { Browser, Locator, Page } from 'playwright-core';

// A customer's page with the co-browse snippet, in its own browser context, for the snippet's
// Chromium tests against the fake hub (cobrowse-fake-hub.ts).
//
// The snippet's UI is in a CLOSED shadow root, out of reach of the shop's scripts and so of
// Playwright's locators too; an init script opens every shadow root before the page's scripts
// run. What the UI does and what rrweb records are unchanged (the host is private, rrweb never
// descends into it). The init script also collects CSP violations, so a test can prove none.

export interface CustomerPage {
  readonly page: Page;
  /** CSP violations the page reported so far (`securitypolicyviolation`). */
  violations(): Promise<string[]>;
  close(): Promise<void>;
}

export async function openCustomerPage(browser: Browser, url: string, options: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<CustomerPage> {
  const context = await browser.newContext({ locale: options.locale ?? 'en-GB', viewport: options.viewport ?? { width: 1000, height: 700 } });
  await context.addInitScript(() => {
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function attachOpen(this: Element, init: ShadowRootInit) {
      return attach.call(this, { ...init, mode: 'open' });
    };
    const found: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = found;
    document.addEventListener('securitypolicyviolation', (event) => found.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`));
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`customer page error: ${error.message}\n`));
  await page.goto(url);
  return {
    page,
    violations: () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    close: () => context.close(),
  };
}

/** A control of the snippet's UI by its test id (the shadow root is open in tests). */
export const snippetPart = (page: Page, testId: string): Locator => page.locator('[data-loket-cobrowse]').locator(`[data-testid="${testId}"]`);

/** Waits for the snippet to be installed (it loads async). */
export const snippetReady = (page: Page) => page.waitForFunction(() => 'loketCobrowse' in window);

/** The code flow: opens the widget, types the code, submits with Enter. */
export async function typeCode(page: Page, code: string): Promise<void> {
  await snippetReady(page);
  await page.evaluate(() => (window as unknown as { loketCobrowse: { enterCode(): void } }).loketCobrowse.enterCode());
  await snippetPart(page, 'cobrowse-code-input').fill(code);
  await snippetPart(page, 'cobrowse-code-input').press('Enter');
}

/** A plain test page with the snippet installed from the (fake) hub. */
export function snippetPage(hub: string, options: { lang?: string; title?: string; body: string; head?: string; visitor?: string; launcher?: boolean }): string {
  const visitor = (options.visitor ? ` data-visitor="${options.visitor}"` : '') + (options.launcher ? ' data-launcher="on"' : '');
  return `<!doctype html><html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8"><title>${options.title ?? 'Test shop'}</title>
${options.head ?? ''}<script src="${hub}/cobrowse.js" data-hub="${hub}"${visitor} data-shop="Test shop" async></script></head>
<body>${options.body}</body></html>`;
}

// ---- reading the frames ----

type Json = Record<string, unknown>;

/** Joins `part` frames back into the `ev` frame they were cut from; other frames stay as they are. */
export function wholeFrames(frames: readonly string[]): string[] {
  const out: string[] = [];
  const parts = new Map<string, string[]>();
  for (const frame of frames) {
    const message = JSON.parse(frame) as Json;
    if (message.t !== 'part') {
      out.push(frame);
      continue;
    }
    const pieces = parts.get(String(message.id)) ?? [];
    pieces[Number(message.i)] = String(message.d);
    parts.set(String(message.id), pieces);
    if (pieces.filter((piece) => piece !== undefined).length === Number(message.n)) out.push(pieces.join(''));
  }
  return out;
}

export interface RecordedEvent {
  readonly type: number;
  readonly timestamp?: number;
  readonly data?: Json;
}

export function eventsOf(frames: readonly string[]): RecordedEvent[] {
  return wholeFrames(frames).flatMap((frame) => {
    const message = JSON.parse(frame) as { t: string; e?: RecordedEvent[] };
    return message.t === 'ev' ? (message.e ?? []) : [];
  });
}

/** The events with what differs between two runs of the same actions removed (times). */
export function comparable(events: readonly RecordedEvent[]): unknown[] {
  return events.map(({ timestamp: _timestamp, ...rest }) => rest);
}

/** Every string anywhere in these frames (values, texts, attributes, URLs). */
export function stringsOf(frames: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const frame of wholeFrames(frames)) walk(JSON.parse(frame));
  return out;
}
