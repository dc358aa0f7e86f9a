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
/** The page's own User Timing marks of the last ringing call (epoch ms), and the observers' marks. */
const pageMarks = () =>
  page.evaluate(`(function () {
    var marks = Object.assign({}, window.__popMarks);
    var since = marks.received ? marks.received - performance.timeOrigin : 0;
    ['loket:phone-status', 'loket:screen-pop', 'loket:prefetched'].forEach(function (name) {
      var entry = performance.getEntriesByName(name).filter(function (e) { return e.startTime >= since - 1; })[0];
      if (entry) marks[name] = performance.timeOrigin + entry.startTime;
    });
    performance.clearMarks();
    return marks;
  })()`) as Promise<{ received?: number; banner?: number; header?: number; 'loket:phone-status'?: number; 'loket:screen-pop'?: number; 'loket:prefetched'?: number }>;

/** `LOKET_BENCH_PROFILE=1`: a CPU profile of the page during the last call, its heaviest functions printed. */
const PROFILE = process.env.LOKET_BENCH_PROFILE === '1';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

async function startProfile(): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    const self = new Map<number, number>();
    profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
    const byName = new Map<string, number>();
    for (const node of profile.nodes) {
      const name = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop() ?? ''}:${node.callFrame.lineNumber}`;
      byName.set(name, (byName.get(name) ?? 0) + (self.get(node.id) ?? 0));
    }
    const top = [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
    console.log('    page CPU profile of the last call (self time, ms):');
    for (const [name, us] of top) console.log(`      ${(us / 1000).toFixed(1).padStart(7)}  ${name}`);
    await cdp.detach();
  };
}

/** `LOKET_BENCH_TRACE=1`: the page's main-thread work during the last call by kind (layout, style, paint, script). */
const TRACE = process.env.LOKET_BENCH_TRACE === '1';

async function startTrace(): Promise<() => Promise<void>> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  return async () => {
    const buffer = await browser.stopTracing();
    const events = (JSON.parse(buffer.toString('utf8')) as { traceEvents: { name: string; ph: string; dur?: number; ts: number; tid: number; args?: { data?: { frame?: string } } }[] }).traceEvents;
    // The renderer's main thread: the one that ran the most "RunTask"s with layouts.
    const byThread = new Map<number, number>();
    for (const e of events) if (e.name === 'Layout' || e.name === 'UpdateLayoutTree') byThread.set(e.tid, (byThread.get(e.tid) ?? 0) + 1);
    const main = [...byThread.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    const total = new Map<string, { ms: number; n: number }>();
    for (const e of events) {
      if (e.tid !== main || e.ph !== 'X' || e.dur === undefined) continue;
      const entry = total.get(e.name) ?? { ms: 0, n: 0 };
      entry.ms += e.dur / 1000;
      entry.n += 1;
      total.set(e.name, entry);
    }
    console.log('    page main thread during the last call (inclusive ms, count):');
    for (const [name, { ms, n }] of [...total.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 18)) console.log(`      ${ms.toFixed(1).padStart(7)}  ${String(n).padStart(4)}×  ${name}`);
  };
}

/** Per timed round, ms after the INVITE: banner in the DOM, header in the DOM, header painted. */
const breakdown: { sent: number; received: number; store: number; pop: number; banner: number; asked: number; prefetched: number; header: number; painted: number }[] = [];
const ringingSentAt = new Map<string, number>();
/** When the first `customers.get` of the current round reached main (reset before each call). */
let getArrivedAt: number | null = null;
/** How long main took to answer the page's requests for the popped customer (ms), per method. */
const mainTimes: Record<string, number[]> = { customer: [], timeline: [], orders: [], logCall: [] };

/** Times the data front's reads the customer screen asks for (the contract handlers call them by name). */
function timeMainReads(data: Services['data']): void {
  const parts: Record<keyof typeof mainTimes, [object, string]> = {
    customer: [data.customers, 'get'],
    timeline: [data.history, 'timeline'],
    orders: [data.history, 'orders'],
    logCall: [data.calls, 'log'],
  };
  for (const [label, [part, method]] of Object.entries(parts)) {
    const target = part as Record<string, (...args: unknown[]) => unknown>;
    const original = target[method]!.bind(part);
    // Sync or async alike: the time until the answer (logCall, the call's outbox write, is sync).
    target[method] = (...args: unknown[]) => {
      const t0 = performance.now();
      const done = () => {
        if (round > WARMUP) mainTimes[label]!.push(performance.now() - t0);
      };
      const result = original(...args);
      if (result instanceof Promise) return result.finally(done);
      done();
      return result;
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
      const hits = services.data.customers.byPhone(sample.e164);
      const [only] = hits;
      if (hits.length === 1 && only) callers.push({ e164: sample.e164, id: only.id, name: only.name });
      if (callers.length >= CALLS + WARMUP) break;
    }
    if (callers.length < CALLS + WARMUP) throw new Error(`only ${callers.length} sample numbers match one customer`);

    timeMainReads(services.data);
    // When the page's request for the caller's 360 reached main's dispatcher.
    const dispatch = services.dispatcher.dispatch.bind(services.dispatcher);
    services.dispatcher.dispatch = ((channel: string, payload: unknown, context: unknown) => {
      if (channel === 'customers.get' && getArrivedAt === null) getArrivedAt = Date.now();
      return (dispatch as (c: string, p: unknown, x: unknown) => unknown)(channel, payload, context);
    }) as typeof services.dispatcher.dispatch;
    // When main sent the ringing call to the page (the first `phone.changed` holding it).
    const emit = services.events.emit.bind(services.events);
    services.events.emit = ((name: string, payload: unknown, options?: unknown) => {
      if (name === 'phone.changed') {
        for (const call of (payload as PhoneStatus).calls) if (call.state === 'ringing' && !ringingSentAt.has(call.id)) ringingSentAt.set(call.id, Date.now());
      }
      return (emit as (n: string, p: unknown, o?: unknown) => void)(name, payload, options);
    }) as typeof services.events.emit;
    rig = await startRig();
    await services.phone.saveAccount({ server: rig.sip.wsUrl, username: EXTENSION, domain: rig.sip.domain, password: `pw${EXTENSION}`, authorizationUser: '', displayName: '' });
    shell = await startWebShell({ services, rendererDir: distPaths(ROOT).renderer, port: 0 });
    browser = await launchChromium({ webrtc: true });
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 720 } });
    await context.grantPermissions(['notifications', 'microphone'], { origin: shell.origin });
    page = await context.newPage();
    page.on('crash', () => console.error('[bench] the console page crashed'));
    page.on('pageerror', (error) => console.error('[bench] page error', error.message));
    // When the ringing call's frame reached the page (before the bridge parses it).
    await page.addInitScript(`
      (function () {
        var Native = window.WebSocket;
        window.WebSocket = function (url, protocols) {
          var socket = new Native(url, protocols);
          socket.addEventListener('message', function (event) {
            var text = String(event.data);
            if (window.__popMarks && window.__popMarks.received === undefined && text.indexOf('phone.changed') >= 0 && text.indexOf('"ringing"') >= 0) window.__popMarks.received = Date.now();
          });
          return socket;
        };
        window.WebSocket.prototype = Native.prototype;
        Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
      })();
    `);
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
        // The previous call's banner must be gone, or the banner mark would take it for this one's.
        await page.waitForFunction(() => !document.querySelector('[data-testid="incoming-call"]'), undefined, { polling: 'raf', timeout: 10_000 });
        await watchForHeader(caller.id);
        getArrivedAt = null;
        const profiling = PROFILE && round === CALLS + WARMUP ? await startProfile() : TRACE && round === CALLS + WARMUP ? await startTrace() : null;
        await rig.baresip.dialFrom(caller.e164, `sip:${EXTENSION}@${rig.sip.domain}`);
        const call = await until<CallView>(() => phone().calls.find((c) => c.state === 'ringing' && c.remoteNumber === caller.e164), 10_000, `the call from ${caller.e164}`);
        const paintedAt = await headerPaintedAt();
        if (profiling) await profiling();
        if (call.customerId !== caller.id) throw new Error(`the call from ${caller.e164} is about ${call.customerId}, not ${caller.id}`);
        const shown = await page.locator(`[data-testid="customer-header"][data-customer-id="${caller.id}"] #customer-name`).textContent();
        if (!shown?.includes(caller.name)) throw new Error(`the header shows "${shown}", not ${caller.name}`);
        const marks = await pageMarks();
        if (round > WARMUP) breakdown.push({ sent: (ringingSentAt.get(call.id) ?? Number.NaN) - call.startedAt, received: (marks.received ?? Number.NaN) - call.startedAt, store: (marks['loket:phone-status'] ?? Number.NaN) - call.startedAt, pop: (marks['loket:screen-pop'] ?? Number.NaN) - call.startedAt, prefetched: (marks['loket:prefetched'] ?? Number.NaN) - call.startedAt, asked: (getArrivedAt ?? Number.NaN) - call.startedAt, banner: (marks.banner ?? Number.NaN) - call.startedAt, header: (marks.header ?? paintedAt) - call.startedAt, painted: paintedAt - call.startedAt });
        await services.phone.decline(call.id);
        await hangUpAll();
        return [paintedAt - call.startedAt];
      },
    },
  ],
  async teardown() {
    if (breakdown.length > 0) {
      const median = (key: keyof (typeof breakdown)[number]) => {
        const sorted = breakdown.map((b) => b[key]).sort((a, b) => a - b);
        return sorted[Math.floor((sorted.length - 1) / 2)];
      };
      console.log(
        `    where the time goes (median ms after the INVITE): ringing call sent to the page +${median('sent')}, received there +${median('received')}, in the phone store +${median('store')}, screen pop decided +${median('pop')}, ringing banner in the DOM +${median('banner')}, the 360's request in main +${median('asked')}, its answer in the page +${median('prefetched')}, ` +
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
