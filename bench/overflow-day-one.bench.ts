import { createSecretKey, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Browser } from 'playwright-core';
import type { AccessStatus } from '../common/contract/access.ts';
import type { SyncStatus } from '../common/contract/data.ts';
import { buildHub, type Hub } from '../server/api/app.ts';
import { openPglite, type Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { DEMO_PASSWORD, DEMO_TEAM_LEAD_EMAIL, seedDemo } from '../server/seed/demo.ts';
import { buildAll } from '../main/shell/build.ts';
import { startRig, type Rig } from '../test/rig/rig.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { connectContract } from '../test/support/contract-socket.ts';
import { consoleContext, createOverflowEnrollment, pageUrlWithLink, startFreshConsole } from '../test/support/overflow-enrollment.ts';
import { ROOT } from '../test/support/web-shell-process.ts';
import { defineSuite, percentile } from './harness.ts';
import { until } from './screen-pop-hub.ts';

// "Overflow day one": a team lead's enrollment link opened on a console that has never run on
// this machine (a fresh data folder, no hub configured) until the console is ready to work —
// signed in, synced and registered on the rig's Kamailio — at the demo data size (the demo seed:
// 5,000 customers in a hub on PGlite in this process). Each round makes a fresh enrollment with
// its own rig subscriber and starts a fresh web shell process; the time runs from starting that
// process (the OS launching Loket for the link) to the "ready" screen painted. It also counts
// what the person did in the page — every navigation, click and key the bench sent it — and
// prints where the time went (main's `access.changed` steps).

const ROUNDS = 6;
const WARMUP = 1;
/** One rig subscriber per round (Kamailio reads its user table at start). */
const SUBSCRIBERS = Array.from({ length: ROUNDS + WARMUP }, (_, index) => ({ user: String(1101 + index), password: `pw${1101 + index}` }));

let rig: Rig;
let db: Database;
let hub: Hub;
let hubUrl: string;
let browser: Browser;
let leadToken: string;
let officeId: string;
let round = 0;
/** The person's steps in each round, as the bench performed them. */
const personSteps: string[][] = [];
const phases: Record<string, number[]> = {};
/** The hub's time per route (ms) in the timed rounds. */
const hubRequests: Record<string, number[]> = {};

async function hubCall(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(hubUrl + path, {
    method,
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function note(phase: string, ms: number): void {
  (phases[phase] ??= []).push(ms);
}

/** One round: link → ready timed; then the confirm, checked; then the console is stopped and its folder removed. */
async function dayOne(): Promise<number[]> {
  const sip = SUBSCRIBERS[round];
  if (!sip) throw new Error(`no rig subscriber left for round ${round}`);
  round += 1;
  const enrollment = await createOverflowEnrollment({ call: hubCall }, leadToken, {
    officeId,
    displayName: `Overflow agent ${round}`,
    sip: { server: rig.sip.wsUrl, domain: rig.sip.domain, user: sip.user, password: sip.password },
  });
  const steps: string[] = [];
  const opened = performance.now();
  const fresh = await startFreshConsole({ NODE_EXTRA_CA_CERTS: rig.certPath });
  const context = await consoleContext(browser, fresh.shell);
  try {
    const shellUp = performance.now();
    const socket = await connectContract(fresh.shell);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('[bench] page error', error.message));
    const navigatedAt = Date.now();
    steps.push('open the link');
    await page.goto(pageUrlWithLink(fresh.shell, enrollment.link));
    // "Ready" painted: the screen, then the frame that shows it.
    await page.getByTestId('access-ready').waitFor({ timeout: 60_000 });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
    const ready = performance.now();
    const readyAt = Date.now();

    // What the round timed must be what was asked: signed in, synced, registered.
    const status = await socket.request<AccessStatus>('access.status', {});
    if (status.state !== 'ready' || status.phone !== 'registered' || status.agentName !== enrollment.displayName) throw new Error(`not ready as timed: ${JSON.stringify(status)}`);
    if ((await rig.contacts(sip.user)).length === 0) throw new Error(`${sip.user} is not registered on Kamailio`);
    const sync = await socket.request<SyncStatus>('sync.status', {});
    if (sync.lastSyncedAt === null || sync.phase === 'initial') throw new Error(`ready before the first sync finished: ${JSON.stringify(sync)}`);

    steps.push('one confirm');
    await page.getByTestId('access-confirm').click();
    await until(async () => (await socket.request<AccessStatus>('access.status', {})).state === 'active', 10_000, 'active after the confirm');
    personSteps.push(steps);

    note('1. web shell process started', shellUp - opened);
    const stepAt = new Map<string, number>();
    for (const event of socket.events) {
      if (event.name !== 'access.changed') continue;
      const changed = event.payload as AccessStatus;
      const key = changed.state === 'enrolling' ? changed.step : changed.state;
      if (!stepAt.has(key)) stepAt.set(key, event.at);
    }
    // Each span is the time spent in one step: from the step's start to the next one's.
    const marks: [string, number | undefined][] = [
      ['2. page loaded, link handed to main', navigatedAt],
      ['3. signing in (enrollment, lease key, SIP account)', stepAt.get('signingIn')],
      ['4. first sync', stepAt.get('syncing')],
      ['5. phone registering', stepAt.get('registering')],
      ['6. ready screen painted', stepAt.get('ready')],
      ['end', readyAt],
    ];
    for (let index = 0; index < marks.length - 1; index++) {
      const [phase, from] = marks[index] as [string, number | undefined];
      const to = marks.slice(index + 1).find(([, at]) => at !== undefined)?.[1];
      if (from !== undefined && to !== undefined) note(phase, to - from);
    }
    socket.close();
    return [ready - opened];
  } finally {
    await context.close();
    await fresh.stop();
  }
}

export default defineSuite({
  name: 'overflow day one',
  async setup() {
    await buildAll(ROOT);
    rig = await startRig({ extraUsers: SUBSCRIBERS });
    db = await openPglite();
    await migrate(db);
    const sipKey = createSecretKey(randomBytes(32));
    const seeded = performance.now();
    await seedDemo(db, { sipKey });
    console.log(`    demo data seeded in ${((performance.now() - seeded) / 1000).toFixed(0)} s`);
    hub = await buildHub({ db, ingestKey: randomBytes(24).toString('base64url'), sipKey });
    // How long the hub took for each request a console made, by path (where signing in goes).
    // On the HTTP server itself: Fastify takes no hooks once built.
    hub.app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const started = performance.now();
      const timed = round > WARMUP;
      const route = `${request.method} ${(request.url ?? '').replace(/\?.*$/, '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')}`;
      response.once('finish', () => {
        if (timed) (hubRequests[route] ??= []).push(performance.now() - started);
      });
    });
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = hub.app.server.address();
    hubUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const login = await hubCall('POST', '/auth/login', { body: { email: DEMO_TEAM_LEAD_EMAIL, password: DEMO_PASSWORD } });
    if (login.status !== 200) throw new Error(`the demo team lead cannot sign in: ${login.status}`);
    leadToken = login.body.accessToken as string;
    const [lead] = await db.query<{ office_id: string }>('select office_id from agent where email = $1', [DEMO_TEAM_LEAD_EMAIL]);
    if (!lead) throw new Error('the demo seed has no team lead');
    officeId = lead.office_id;
    browser = await launchChromium({ webrtc: true });
  },
  cases: [
    {
      name: 'link opened on a fresh install → ready (signed in, synced, registered)',
      iterations: ROUNDS,
      warmup: WARMUP,
      target: { p95Ms: 20_000 },
      run: () => dayOne(),
    },
    {
      name: "person's steps (open the link, one confirm)",
      unit: 'steps',
      target: { atMost: 2 },
      measure() {
        const counts = personSteps.map((steps) => steps.length);
        const most = counts.length ? Math.max(...counts) : Number.NaN;
        console.log(`    person's steps: ${most} (${personSteps[0]?.join(', ') ?? 'none'}), typed fields: 0`);
        for (const [phase, samples] of Object.entries(phases).sort(([a], [b]) => a.localeCompare(b))) {
          const sorted = [...samples].sort((a, b) => a - b);
          console.log(`    ${phase}: p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms`);
        }
        const routes = Object.entries(hubRequests).map(([route, samples]) => ({ route, samples: [...samples].sort((a, b) => a - b) }));
        routes.sort((a, b) => b.samples.reduce((x, y) => x + y, 0) - a.samples.reduce((x, y) => x + y, 0));
        console.log('    hub time per route in the timed rounds (total, count, p50):');
        for (const { route, samples } of routes.slice(0, 8)) {
          console.log(`      ${route}: ${samples.reduce((x, y) => x + y, 0).toFixed(0)} ms, ${samples.length}×, p50 ${percentile(samples, 50).toFixed(0)} ms`);
        }
        return most;
      },
    },
  ],
  async teardown() {
    await browser?.close();
    await hub?.close();
    await db?.close();
    await rig?.stop();
  },
});
