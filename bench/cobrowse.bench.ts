import os from 'node:os';
import { gzipSync } from 'node:zlib';
import type { Browser, Frame, Page } from 'playwright-core';
import { distPaths } from '../main/app-root.ts';
import { createServices, type Services } from '../main/services.ts';
import { buildAll } from '../main/shell/build.ts';
import { startWebShell, type WebShell } from '../main/shell/web/server.ts';
import { openPglite, type Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { startByteMeter, type ByteMeter } from '../test/support/byte-meter.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { openCustomer, panelState, replay, startCobrowse, viewerFrame } from '../test/support/cobrowse-console.ts';
import { allowSharing, enterCode, openShop, type ShopPage } from '../test/support/cobrowse-shop.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../test/support/hub-fixture.ts';
import { tempDir } from '../test/support/temp-dir.ts';
import { ROOT } from '../test/support/web-shell-process.ts';
import { cobrowseWatch, installViewerWatch, latePaint, mouseMoveListening, mouseMoveSeen, stampInShop } from './cobrowse-page.ts';
import { defineSuite } from './harness.ts';

// Co-browse: the customer's page (the demo shop in Chromium, reached through a byte meter in front
// of the hub) live in the agent's console (main in this process behind the web shell, the built
// renderer in Chromium), through a hub on PGlite in this process.
// - customer DOM change → painted in the console's viewer: the shop page writes a stamp into a
//   new element; the viewer document watches rrweb's replay iframe with a MutationObserver and
//   takes the time in a task after the next animation frame (the frame that paints it). Both
//   clocks are `performance.timeOrigin + performance.now()` on this machine.
// - customer pointer → shown: a real mouse move on the shop page (its event's time) until the
//   replayer's cursor element is at that place, painted.
// - bytes per second while typing: the customer types at a person's pace (5 keys/s for 10 s) into a
//   field the shop unmasked (every key is an input event) and into a masked one (the fixed mask
//   never changes, so rrweb sends the first key only); the bytes the page's session socket sent on
//   the wire (after permessage-deflate, with frame headers), and the frames' text before compression.
// - the snippet's size gzipped (level 9, as a CDN serves it), consent UI included.
// - a late join: the console page reloads while the customer is live; from the agent opening the
//   customer again until the replay shows the customer's page (the viewer asked for a fresh full
//   snapshot). Includes Playwright's wait for the element (a few ms).

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let services: Services;
let shell: WebShell;
let meter: ByteMeter;
let browser: Browser;
let consolePage: Page;
let shop: ShopPage;
let viewer: Frame;
let cleanup: () => Promise<void> = async () => undefined;
const typing = { maskedText: Number.NaN, visibleText: Number.NaN };
/** Per DOM-change round: stamp → its frame in the viewer document (the rest is the replayer and the paint). */
const arrivals: number[] = [];
/** Per late-join round: Enter → the viewer document ready (the rest is the snapshot's round trip and build). */
const viewerReady: number[] = [];
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function waitUntil(what: string, check: () => Promise<boolean> | boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`co-browse bench: ${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts a session from the console and has the customer join it by code; resolves once the replay shows the shop. */
async function goLive(): Promise<void> {
  const code = await startCobrowse(consolePage);
  await enterCode(shop.page, code);
  await allowSharing(shop.page);
  await waitUntil('the console going live', async () => (await panelState(consolePage)) === 'live');
  await replay(consolePage).locator('#bench-stamp').waitFor({ timeout: 30_000 });
  viewer = await viewerFrame(consolePage);
  await installViewerWatch(viewer);
}

/** Every round's stamp and cursor position is new (warm-up rounds count too). */
let rounds = 0;

async function domChangeRound(): Promise<number[]> {
  const stamp = `dom-${(rounds += 1)}`;
  const started = await stampInShop(shop.page, stamp);
  const painted = await cobrowseWatch(viewer, 'stamp', stamp);
  arrivals.push((await cobrowseWatch(viewer, 'arrived', stamp)) - started);
  return [painted - started];
}

async function pointerRound(): Promise<number[]> {
  const round = (rounds += 1);
  const x = 200 + (round % 20) * 17;
  const y = 150 + (round % 7) * 23;
  const moved = mouseMoveSeen(shop.page, x, y);
  await mouseMoveListening(shop.page);
  await shop.page.mouse.move(x, y);
  const started = await moved;
  const shown = await cobrowseWatch(viewer, 'pointer', `${x},${y}`);
  return [shown - started];
}

/**
 * 50 keys at a person's pace into `selector`; the bytes per second the page's session socket sent
 * on the wire (and the frames' text before compression) over that time.
 */
async function measureTyping(selector: string): Promise<{ wire: number; text: number }> {
  const page = shop.page;
  await page.locator(selector).click();
  const socketBytes = () => meter.sentBy(/\/cobrowse\/ws\/customer/);
  const offFrames = shop.frames.length;
  const startBytes = socketBytes();
  const started = performance.now();
  const text = 'Please deliver to the back door, the bell is broken. ';
  for (let i = 0; i < 50; i++) {
    await page.keyboard.type(text[i % text.length] as string);
    // A person's pace: five keys a second (the bench paces itself; it measures nothing in between).
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // The last key's frame has left (the masked field sends its first key only: the mask never changes after).
  await waitUntil('the typing on the wire', () => shop.frames.slice(offFrames).some((f) => f.direction === 'sent' && f.text.includes('"source":5')));
  const seconds = (performance.now() - started) / 1000;
  const textBytes = shop.frames
    .slice(offFrames)
    .filter((frame) => frame.direction === 'sent' && frame.url.includes('/cobrowse/ws/customer'))
    .reduce((sum, frame) => sum + Buffer.byteLength(frame.text), 0);
  return { wire: (socketBytes() - startBytes) / seconds, text: textBytes / seconds };
}

async function measureSnippet(): Promise<number> {
  const response = await fetch(`${hub.url}/cobrowse.js`);
  if (!response.ok) throw new Error(`GET /cobrowse.js: ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  // The consent UI is in this one file: its strings must be there.
  if (!bytes.includes('adoptedStyleSheets')) throw new Error('the snippet has no consent UI');
  return gzipSync(bytes, { level: 9 }).length / 1024;
}

/**
 * The console page reloads while the customer is live (a fresh renderer with no replay); the
 * agent opens the customer again and the round is timed from that Enter until the replay shows
 * the customer's page: the viewer loading, asking for a fresh full snapshot, the customer's page
 * taking and sending it, and the replayer building it.
 */
async function lateJoinRound(): Promise<number[]> {
  await consolePage.reload();
  await consolePage.locator('[data-testid="sync-status"][data-connection="online"]').waitFor({ timeout: 30_000 });
  await consolePage.keyboard.press('Alt+0');
  await consolePage.keyboard.press('Alt+2');
  const { anna } = fixture.customers;
  await consolePage.getByTestId('search-input').fill(anna.email);
  await consolePage.locator(`[data-testid="search-hit"][data-customer-id="${anna.id}"]`).waitFor();
  const started = performance.now();
  await consolePage.getByTestId('search-input').press('Enter');
  await consolePage.locator('[data-testid="cobrowse-view"][data-ready="true"]').waitFor({ timeout: 15_000 });
  viewerReady.push(performance.now() - started);
  viewer = await latePaint(consolePage);
  const elapsed = performance.now() - started;
  await installViewerWatch(viewer);
  return [elapsed];
}

export default defineSuite({
  name: 'co-browse',
  async setup() {
    await buildAll(ROOT);
    db = await openPglite();
    await migrate(db);
    fixture = await seedFixture(db);
    hub = await startHub(db);
    meter = await startByteMeter(hub.url);
    const temp = await tempDir('loket-bench-cobrowse-');
    cleanup = temp.cleanup;
    services = await createServices({ shell: 'web', version: 'bench', dataDir: temp.dir, osLocale: 'en', development: false });
    await services.dispatcher.dispatch('hub.signIn', { method: 'password', url: hub.url, email: fixture.agents.first_line.email, password: PASSWORD }, { shell: 'web', sender: 'bench' });
    await waitUntil('the first sync', () => Boolean(services.data.syncer?.lastSyncedAt), 120_000);
    shell = await startWebShell({ services, rendererDir: distPaths(ROOT).renderer, port: 0 });
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'en', viewport: { width: 1400, height: 900 } });
    consolePage = await context.newPage();
    consolePage.on('pageerror', (error) => console.error('[bench] console page error', error.message));
    await consolePage.goto(shell.url);
    await consolePage.locator('[data-testid="sync-status"][data-connection="online"]').waitFor({ timeout: 30_000 });
    await openCustomer(consolePage, fixture.customers.anna.email, fixture.customers.anna.id);
    shop = await openShop(browser, meter.url, '/demo-shop/checkout?lang=en', { viewport: { width: 1100, height: 760 } });
    // The bench's own marks on the shop page: a stamp element and a textarea that is masked.
    await shop.page.evaluate(() => {
      const stamp = document.createElement('div');
      stamp.id = 'bench-stamp';
      stamp.textContent = 'start';
      const field = document.createElement('textarea');
      field.id = 'bench-typing';
      const visible = document.createElement('textarea');
      visible.id = 'bench-typing-visible';
      visible.setAttribute('data-loket-visible', '');
      document.body.prepend(stamp, field, visible);
    });
    await goLive();
  },
  cases: [
    { name: 'customer DOM change → painted in the console’s viewer', iterations: 40, warmup: 5, target: { p95Ms: 30 }, run: () => domChangeRound() },
    { name: 'of which: stamp → its frame in the viewer document (p50, ms)', unit: 'ms', measure: () => median(arrivals.slice(5)) },
    { name: 'customer pointer → shown in the console’s viewer', iterations: 40, warmup: 5, target: { p95Ms: 30 }, run: () => pointerRound() },
    {
      name: 'bytes per second while typing into a field the shop unmasked (wire, after permessage-deflate)',
      unit: 'B/s',
      target: { atMost: 500 },
      async measure() {
        const { wire, text } = await measureTyping('#bench-typing-visible');
        typing.visibleText = text;
        return wire;
      },
    },
    { name: 'of which: the same frames before compression', unit: 'B/s', measure: () => typing.visibleText },
    {
      name: 'bytes per second while typing into a masked field (wire)',
      unit: 'B/s',
      target: { atMost: 500 },
      async measure() {
        const { wire, text } = await measureTyping('#bench-typing');
        typing.maskedText = text;
        return wire;
      },
    },
    { name: 'of which: the same frames before compression', unit: 'B/s', measure: () => typing.maskedText },
    { name: 'snippet with its consent UI, gzipped', unit: 'kB', target: { atMost: 30 }, measure: () => measureSnippet() },
    { name: 'late join: console reloaded, customer opened while live → the page painted', iterations: 8, warmup: 1, target: { p95Ms: 1000 }, run: () => lateJoinRound() },
    { name: 'of which: customer opened → the viewer document ready (p50, ms)', unit: 'ms', measure: () => median(viewerReady.slice(1)) },
    { name: 'load average (1 min) at the end: other work on the machine', unit: '', measure: () => os.loadavg()[0] ?? Number.NaN },
  ],
  async teardown() {
    await browser?.close();
    await shell?.close();
    await services?.dispose();
    await meter?.close();
    await hub?.close();
    await db?.close();
    await cleanup();
  },
});
