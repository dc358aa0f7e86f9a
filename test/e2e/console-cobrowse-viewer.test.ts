import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWER_SECURITY_HEADERS } from '../../main/shell/csp.ts';
import { launchChromium } from '../support/chromium.ts';
import { ROOT } from '../support/web-shell-process.ts';

// The console's co-browse viewer document (dist/renderer/cobrowse-view.html, built as shipped and
// served with its own CSP) in Chromium, framed by a stand-in for the console page and fed the
// frames of a real rrweb recording of another page: it shows the page once its Meta + full
// snapshot came, follows a change, puts split frames back together, swaps in the next page after
// a navigation, scales the customer's viewport to fit, and turns the agent's pointer, clicks and
// keys into the protocol's messages (acts only with control) in the customer's pixels. It listens
// to its parent only, runs no script of the recorded page, and breaks no CSP rule.

const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const DIST = path.join(ROOT, 'dist', 'renderer');
const RECORD_UMD = path.join(ROOT, 'node_modules', '@rrweb', 'record', 'dist', 'record.umd.min.cjs');

/** The customer's page: a shop-like page that records itself with rrweb into `window.recorded`. */
const shopPage = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:16px sans-serif;margin:0;padding:24px;background:#fdf6e3} h1{color:#b58900} .tall{height:1600px} button{font-size:18px;padding:8px 16px}</style>
<script src="/record.js"></script></head><body>${body}
<script>
  window.recorded = [];
  rrwebRecord.record({ emit: (event) => window.recorded.push(event), sampling: { mousemove: 20 }, maskAllInputs: true });
</script></body></html>`;

/** The console page's stand-in: frames the viewer and notes every message it sends. */
const HOST = `<!doctype html><html><head><meta charset="utf-8"><title>host</title>
<style>html,body{margin:0;height:100%} iframe{border:0;width:800px;height:500px;display:block}</style></head>
<body><iframe id="viewer" src="/cobrowse-view.html" sandbox="allow-scripts allow-same-origin" title="viewer"></iframe>
<script src="/host.js"></script></body></html>`;
const HOST_JS = `window.fromViewer = [];
window.addEventListener('message', (event) => {
  const viewer = document.getElementById('viewer').contentWindow;
  if (event.source === viewer && event.origin === location.origin) window.fromViewer.push(event.data);
});
window.toViewer = (message) => document.getElementById('viewer').contentWindow.postMessage(message, location.origin);`;

let server: Server;
let origin: string;
let browser: Browser;
let context: BrowserContext;
let host: Page;
let shop: Page;
const viewerErrors: string[] = [];

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  const record = await readFile(RECORD_UMD, 'utf8');
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const send = (type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
      response.writeHead(200, { 'content-type': type, ...headers });
      response.end(body);
    };
    if (url.pathname === '/record.js') return send('text/javascript', record);
    if (url.pathname === '/host.html') return send('text/html', HOST);
    if (url.pathname === '/host.js') return send('text/javascript', HOST_JS);
    if (url.pathname === '/shop/cart')
      return send('text/html', shopPage('Cart', '<h1 id="title">Your cart</h1><p id="line">2 × Oat flakes</p><button id="next">To checkout</button><div class="tall"></div>'));
    if (url.pathname === '/shop/checkout') return send('text/html', shopPage('Checkout', '<h1 id="title">Checkout</h1><label>Name <input id="name"></label>'));
    // The built renderer: the viewer page with its own policy, as both shells serve it.
    void readFile(path.join(DIST, path.normalize(url.pathname).replace(/^([/\\])+/, '')))
      .then((body) => {
        const type = url.pathname.endsWith('.html') ? 'text/html' : url.pathname.endsWith('.js') ? 'text/javascript' : url.pathname.endsWith('.css') ? 'text/css' : 'application/octet-stream';
        send(type, body, url.pathname === '/cobrowse-view.html' ? { ...VIEWER_SECURITY_HEADERS } : {});
      })
      .catch(() => {
        response.writeHead(404);
        response.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  shop = await context.newPage();
  host = await context.newPage();
  await host.setViewportSize({ width: 800, height: 500 });
  host.on('console', (message) => {
    if (message.type() === 'error') viewerErrors.push(message.text());
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const viewerFrame = async (): Promise<Frame> => {
  const frame = await (await host.locator('#viewer').elementHandle())?.contentFrame();
  if (!frame) throw new Error('no viewer document');
  return frame;
};
const fromViewer = () => host.evaluate(() => (window as unknown as { fromViewer: Record<string, unknown>[] }).fromViewer);
const toViewer = (message: unknown) => host.evaluate((m) => (window as unknown as { toViewer: (m: unknown) => void }).toViewer(m), message);
const SHOWN = '.replay:not(.replay--building) .replayer-wrapper iframe';
const replayed = () => host.frameLocator('#viewer').frameLocator(SHOWN);

/** Everything the shop page recorded since `from`, as one `ev` frame (the hub relays frames verbatim). */
async function recordedSince(from: number): Promise<{ frame: string; count: number }> {
  const events = await shop.evaluate((start) => (window as unknown as { recorded: unknown[] }).recorded.slice(start), from);
  return { frame: JSON.stringify({ t: 'ev', e: events }), count: from + events.length };
}

describe("the console's co-browse viewer", () => {
  it('replays the recorded page once its snapshot came, follows changes, split frames and the next page, and passes the agent on in customer pixels', async () => {
    await shop.goto(`${origin}/shop/cart`);
    await shop.waitForFunction(() => (window as unknown as { recorded: { type: number }[] }).recorded.some((event) => event.type === 2));

    await host.goto(`${origin}/host.html`);
    await expect.poll(async () => (await fromViewer()).some((m) => m.type === 'ready'), { timeout: 15_000 }).toBe(true);
    await toViewer({ type: 'setup', labels: { looking: 'The customer’s page', control: 'The customer’s page, you have control', loading: 'Loading the customer’s page…' }, control: 'off' });
    const viewer = await viewerFrame();
    await expect.poll(() => viewer.locator('.status').textContent()).toBe('Loading the customer’s page…');

    // An incremental event alone shows nothing (and asks for a snapshot only after a quiet spell).
    await shop.evaluate(() => {
      document.getElementById('line')!.textContent = '3 × Oat flakes';
    });
    await shop.waitForFunction(() => (window as unknown as { recorded: { type: number }[] }).recorded.some((event) => event.type === 3));
    const all = await recordedSince(0);
    const firstIncremental = JSON.parse(all.frame).e.findIndex((event: { type: number }) => event.type === 3);
    await toViewer({ type: 'frame', data: JSON.stringify({ t: 'ev', e: JSON.parse(all.frame).e.slice(firstIncremental) }) });
    expect(await viewer.locator('.replay').count()).toBe(0);

    // The whole recording (Meta + full snapshot first): the page is shown and scaled to fit.
    await toViewer({ type: 'frame', data: all.frame });
    await expect.poll(() => replayed().locator('#line').textContent(), { timeout: 10_000 }).toBe('3 × Oat flakes');
    await expect.poll(async () => (await fromViewer()).some((m) => m.type === 'showing' && m.showing === true && m.width === 1000 && m.height === 700)).toBe(true);
    expect(await viewer.locator('.replay .replayer-wrapper iframe').getAttribute('sandbox')).toBe('allow-same-origin');
    const transform = await viewer.locator('.replay .replayer-wrapper').evaluate((element) => (element as HTMLElement).style.transform);
    expect(transform).toContain('scale(0.714');

    // A change on the page, sent as three slices in a shuffled order, is put back together.
    let seen = all.count;
    await shop.evaluate(() => {
      document.getElementById('title')!.textContent = 'Your cart (updated)';
    });
    await shop.waitForFunction((n) => (window as unknown as { recorded: unknown[] }).recorded.length > n, seen);
    const change = await recordedSince(seen);
    seen = change.count;
    const third = Math.ceil(change.frame.length / 3);
    const parts = [0, 1, 2].map((i) => JSON.stringify({ t: 'part', id: 'p1', i, n: 3, d: change.frame.slice(i * third, (i + 1) * third) }));
    for (const index of [2, 0, 1]) await toViewer({ type: 'frame', data: parts[index] });
    await expect.poll(() => replayed().locator('#title').textContent(), { timeout: 10_000 }).toBe('Your cart (updated)');
    await host.screenshot({ path: path.join(SHOTS, 'cobrowse-viewer-cart.png') });

    // The agent's pointer over the page: the customer's pixels (the view is scaled to 5/7).
    const overlay = viewer.locator('.overlay');
    const box = await overlay.boundingBox();
    if (!box) throw new Error('no overlay');
    await host.mouse.move(box.x + 100, box.y + 50);
    await expect
      .poll(async () => (await fromViewer()).filter((m) => m.type === 'send').map((m) => m.message))
      .toContainEqual({ t: 'pointer', x: 140, y: 70 });
    // A click is a highlight while looking along; an act only with control.
    await host.mouse.click(box.x + 200, box.y + 100);
    await expect.poll(async () => (await fromViewer()).map((m) => m.message)).toContainEqual({ t: 'highlight', x: 280, y: 140 });
    await host.keyboard.press('a');
    await toViewer({ type: 'control', control: 'on' });
    // The message is posted, not called: the view takes control once it has read it.
    await expect.poll(() => overlay.evaluate((element) => element.classList.contains('overlay--control'))).toBe(true);
    await host.mouse.click(box.x + 10, box.y + 20);
    await host.keyboard.press('b');
    await host.keyboard.press('Backspace');
    await host.mouse.wheel(0, 300);
    await host.keyboard.press('Escape');
    await host.keyboard.press('Alt+1');
    await expect.poll(async () => (await fromViewer()).some((m) => m.type === 'shortcut')).toBe(true);
    // The wheel's scroll leaves after its short gathering interval, maybe after the shortcut.
    const acts = async () =>
      (await fromViewer()).filter((m) => m.type === 'send').map((m) => m.message as { t: string; a?: string }).filter((m) => m.t === 'act');
    await expect.poll(acts).toEqual([
      { t: 'act', a: 'click', x: 14, y: 28 },
      { t: 'act', a: 'key', key: 'b' },
      { t: 'act', a: 'key', key: 'Backspace' },
      { t: 'act', a: 'scroll', x: 0, y: 300 },
    ]);
    const messages = await fromViewer();
    expect(messages.some((m) => m.type === 'leave')).toBe(true);
    expect(messages.find((m) => m.type === 'shortcut')).toMatchObject({ code: 'Digit1', altKey: true });

    // Only its parent is listened to: a message the viewer posts to itself is ignored.
    await viewer.evaluate(() => window.postMessage({ type: 'reset' }, location.origin));
    await expect.poll(() => replayed().locator('#title').textContent()).toBe('Your cart (updated)');

    // The customer goes to the next page: its recording starts with a new Meta + snapshot.
    await shop.goto(`${origin}/shop/checkout`);
    await shop.waitForFunction(() => (window as unknown as { recorded: { type: number }[] }).recorded.some((event) => event.type === 2));
    await toViewer({ type: 'frame', data: (await recordedSince(0)).frame });
    await expect.poll(() => replayed().locator('#title').textContent(), { timeout: 10_000 }).toBe('Checkout');
    await expect.poll(() => viewer.locator('.replay').count()).toBe(1);

    // The stage around the page follows the console's theme.
    await toViewer({ type: 'setup', labels: { looking: 'a', control: 'b', loading: 'c' }, control: 'off', theme: 'dark' });
    await expect.poll(() => viewer.locator('body').evaluate((body) => getComputedStyle(body).backgroundColor)).toBe('rgb(27, 31, 36)');

    // Reset (a new session): nothing shown until the next snapshot.
    await toViewer({ type: 'reset' });
    await expect.poll(() => viewer.locator('.replay').count()).toBe(0);
    expect(viewerErrors.filter((text) => /Content Security Policy|Refused to/i.test(text))).toEqual([]);
  });
});
