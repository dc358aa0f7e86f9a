// The console's first sync in a process of its own: `node --import tsx bench/cache-sync-process.ts`.
// Reads the scale hub's details (ScaleHubInfo JSON) on stdin, signs in like the console does, runs
// the first full sync into a fresh data folder, compares a sample of rows with the hub, and prints
// one line `FIRST_SYNC <json FirstSyncResult>` on stdout (progress on stdout before it). The data
// folder is left for the caller, which opens the synced cache to time its queries.
//
// Why a process of its own: a console is one. In `npm run bench` the suites before this one leave
// their state in the benchmark's process (the team board's hub loads PGlite, a WASM Postgres of
// hundreds of MB that is never handed back), and the console's memory and garbage collection were
// measured on top of it: 378 MB before the sync started instead of ~110 MB.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { SyncStatus } from '../common/contract/data.ts';
import type { LocalCache } from '../main/cache/local-cache.ts';
import { keyFileVault } from '../main/cache/vault.ts';
import { createEventHub } from '../main/contract/events.ts';
import { DataFront } from '../main/data/data-front.ts';
import { HubSession } from '../main/hub/hub-session.ts';
import { ratePerTenth, sampleMismatches, type ProgressSample } from './cache-sync-checks.ts';
import type { ScaleHubInfo } from './scale-hub.ts';

export const FIRST_SYNC_PREFIX = 'FIRST_SYNC ';
/** Keep everything: the retention limit would otherwise leave older history on the hub. */
export const RETENTION_DAYS = 36_500;
/** Rows per bulk table compared field by field with the hub after the sync. */
export const SAMPLE_ROWS = { customer: 200, interaction: 500, shop_order: 200, order_event: 200 };
const MB = 1024 * 1024;

export interface FirstSyncResult {
  /** The console's data folder: the cache is `<dataDir>/cache`, its key under `<dataDir>/secrets`. */
  readonly dataDir: string;
  readonly rows: number;
  readonly wallMs: number;
  readonly applyMs: number;
  /** Waiting for the hub's snapshot pages (what fetching the next pages during the write did not hide). */
  readonly waitMs: number;
  readonly indexesMs: number;
  readonly searchMs: number;
  readonly checkpointMs: number;
  /** The console process's CPU time during the sync (user + system). */
  readonly consoleCpuMs: number;
  readonly tenths: readonly number[];
  readonly rssBeforeMb: number;
  readonly rssAfterMb: number;
  /** The most the console held at once, the sync's pages fetched ahead included (ru_maxrss). */
  readonly rssPeakMb: number;
  /** Fields of sampled rows that differ from the hub (empty: all agree). */
  readonly mismatches: readonly string[];
}

function collectGarbage(): void {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
  gc();
}

const rssMb = () => process.memoryUsage().rss / MB;

/** Signs in like the console does and runs the first full sync into a fresh cache. */
async function firstSync(info: ScaleHubInfo): Promise<FirstSyncResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'loket-cache-bench-'));
  const vault = keyFileVault(path.join(dataDir, 'secrets'));
  const events = createEventHub();
  const session = new HubSession({ credentials: { method: 'password', url: info.url, email: info.email, password: info.password }, vault, deviceName: 'Loket bench console' });
  const front = new DataFront({ dataDir, vault, session, events, retentionDays: () => RETENTION_DAYS });
  collectGarbage();
  const rssBeforeMb = rssMb();

  let rows = 0;
  let applyMs = 0;
  let lastPrint = 0;
  let cache: LocalCache | null = null;
  const progress: ProgressSample[] = [];
  const done = new Promise<void>((resolve) => {
    events.subscribe((name, payload) => {
      if (name !== 'sync.changed') return;
      const status = payload as SyncStatus;
      if (status.progress) {
        rows = status.progress.rows;
        progress.push({ ms: performance.now(), rows });
        if (performance.now() - lastPrint > 10_000) {
          lastPrint = performance.now();
          console.log(`    syncing: ${rows.toLocaleString('en')} rows, ${Math.round(status.progress.rowsPerSecond).toLocaleString('en')} rows/s`);
        }
      }
      if (status.lastSyncedAt) resolve();
    });
  });
  front.start();
  // After the data front's own listener (which opens the cache and starts the sync): time the SQLite side of each page.
  session.onChange(() => {
    const opened = front.cache;
    if (!opened || opened === cache) return;
    cache = opened;
    const apply = opened.applyPage.bind(opened);
    opened.applyPage = (changes, cursor, keepSinceMs) => {
      const t0 = performance.now();
      try {
        return apply(changes, cursor, keepSinceMs);
      } finally {
        applyMs += performance.now() - t0;
      }
    };
  });
  const started = performance.now();
  const cpu = process.cpuUsage();
  session.start();
  await done;
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await front.syncer?.settled();
  const timings = front.syncer?.snapshotTimings;
  const tenths = ratePerTenth(progress, rows, started, started + wallMs);
  console.log(`    rows/s per tenth of the sync: ${tenths.map((rate) => Math.round(rate).toLocaleString('en')).join(' | ')}`);
  console.log(
    `    where the time went (pages fetched on ${timings?.fetchedBy === 'worker' ? 'a worker thread' : 'the main thread'}): waiting for the hub ${((timings?.waitMs ?? 0) / 1000).toFixed(1)} s, ` +
      `applying pages and each table's indexes ${((applyMs + (timings?.applyMs ?? 0)) / 1000).toFixed(1)} s, indexes left at the end ${((timings?.finish?.indexesMs ?? 0) / 1000).toFixed(1)} s, search indexes ${((timings?.finish?.searchMs ?? 0) / 1000).toFixed(1)} s, ` +
      `checkpoint ${((timings?.finish?.checkpointMs ?? 0) / 1000).toFixed(1)} s; console CPU ${((used.user + used.system) / 1e6).toFixed(1)} s`,
  );

  collectGarbage();
  const rssAfterMb = rssMb();
  const rssPeakMb = (process.resourceUsage().maxRSS * 1024) / MB;
  // Only the hub and this comparison talk from here on: no delta timer, no socket, no outbox.
  front.syncer?.stop();
  front.sender?.stop();
  const synced = front.cache;
  if (!synced) throw new Error('the first sync ended without a cache');
  const mismatches = await sampleMismatches(session, synced, SAMPLE_ROWS);
  front.dispose();
  session.stop();
  return {
    dataDir,
    rows,
    wallMs,
    applyMs: applyMs + (timings?.applyMs ?? 0),
    waitMs: timings?.waitMs ?? 0,
    indexesMs: timings?.finish?.indexesMs ?? 0,
    searchMs: timings?.finish?.searchMs ?? 0,
    checkpointMs: timings?.finish?.checkpointMs ?? 0,
    consoleCpuMs: (used.user + used.system) / 1000,
    tenths,
    rssBeforeMb,
    rssAfterMb,
    rssPeakMb,
    mismatches,
  };
}

async function main(): Promise<void> {
  process.env.LOKET_LOG ??= 'silent';
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const result = await firstSync(JSON.parse(input) as ScaleHubInfo);
  process.stdout.write(`${FIRST_SYNC_PREFIX}${JSON.stringify(result)}\n`);
}

if (process.argv[1] === import.meta.filename) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('first sync:', error);
      process.exit(1);
    },
  );
}
