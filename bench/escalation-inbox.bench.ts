import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { v7 as uuidv7 } from 'uuid';
import type { EscalationInbox } from '../common/contract/escalations.ts';
import { createServices, type Services } from '../main/services.ts';
import { openPglite, type Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../test/support/hub-fixture.ts';
import { tempDir } from '../test/support/temp-dir.ts';
import { defineSuite } from './harness.ts';

// Escalation created in one console → visible in the expert's inbox, with 1,000 other
// authenticated sockets on the hub's live events. Two consoles (main's real services) in this
// process; the hub (PGlite) too; the 1,000 sockets in a child process. A round: the first line's
// `escalations.create` (outbox → PUT at the hub) until the expert's main has heard the live
// event (`hub.live`, what the page reads the inbox on) and read an inbox (`escalations.inbox`)
// that holds it. The page reads at once on the first event after a quiet spell (and at most once
// per 100 ms in a burst: `use-escalation-link.ts`); rounds are further apart than that.
const OTHER_SOCKETS = 1_000;

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let sockets: ChildProcess;
const consoles: Services[] = [];
const cleanups: (() => Promise<void>)[] = [];
let firstLine: Services;
let expert: Services;
/** Per round: when the expert's main heard the escalation's live event. */
const heard = new Map<string, number>();
const liveOnly: number[] = [];
const inboxReads: number[] = [];

const median = (values: number[]) => {
  const sorted = values.slice(3).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function openConsole(email: string): Promise<Services> {
  const temp = await tempDir('loket-bench-');
  cleanups.push(temp.cleanup);
  const services = await createServices({ shell: 'web', version: 'bench', dataDir: temp.dir, osLocale: 'en', development: false, hub: { method: 'password', url: hub.url, email, password: PASSWORD } });
  consoles.push(services);
  const end = Date.now() + 60_000;
  while (!services.data.syncer?.lastSyncedAt) {
    if (Date.now() > end) throw new Error(`${email}: no first sync`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return services;
}

async function request<T>(services: Services, channel: string, payload: unknown): Promise<T> {
  const envelope = await services.dispatcher.dispatch(channel, payload, { shell: 'web', sender: 'bench' });
  if (!envelope.ok) throw new Error(`${channel}: ${JSON.stringify(envelope.error)}`);
  return envelope.value as T;
}

async function startSockets(): Promise<void> {
  const tokens = await Promise.all((['first_line', 'second_line', 'team_lead', 'admin'] as const).map((role) => hub.login(fixture.agents[role].email)));
  sockets = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'live-sockets-process.ts'), JSON.stringify({ url: hub.url, tokens, count: OTHER_SOCKETS })], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: sockets.stdout as NodeJS.ReadableStream });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the 1,000 sockets did not open in 60 s')), 60_000);
    lines.on('line', (line) => {
      if (line.startsWith('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** How many live events the 1,000 sockets have received so far (checks they really listen). */
function socketsReceived(): Promise<number> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: sockets.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => {
      lines.close();
      resolve(Number(line.split(' ')[1]));
    });
    sockets.stdin?.write('?\n');
  });
}

async function oneRound(): Promise<number> {
  const id = uuidv7();
  const started = performance.now();
  const seen = new Promise<void>((resolve) => {
    const stop = expert.events.subscribe((name, payload) => {
      const event = payload as { kind?: string; payload?: { escalationId?: string } };
      if (name === 'hub.live' && event.kind?.startsWith('escalation.') && event.payload?.escalationId === id) {
        heard.set(id, performance.now());
        stop();
        resolve();
      }
    });
  });
  await request(firstLine, 'escalations.create', { id, customerId: fixture.customers.anna.id, interactionId: null, queue: 'expert', priority: 'normal', summary: `Bench round ${id}` });
  await seen;
  liveOnly.push((heard.get(id) ?? started) - started);
  const readStarted = performance.now();
  const inbox = await request<EscalationInbox>(expert, 'escalations.inbox', {});
  inboxReads.push(performance.now() - readStarted);
  // A fast answer without the escalation is not a figure.
  if (!inbox.escalations.some((item) => item.id === id && item.box === 'queue')) throw new Error('the expert’s inbox does not hold the new escalation');
  return performance.now() - started;
}

export default defineSuite({
  name: 'escalation inbox',
  async setup() {
    db = await openPglite();
    await migrate(db);
    fixture = await seedFixture(db);
    hub = await startHub(db);
    firstLine = await openConsole(fixture.agents.first_line.email);
    expert = await openConsole(fixture.agents.expert.email);
    await startSockets();
  },
  cases: [
    {
      name: `escalation created → in the expert's inbox (live event + inbox read), ${OTHER_SOCKETS.toLocaleString('en')} other sockets`,
      iterations: 40,
      warmup: 3,
      target: { p95Ms: 200 },
      run: async () => [await oneRound()],
    },
    {
      name: 'of which: escalation created → live event in the expert’s main (p50, ms)',
      unit: 'ms',
      measure: () => median(liveOnly),
    },
    {
      name: 'of which: the inbox read at the hub (p50, ms)',
      unit: 'ms',
      measure: () => median(inboxReads),
    },
    {
      name: 'of which: escalation created → live event in the expert’s main (p95, ms)',
      unit: 'ms',
      measure: () => {
        const sorted = liveOnly.slice(3).sort((a, b) => a - b);
        return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN;
      },
    },
    {
      name: 'live events received by the 1,000 other sockets during the run',
      unit: 'events',
      target: { atLeast: OTHER_SOCKETS * 40 },
      measure: () => socketsReceived(),
    },
  ],
  async teardown() {
    sockets?.kill('SIGTERM');
    for (const services of consoles) await services.dispose();
    await hub?.close();
    await db?.close();
    for (const cleanup of cleanups) await cleanup();
  },
});
