import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Browser, Page } from 'playwright-core';
import type { CallView, PhoneStatus } from '../common/contract/telephony.ts';
import { distPaths } from '../main/app-root.ts';
import { createServices, type Services } from '../main/services.ts';
import { buildAll } from '../main/shell/build.ts';
import { startWebShell, type WebShell } from '../main/shell/web/server.ts';
import { startRig, type Rig } from '../test/rig/rig.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { ROOT } from '../test/support/web-shell-process.ts';
import { defineSuite } from './harness.ts';
// Type only: the hub (PGlite) runs in its own process, as in cache.bench.ts.
import type { ScaleHubInfo } from './scale-hub.ts';

// The screen pop at benchmark scale: a console whose encrypted cache holds the 100k customers of
// the scale data set (bench/.data, as in cache.bench.ts), main in this process behind the web
// shell, its page in Chromium, on the real rig. Each round a different customer's number calls
// (baresip with that number as caller id, rig.baresip.dialFrom): the time from main receiving
// the INVITE (CallView.startedAt, before the cache lookup) to the page having painted that
// customer's header (a MutationObserver sees `[data-testid=customer-header][data-customer-id=…]`,
// then the frame it is in: requestAnimationFrame, then a task after that frame's paint).
// Main and the page share this machine's clock (Date.now()).

/** `LOKET_BENCH_KEEP_CACHE=1` keeps the console's synced data folder (its first sync takes minutes)… */
const KEEP_CACHE = process.env.LOKET_BENCH_KEEP_CACHE === '1';
/** …and `LOKET_BENCH_SCREEN_POP_DIR=<that folder>` starts the console on it (a delta sync only). */
const REUSE_DIR = process.env.LOKET_BENCH_SCREEN_POP_DIR;
/**
 * The console reaches the hub through a fixed port (a TCP relay in this process to the hub's own
 * free port): its cache belongs to one hub URL, and a kept data folder is only reused under the
 * same one (another URL wipes it and syncs again).
 */
const HUB_RELAY_PORT = Number(process.env.LOKET_BENCH_SCREEN_POP_HUB_PORT ?? 47_411);
const EXTENSION = '1001';
const CALLS = 20;
const WARMUP = 2;
const READY_PREFIX = 'SCALE_HUB ';

let hubProcess: { info: ScaleHubInfo; stop(): Promise<void> } | null = null;
let relay: net.Server | null = null;
let rig: Rig;
let services: Services;
let shell: WebShell;
let browser: Browser;
let page: Page;
let dataDir = '';
/** Numbers that belong to exactly one customer in the console's cache, one per round. */
const callers: { e164: string; id: string; name: string }[] = [];
let round = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(read: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/** bench/scale-hub-process.ts in its own process (see cache.bench.ts): the 100k data set's hub. */
async function spawnScaleHub(): Promise<{ info: ScaleHubInfo; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'scale-hub-process.ts')], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const info = await new Promise<ScaleHubInfo>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(READY_PREFIX)) resolve(JSON.parse(line.slice(READY_PREFIX.length)) as ScaleHubInfo);
      else console.log(`    hub: ${line}`);
    });
    child.once('error', reject);
    void exited.then((code) => reject(new Error(`the scale hub exited (code ${code}) before it listened`)));
  });
  return {
    info,
    async stop() {
      child.stdin.end();
      const force = setTimeout(() => child.kill('SIGTERM'), 60_000);
      await exited;
      clearTimeout(force);
    },
  };
}

/** Listens on 127.0.0.1:`port` and passes every connection on to `targetUrl`'s host and port. */
async function startRelay(port: number, targetUrl: string): Promise<net.Server> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  // Closing also ends the connections still open (pooled keep-alive ones would hold it open).
  const close = server.close.bind(server);
  server.close = (callback) => {
    close(callback);
    for (const socket of sockets) socket.destroy();
    return server;
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`the hub relay cannot listen on 127.0.0.1:${port} (${error.message}); set LOKET_BENCH_SCREEN_POP_HUB_PORT`)));
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}

const phone = (): PhoneStatus => services.phone.status();
const live = () => phone().calls.filter((call) => call.state !== 'ended');

async function hangUpAll(): Promise<void> {
  for (const call of live()) await services.phone.hangup(call.id).catch(() => undefined);
  await until(() => live().length === 0, 10_000, 'calls ended');
  await until(async () => (await rig.baresip.listCalls()).length === 0, 10_000, 'baresip idle');
}

/**
 * Starts watching in the page for the header of `customerId`: `window.__painted` resolves with
 * Date.now() once it is in the document and the frame that shows it has been painted. A string,
 * not a function: tsx would add its `__name` helper to a function, which the page lacks.
 */
async function watchForHeader(customerId: string): Promise<void> {
  const selector = JSON.stringify(`[data-testid="customer-header"][data-customer-id="${customerId}"]`);
  await page.evaluate(`
    // Where the time goes: when the ringing banner and the header entered the document.
    window.__popMarks = {};
    var marks = window.__popMarks;
    var banner = new MutationObserver(function () {
      if (marks.banner === undefined && document.querySelector('[data-testid="incoming-call"]')) { marks.banner = Date.now(); banner.disconnect(); }
    });
    banner.observe(document.body, { subtree: true, childList: true });
    window.__painted = new Promise(function (resolve, reject) {
      var timer = setTimeout(function () { reject(new Error('no header for ${customerId} within 10 s')); }, 10000);
      function painted() {
        // rAF runs before the frame's paint; a task queued from it runs after that paint.
        requestAnimationFrame(function () {
          setTimeout(function () { clearTimeout(timer); resolve(Date.now()); }, 0);
        });
      }
      if (document.querySelector(${selector})) return painted();
      var observer = new MutationObserver(function () {
        if (!document.querySelector(${selector})) return;
        observer.disconnect();
        marks.header = Date.now();
        painted();
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-customer-id'] });
    });
    undefined;
  `);
}

const headerPaintedAt = () => page.evaluate('window.__painted') as Promise<number>;
const pageMarks = () => page.evaluate('window.__popMarks') as Promise<{ banner?: number; header?: number }>;

/** Per timed round, ms after the INVITE: banner in the DOM, header in the DOM, header painted. */
const breakdown: { banner: number; header: number; painted: number }[] = [];
/** How long main took to answer the page's requests for the popped customer (ms), per method. */
const mainTimes: Record<string, number[]> = { customer: [], timeline: [], orders: [] };

/** Times ConsoleData's reads the customer screen asks for (the contract handlers call them by name). */
function timeMainReads(data: Services['data']): void {
  const target = data as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of Object.keys(mainTimes)) {
    const original = target[method]!.bind(data);
    target[method] = async (...args: unknown[]) => {
      const t0 = performance.now();
      try {
        return await original(...args);
      } finally {
        if (round > WARMUP) mainTimes[method]!.push(performance.now() - t0);
      }
    };
  }
}

export default defineSuite({
  name: 'screen pop',
  async setup() {
    await buildAll(ROOT);
    hubProcess = await spawnScaleHub();
    const { info } = hubProcess;
    relay = await startRelay(HUB_RELAY_PORT, info.url);
    const hubUrl = `http://127.0.0.1:${HUB_RELAY_PORT}`;
    dataDir = REUSE_DIR ?? (await mkdtemp(path.join(os.tmpdir(), 'loket-bench-pop-')));
    console.log(`    hub at ${info.url} (own process, reached through ${hubUrl}); console data in ${dataDir}${REUSE_DIR ? ' (reused)' : ''}`);
    services = await createServices({
      shell: 'web',
      version: 'bench',
      dataDir,
      osLocale: 'en',
      development: false,
      hub: { method: 'password', url: hubUrl, email: info.email, password: info.password },
    });
    const started = performance.now();
    let lastPrint = started;
    await until(
      () => {
        const status = services.data.status();
        if (performance.now() - lastPrint > 15_000 && status.progress) {
          lastPrint = performance.now();
          console.log(`    syncing: ${status.progress.rows.toLocaleString('en')} rows`);
        }
        return services.data.cache !== null && status.connection === 'online' && status.lastSyncedAt !== null && status.phase === 'idle';
      },
      30 * 60_000,
      'the first sync',
    );
    await services.data.syncer?.settled();
    const customers = Number(services.data.cache?.db.prepare('select count(*) from customer').pluck().get() ?? 0);
    console.log(`    the console's cache holds ${customers.toLocaleString('en')} customers (synced in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    if (customers < 100_000) console.log('    WARN: fewer than 100,000 customers in the cache');

    // Numbers that open one customer straight away (a shared household number would open the chooser).
    for (const sample of info.samples.phones) {
      const hits = services.data.customersByPhone(sample.e164);
      const [only] = hits;
      if (hits.length === 1 && only) callers.push({ e164: sample.e164, id: only.id, name: only.name });
      if (callers.length >= CALLS + WARMUP) break;
    }
    if (callers.length < CALLS + WARMUP) throw new Error(`only ${callers.length} sample numbers match one customer`);

    timeMainReads(services.data);
    rig = await startRig();
    await services.phone.saveAccount({ server: rig.sip.wsUrl, username: EXTENSION, domain: rig.sip.domain, password: `pw${EXTENSION}`, authorizationUser: '', displayName: '' });
    shell = await startWebShell({ services, rendererDir: distPaths(ROOT).renderer, port: 0 });
    browser = await launchChromium({ webrtc: true });
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 720 } });
    await context.grantPermissions(['notifications', 'microphone'], { origin: shell.origin });
    page = await context.newPage();
    page.on('crash', () => console.error('[bench] the console page crashed'));
    page.on('pageerror', (error) => console.error('[bench] page error', error.message));
    await page.goto(shell.url);
    await until(() => phone().registration.state === 'registered' && phone().mediaAttached, 30_000, 'registered with a page');
  },
  cases: [
    {
      name: `INVITE received → caller's customer header painted (${CALLS} numbers, 100k-customer cache)`,
      iterations: CALLS,
      warmup: WARMUP,
      target: { p95Ms: 50 },
      async run() {
        const caller = callers[round++];
        if (!caller) throw new Error('no caller left');
        await watchForHeader(caller.id);
        await rig.baresip.dialFrom(caller.e164, `sip:${EXTENSION}@${rig.sip.domain}`);
        const call = await until<CallView>(() => phone().calls.find((c) => c.state === 'ringing' && c.remoteNumber === caller.e164), 10_000, `the call from ${caller.e164}`);
        const paintedAt = await headerPaintedAt();
        if (call.customerId !== caller.id) throw new Error(`the call from ${caller.e164} is about ${call.customerId}, not ${caller.id}`);
        const shown = await page.locator(`[data-testid="customer-header"][data-customer-id="${caller.id}"] #customer-name`).textContent();
        if (!shown?.includes(caller.name)) throw new Error(`the header shows "${shown}", not ${caller.name}`);
        const marks = await pageMarks();
        if (round > WARMUP) breakdown.push({ banner: (marks.banner ?? Number.NaN) - call.startedAt, header: (marks.header ?? paintedAt) - call.startedAt, painted: paintedAt - call.startedAt });
        await services.phone.decline(call.id);
        await hangUpAll();
        return [paintedAt - call.startedAt];
      },
    },
  ],
  async teardown() {
    if (breakdown.length > 0) {
      const median = (key: 'banner' | 'header' | 'painted') => {
        const sorted = breakdown.map((b) => b[key]).sort((a, b) => a - b);
        return sorted[Math.floor((sorted.length - 1) / 2)];
      };
      console.log(
        `    where the time goes (median ms after the INVITE): ringing banner in the DOM +${median('banner')}, ` +
          `customer header in the DOM +${median('header')}, header painted +${median('painted')}`,
      );
      const mains = Object.entries(mainTimes)
        .filter(([, times]) => times.length > 0)
        .map(([method, times]) => {
          const sorted = [...times].sort((a, b) => a - b);
          return `${method} ${sorted[Math.floor((sorted.length - 1) / 2)]!.toFixed(1)} / ${sorted[Math.ceil(sorted.length * 0.95) - 1]!.toFixed(1)} ms (${times.length}×)`;
        });
      console.log(`    main's reads for the customer screen (median / p95): ${mains.join(', ')}`);
    }
    await browser?.close();
    await shell?.close();
    await services?.dispose();
    await rig?.stop();
    await new Promise((resolve) => (relay ? relay.close(resolve) : resolve(undefined)));
    await hubProcess?.stop();
    if (REUSE_DIR) return;
    if (dataDir && KEEP_CACHE) console.log(`    kept the console's data: LOKET_BENCH_SCREEN_POP_DIR=${dataDir}`);
    else if (dataDir) await rm(dataDir, { recursive: true, force: true });
  },
});
