import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CobrowseStartResponse } from '../../common/contract/cobrowse.ts';
import { createServices, type Services } from '../../main/services.ts';
import { startWebShell, type WebShell } from '../../main/shell/web/server.ts';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { connectContract, type ContractSocket } from '../support/contract-socket.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { until } from '../support/services-requests.ts';
import { tempDir } from '../support/temp-dir.ts';

// The customer's stream on its whole way to a console page, as fast as a busy page sends it:
// customer socket → hub → main's agent socket → `cobrowse.frame` event → the web shell's
// contract socket → the page (a Node client speaking what the renderer's socket client speaks).
// 60 KB frames at 50 a second (as much as the hub's byte limit lets through) must all arrive, in
// order, byte for byte; the hop time is printed.

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let services: Services;
let shell: WebShell;
let page: ContractSocket;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  hub = await startHub(db);
  const temp = await tempDir();
  cleanup = temp.cleanup;
  const rendererDir = path.join(temp.dir, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Loket</title>');
  services = await createServices({
    shell: 'web',
    version: '0.1.0',
    dataDir: path.join(temp.dir, 'data'),
    osLocale: 'en-GB',
    development: true,
    hub: { method: 'password', url: hub.url, email: fixture.agents.first_line.email, password: PASSWORD },
  });
  await until('signed in', () => services.hub.status().state === 'signedIn', 30_000);
  shell = await startWebShell({ services, rendererDir, port: 0 });
  page = await connectContract({ url: shell.url, origin: shell.origin } as Parameters<typeof connectContract>[0]);
}, 120_000);

afterAll(async () => {
  page?.close();
  await services?.dispose();
  await shell?.close();
  await hub?.close();
  await db?.close();
  await cleanup?.();
});

/** An `ev` frame of exactly `size` characters, like a page's DOM text. */
function frame(index: number, size: number): string {
  const text = JSON.stringify({ t: 'ev', e: [{ type: 3, timestamp: Date.now(), data: { source: 0, index, texts: [{ id: 1, value: '' }] } }] });
  return text.replace('"value":""', `"value":"${'product card '.repeat(Math.ceil(size / 13)).slice(0, size - text.length)}"`);
}

it('carries 60 KB customer frames at 50 a second (4.5 MB) to the page over the web shell, every one in order and verbatim', async () => {
  const started = await page.request<CobrowseStartResponse>('cobrowse.start', { customerId: fixture.customers.anna.id });
  const joined = await hub.call('POST', '/cobrowse/join', { body: { code: started.code } });
  const { sessionId, customerKey } = joined.body as { sessionId: string; customerKey: string };
  const customer = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/cobrowse/ws/customer?session=${sessionId}`, { perMessageDeflate: true });
  const live = new Promise<void>((resolve) => customer.on('message', (data) => (String(data).includes('"live"') ? resolve() : undefined)));
  await new Promise((resolve, reject) => customer.once('open', resolve).once('error', reject));
  customer.send(JSON.stringify({ t: 'hello', key: customerKey, consent: true, page: { url: 'https://shop.example/', title: 'Shop', lang: 'en', width: 1280, height: 800 } }));
  await live;

  // 75 × 60 KB = 4.5 MB in 1.5 s: just under the hub's customer limit (5 MB per 10 s).
  const count = 75;
  const sent: string[] = [];
  const sentAt: number[] = [];
  const receivedAt: number[] = [];
  const seen = () => page.events.filter((e) => e.name === 'cobrowse.frame');
  // Stamp each frame as the page's socket client takes it in.
  const collect = page.events.push.bind(page.events);
  page.events.push = (...items) => {
    for (const item of items) if (item.name === 'cobrowse.frame') receivedAt.push(performance.now());
    return collect(...items);
  };
  await new Promise<void>((resolve) => {
    const pace = setInterval(() => {
      const text = frame(sent.length, 60_000);
      sent.push(text);
      sentAt.push(performance.now());
      customer.send(text);
      if (sent.length === count) {
        clearInterval(pace);
        resolve();
      }
    }, 20);
  });
  await until('every frame at the page', () => seen().length >= count, 30_000);
  customer.terminate();

  const data = seen().map((e) => (e.payload as { data: string }).data);
  expect(data.length).toBe(count);
  expect(data.every((text, i) => text === sent[i])).toBe(true);
  const hops = sentAt.map((at, i) => (receivedAt[i] ?? Number.NaN) - at).sort((a, b) => a - b);
  const p = (q: number) => hops[Math.min(hops.length - 1, Math.floor(q * hops.length))]?.toFixed(1);
  console.log(`[cobrowse web shell hop] ${count} frames of ${sent[0]?.length} chars at 50/s: customer → page p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms`);
}, 60_000);
