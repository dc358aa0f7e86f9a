import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { SyncStatus } from '../common/contract/data.ts';
import { LocalCache } from '../main/cache/local-cache.ts';
import { keyFileVault } from '../main/cache/vault.ts';
import { createEventHub } from '../main/contract/events.ts';
import { HubSession } from '../main/hub/hub-session.ts';
import { DataFront } from '../main/data/data-front.ts';
import { ratePerTenth, sampleMismatches, type ProgressSample } from './cache-sync-checks.ts';
import { cacheMismatches, incompleteDataSet } from './checks.ts';
import { defineSuite, type BenchCase } from './harness.ts';
import { formatRssByKind, largestMappings, rssByKind } from './rss-map.ts';
// Type only: the hub's modules (PGlite, Fastify) must not load into this process, whose memory is measured.
import type { ScaleHubInfo } from './scale-hub.ts';
import { spawnScaleHub, type ChildHub } from './scale-hub-spawn.ts';

// The console's encrypted cache at benchmark scale: a first full sync of 100k customers and 2M
// interactions from a hub on this machine (in its own process, so the memory measured here is the
// console's alone), then the searches and lookups the console answers from the cache, timed in
// process (no IPC). The hub's data set is the one hub.bench.ts uses (bench/.data).

/** Keep everything: the retention limit would otherwise leave older history on the hub. */
const RETENTION_DAYS = 36_500;
const SEARCH_LIMIT = 20; // the search box's default (CustomerSearchRequest)
const MB = 1024 * 1024;
/** Rows per bulk table compared field by field with the hub after the sync. */
const SAMPLE_ROWS = { customer: 200, interaction: 500, shop_order: 200, order_event: 200 };
/** The first sync takes long at this scale: `LOKET_BENCH_KEEP_CACHE=1` keeps the synced cache's folder… */
const KEEP_CACHE = process.env.LOKET_BENCH_KEEP_CACHE === '1';
/** …and `LOKET_BENCH_CACHE_DIR=<that folder>` times the queries on it without syncing again (sync figures: n/a). */
const REUSE_DIR = process.env.LOKET_BENCH_CACHE_DIR;

interface Synced {
  readonly rows: number;
  readonly wallMs: number;
  readonly applyMs: number;
  /** Waiting for the hub's snapshot pages (what fetching the next page during the write did not hide). */
  readonly waitMs: number;
  readonly indexesMs: number;
  readonly searchMs: number;
  readonly checkpointMs: number;
  /** The console process's CPU time during the sync (user + system). */
  readonly consoleCpuMs: number;
  /**
   * The hub process's in the same time: the two share this machine's cores, so console + hub
   * CPU over the wall time says how close the sync is to all the CPU there is.
   */
  readonly hubCpuMs: number;
  readonly tenths: readonly number[];
  readonly rssBeforeMb: number;
  readonly rssAfterMb: number;
  /** The most the console held at once, the sync's pages fetched ahead included (ru_maxrss). */
  readonly rssPeakMb: number;
  readonly fileMb: number;
}

let hubProcess: ChildHub | null = null;
let dataDir = '';
let session: HubSession | null = null;
let data: DataFront | null = null;
let cache: LocalCache;
let synced: Synced;
let samples: ScaleHubInfo['samples'];

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

/** The most SQLite's page cache may hold: `cache_size` is pages when positive, KiB when negative. */
function sqliteCacheMb(db: LocalCache['db']): number {
  const size = Number(db.pragma('cache_size', { simple: true }));
  return (size < 0 ? -size * 1024 : size * Number(db.pragma('page_size', { simple: true }))) / MB;
}

/** Signs in like the console does and runs the first full sync into a fresh cache. */
async function initialSync(hub: ChildHub): Promise<Synced> {
  const { info } = hub;
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'loket-cache-bench-'));
  const vault = keyFileVault(path.join(dataDir, 'secrets'));
  const events = createEventHub();
  session = new HubSession({ credentials: { method: 'password', url: info.url, email: info.email, password: info.password }, vault, deviceName: 'Loket bench console' });
  const console_ = new DataFront({ dataDir, vault, session, events, retentionDays: () => RETENTION_DAYS });
  data = console_;
  collectGarbage();
  const rssBeforeMb = rssMb();

  let rows = 0;
  let applyMs = 0;
  let lastPrint = 0;
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
  console_.start();
  // After the data front's own listener (which opens the cache and starts the sync): time the SQLite side of each page.
  session.onChange(() => {
    const opened = console_.cache;
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
  const hubCpu = hub.cpuMs();
  session.start();
  await done;
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const hubCpuMs = hub.cpuMs() - hubCpu;
  await console_.syncer?.settled();
  const timings = console_.syncer?.snapshotTimings;
  const tenths = ratePerTenth(progress, rows, started, started + wallMs);
  console.log(`    rows/s per tenth of the sync: ${tenths.map((rate) => Math.round(rate).toLocaleString('en')).join(' | ')}`);
  console.log(
    `    where the time went (pages fetched on ${timings?.fetchedBy === 'worker' ? 'a worker thread' : 'the main thread'}): waiting for the hub ${((timings?.waitMs ?? 0) / 1000).toFixed(1)} s, ` +
      `applying pages and each table's indexes ${((applyMs + (timings?.applyMs ?? 0)) / 1000).toFixed(1)} s, indexes left at the end ${((timings?.finish?.indexesMs ?? 0) / 1000).toFixed(1)} s, search indexes ${((timings?.finish?.searchMs ?? 0) / 1000).toFixed(1)} s, ` +
      `checkpoint ${((timings?.finish?.checkpointMs ?? 0) / 1000).toFixed(1)} s; ` +
      `console CPU ${((used.user + used.system) / 1e6).toFixed(1)} s, hub CPU ${(hubCpuMs / 1000).toFixed(1)} s (${os.cpus().length} cores × ${(wallMs / 1000).toFixed(1)} s wall)`,
  );

  const perTable = Object.entries(timings?.tables ?? {}).map(
    ([table, t]) => `${table} ${t.rows.toLocaleString('en')} rows: waited ${(t.waitMs / 1000).toFixed(1)} s, applied ${(t.applyMs / 1000).toFixed(1)} s`,
  );
  console.log(`    per table (waited: the hub was behind; applied: the cache's writes, each table's indexes included): ${perTable.join('; ')}`);

  collectGarbage();
  const rssAfterMb = rssMb();
  // What the RSS holds: the JS heap, buffers outside it, and the rest (SQLite's page cache, the
  // allocator's free but kept pages, code).
  const memory = process.memoryUsage();
  console.log(
    `    RSS after the sync ${rssAfterMb.toFixed(1)} MB: JS heap ${(memory.heapTotal / MB).toFixed(1)} MB (${(memory.heapUsed / MB).toFixed(1)} used), ` +
      `external ${(memory.external / MB).toFixed(1)} MB (array buffers ${(memory.arrayBuffers / MB).toFixed(1)}), SQLite's page cache ${sqliteCacheMb(cache.db).toFixed(1)} MB at most`,
  );
  const kinds = rssByKind();
  if (kinds) console.log(`    RSS by mapping: ${formatRssByKind(kinds)}`);
  const largest = largestMappings(4);
  if (largest) console.log(`    largest mappings: ${largest.map((m) => `${m.kind} ${m.perms} ${(m.rssKb / 1024).toFixed(1)} of ${(m.sizeKb / 1024).toFixed(1)} MB`).join('; ')}`);
  // Only the hub and this benchmark talk from here on: no delta timer, no socket, no outbox.
  console_.syncer?.stop();
  console_.sender?.stop();
  cache.db.pragma('wal_checkpoint(TRUNCATE)');
  const fileMb = (await stat(cache.file)).size / MB;
  return {
    rows,
    wallMs,
    applyMs: applyMs + (timings?.applyMs ?? 0),
    waitMs: timings?.waitMs ?? 0,
    indexesMs: timings?.finish?.indexesMs ?? 0,
    searchMs: timings?.finish?.searchMs ?? 0,
    checkpointMs: timings?.finish?.checkpointMs ?? 0,
    consoleCpuMs: (used.user + used.system) / 1000,
    hubCpuMs,
    tenths,
    rssBeforeMb,
    rssAfterMb,
    rssPeakMb: (process.resourceUsage().maxRSS * 1024) / MB,
    fileMb,
  };
}

/** The cache holds what the hub holds (nothing dropped by retention or a failed page): else no figures. */
function checkComplete(info: ScaleHubInfo): void {
  const tables = ['customer', 'shop_order', 'order_event', 'interaction'];
  const inCache = Object.fromEntries(tables.map((table) => [table, Number(cache.db.prepare(`select count(*) from ${table}`).pluck().get())]));
  const problems = [...incompleteDataSet(info.counts).map((line) => `hub data set: ${line}`), ...cacheMismatches(info.counts, inCache, tables)];
  if (problems.length > 0) throw new Error(`refusing to time searches on an incomplete data set: ${problems.join('; ')} (delete bench/.data to rebuild it)`);
  console.log(`    the cache holds every row of ${tables.join(', ')} (${(info.counts.interaction ?? 0).toLocaleString('en')} interactions)`);
}

/** How an agent types a number: national format of its country (`06 12 34 56 78` for a Dutch mobile). */
function typedPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  const national = String(parsed.nationalNumber);
  if (parsed.country === 'NL' && national.startsWith('6') && national.length === 9) return `06 ${national.slice(1).replace(/(\d\d)(?=\d)/g, '$1 ')}`;
  return parsed.formatNational();
}

/** A prefix of a real name as typed into the search box: 40, 60, 80 or 100 % of it, at least 4 characters. */
function namePrefix(name: string, i: number): string {
  const fraction = [0.4, 0.6, 0.8, 1][i % 4] ?? 1;
  return name.slice(0, Math.max(4, Math.round(name.length * fraction))).trim();
}

/** Spot checks before timing: each kind of query finds the customer it was made from. */
function checkAnswers(): void {
  const q = cache.queries;
  const misses: string[] = [];
  for (let i = 0; i < 50; i++) {
    const phone = samples.phones[i];
    if (phone && !q.search(typedPhone(phone.e164), SEARCH_LIMIT, phone.country).some((h) => h.phones.includes(phone.e164))) misses.push(`phone ${typedPhone(phone.e164)} (${phone.e164}, ${phone.country})`);
    const email = samples.emails[i];
    if (email && !q.search(email, SEARCH_LIMIT, 'NL').some((h) => h.emails.includes(email))) misses.push(`email ${email}`);
    const order = samples.orderNumbers[i];
    if (order && !q.search(order, SEARCH_LIMIT, 'NL').some((h) => h.orderNumber === order)) misses.push(`order ${order}`);
    const name = samples.names[i];
    if (name && q.search(name, SEARCH_LIMIT, 'NL').length === 0) misses.push(`name ${name}`);
  }
  if (misses.length > 0) console.log(`    WARN: ${misses.length} spot checks found nothing, e.g. ${misses.slice(0, 5).join('; ')}`);
  else console.log('    spot checks: phone, e-mail, order number and name searches find their customer');
}

/**
 * A latency case over varied inputs: each round takes the next one (warm-up rounds included, so
 * timed rounds do not repeat them). The inputs are built on the first (warm-up) round, untimed.
 */
function overInputs<T>(name: string, iterations: number, p95Ms: number | null, inputs: () => readonly T[], run: (input: T) => unknown): BenchCase {
  let next = 0;
  let list: readonly T[] | null = null;
  return {
    name,
    iterations,
    ...(p95Ms === null ? {} : { target: { p95Ms } }),
    run() {
      list ??= inputs();
      const input = list[next++ % list.length];
      if (input === undefined) throw new Error(`${name}: no inputs`);
      run(input);
    },
  };
}

export default defineSuite({
  name: 'console cache',
  async setup() {
    hubProcess = await spawnScaleHub();
    samples = hubProcess.info.samples;
    if (REUSE_DIR) {
      console.log(`    reusing the synced cache in ${REUSE_DIR} (no sync this run)`);
      cache = LocalCache.open(path.join(REUSE_DIR, 'cache'), keyFileVault(path.join(REUSE_DIR, 'secrets')));
      const nan = Number.NaN;
      synced = { rows: nan, wallMs: nan, applyMs: nan, waitMs: nan, indexesMs: nan, searchMs: nan, checkpointMs: nan, consoleCpuMs: nan, hubCpuMs: nan, tenths: [], rssBeforeMb: nan, rssAfterMb: nan, rssPeakMb: nan, fileMb: (await stat(cache.file)).size / MB };
    } else {
      console.log(`    hub listening at ${hubProcess.info.url} (own process); initial sync into a fresh cache…`);
      synced = await initialSync(hubProcess);
      console.log(`    initial sync: ${synced.rows.toLocaleString('en')} rows in ${(synced.wallMs / 1000).toFixed(1)} s; cache file ${synced.fileMb.toFixed(0)} MB`);
    }
    checkComplete(hubProcess.info);
    if (session) {
      const problems = await sampleMismatches(session, cache, SAMPLE_ROWS);
      if (problems.length > 0) throw new Error(`the cache differs from the hub in ${problems.length} sampled fields: ${problems.slice(0, 10).join('; ')}`);
      console.log(`    sampled rows agree with the hub field by field (${Object.entries(SAMPLE_ROWS).map(([table, n]) => `${n} ${table}`).join(', ')})`);
    }
    checkAnswers();
  },
  cases: [
    {
      name: `initial sync from local hub, rows/s (retention ${RETENTION_DAYS.toLocaleString('en')} d: every row kept)`,
      unit: 'rows/s',
      target: { atLeast: 50_000 },
      measure: () => synced.rows / (synced.wallMs / 1000),
    },
    { name: 'initial sync: rows (changes received)', unit: 'rows', measure: () => synced.rows },
    { name: 'initial sync: wall time (sign-in to lastSyncedAt)', unit: 's', target: { atMost: 70 }, measure: () => synced.wallMs / 1000 },
    { name: 'initial sync: rows/s in the first tenth', unit: 'rows/s', measure: () => synced.tenths[0] ?? Number.NaN },
    { name: 'initial sync: rows/s in the last tenth', unit: 'rows/s', measure: () => synced.tenths[9] ?? Number.NaN },
    { name: 'initial sync: of which applying pages to SQLite (and each table’s indexes after its last page)', unit: 's', measure: () => synced.applyMs / 1000 },
    { name: 'initial sync: of which waiting for the hub (not hidden by fetching ahead)', unit: 's', measure: () => synced.waitMs / 1000 },
    { name: 'initial sync: building indexes left at the end', unit: 's', measure: () => synced.indexesMs / 1000 },
    { name: 'initial sync: building both search indexes at the end', unit: 's', measure: () => synced.searchMs / 1000 },
    { name: 'initial sync: final WAL checkpoint', unit: 's', measure: () => synced.checkpointMs / 1000 },
    { name: 'initial sync: console CPU time', unit: 's', measure: () => synced.consoleCpuMs / 1000 },
    { name: 'initial sync: hub CPU time (its own process, same cores)', unit: 's', measure: () => synced.hubCpuMs / 1000 },
    { name: 'console RSS before sync (baseline)', unit: 'MB', measure: () => synced.rssBeforeMb },
    { name: 'console RSS after sync (hub in its own process)', unit: 'MB', target: { atMost: 300 }, measure: () => synced.rssAfterMb },
    { name: 'console peak RSS during sync (pages fetched ahead included)', unit: 'MB', measure: () => synced.rssPeakMb },
    { name: 'cache file size after sync (WAL checkpointed)', unit: 'MB', measure: () => synced.fileMb },
    overInputs('search by name (prefix of a real name)', 1_000, 10, () => samples.names.map((name, i) => namePrefix(name, i)), (query) =>
      cache.queries.search(query, SEARCH_LIMIT, 'NL'),
    ),
    overInputs('search by phone (national format)', 1_000, 10, () => samples.phones.map((p) => ({ query: typedPhone(p.e164), country: p.country })), (p) =>
      cache.queries.search(p.query, SEARCH_LIMIT, p.country),
    ),
    overInputs('search by e-mail', 1_000, 10, () => samples.emails, (email) => cache.queries.search(email, SEARCH_LIMIT, 'NL')),
    overInputs('search by order number', 1_000, 10, () => samples.orderNumbers, (order) => cache.queries.search(order, SEARCH_LIMIT, 'NL')),
    overInputs('note full-text search (a word from the notes)', 500, 50, () => samples.noteWords, (word) => cache.queries.searchNotes(word, SEARCH_LIMIT)),
    overInputs('customer 360 by phone (byPhone + customer360)', 1_000, 2, () => samples.phones, (p) => {
      const hit = cache.queries.byPhone(p.e164, 1)[0];
      if (!hit) throw new Error(`no customer with ${p.e164}`);
      if (!cache.queries.customer360(hit.id)) throw new Error(`no 360 for ${hit.id}`);
    }),
    overInputs('timeline first page (50)', 1_000, null, () => samples.customerIds, (id) => cache.queries.timeline(id, undefined, 50)),
  ],
  async teardown() {
    if (REUSE_DIR && cache) cache.close();
    data?.dispose();
    session?.stop();
    await hubProcess?.stop();
    if (dataDir && KEEP_CACHE) console.log(`    kept the synced cache: LOKET_BENCH_CACHE_DIR=${dataDir}`);
    else if (dataDir) await rm(dataDir, { recursive: true, force: true });
  },
});
