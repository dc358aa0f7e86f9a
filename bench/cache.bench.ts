import { spawn } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { LocalCache } from '../main/cache/local-cache.ts';
import { keyFileVault } from '../main/cache/vault.ts';
import { FIRST_SYNC_PREFIX, RETENTION_DAYS, SAMPLE_ROWS, type FirstSyncResult } from './cache-sync-process.ts';
import { cacheMismatches, incompleteDataSet } from './checks.ts';
import { defineSuite, type BenchCase } from './harness.ts';
// Type only: the hub's modules (PGlite, Fastify) must not load into this process.
import type { ScaleHubInfo } from './scale-hub.ts';
import { spawnScaleHub, type ChildHub } from './scale-hub-spawn.ts';

// The console's encrypted cache at benchmark scale: a first full sync of 100k customers and 2M
// interactions from a hub on this machine, the hub and the syncing console each in a process of
// their own (cache-sync-process.ts: the memory and time measured are the console's alone, not
// those of the suites run before it), then the searches and lookups the console answers from the
// cache, timed in process (no IPC) on the synced file. The hub's data set is the one hub.bench.ts
// uses (bench/.data).

const SEARCH_LIMIT = 20; // the search box's default (CustomerSearchRequest)
const MB = 1024 * 1024;
/** The first sync takes long at this scale: `LOKET_BENCH_KEEP_CACHE=1` keeps the synced cache's folder… */
const KEEP_CACHE = process.env.LOKET_BENCH_KEEP_CACHE === '1';
/** …and `LOKET_BENCH_CACHE_DIR=<that folder>` times the queries on it without syncing again (sync figures: n/a). */
const REUSE_DIR = process.env.LOKET_BENCH_CACHE_DIR;

type Synced = Omit<FirstSyncResult, 'dataDir' | 'mismatches'> & { readonly fileMb: number };

let hubProcess: ChildHub | null = null;
let dataDir = '';
/** The synced cache, opened in this process once the console's process has ended (or reused). */
let cache: LocalCache | undefined;
let synced: Synced;
let samples: ScaleHubInfo['samples'];

function held(): LocalCache {
  if (!cache) throw new Error('no synced cache is open');
  return cache;
}

/**
 * Runs cache-sync-process.ts and waits for its result line; its progress lines are printed as
 * they come. `LOKET_BENCH_CONSOLE_NODE_ARGS="--cpu-prof --cpu-prof-dir=…"` profiles the console.
 */
async function firstSyncInOwnProcess(info: ScaleHubInfo): Promise<FirstSyncResult> {
  const nodeArgs = (process.env.LOKET_BENCH_CONSOLE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(import.meta.dirname, 'cache-sync-process.ts')], {
    cwd: path.dirname(import.meta.dirname),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.end(JSON.stringify(info));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let result: FirstSyncResult | null = null;
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith(FIRST_SYNC_PREFIX)) result = JSON.parse(line.slice(FIRST_SYNC_PREFIX.length)) as FirstSyncResult;
    else console.log(line);
  });
  const code = await exited;
  if (code !== 0 || !result) throw new Error(`the console's first sync failed (exit code ${code})`);
  return result;
}

/** The cache holds what the hub holds (nothing dropped by retention or a failed page): else no figures. */
function checkComplete(info: ScaleHubInfo): void {
  const tables = ['customer', 'shop_order', 'order_event', 'interaction'];
  const inCache = Object.fromEntries(tables.map((table) => [table, Number(held().db.prepare(`select count(*) from ${table}`).pluck().get())]));
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
  const q = held().queries;
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
      synced = { rows: nan, wallMs: nan, applyMs: nan, waitMs: nan, indexesMs: nan, searchMs: nan, checkpointMs: nan, consoleCpuMs: nan, tenths: [], rssBeforeMb: nan, rssAfterMb: nan, rssPeakMb: nan, fileMb: (await stat(cache.file)).size / MB };
    } else {
      console.log(`    hub listening at ${hubProcess.info.url} (own process); first sync into a fresh cache by a console in its own process…`);
      const result = await firstSyncInOwnProcess(hubProcess.info);
      dataDir = result.dataDir;
      cache = LocalCache.open(path.join(dataDir, 'cache'), keyFileVault(path.join(dataDir, 'secrets')));
      cache.db.pragma('wal_checkpoint(TRUNCATE)');
      const { dataDir: _dir, mismatches, ...figures } = result;
      synced = { ...figures, fileMb: (await stat(cache.file)).size / MB };
      console.log(`    initial sync: ${synced.rows.toLocaleString('en')} rows in ${(synced.wallMs / 1000).toFixed(1)} s; cache file ${synced.fileMb.toFixed(0)} MB`);
      if (mismatches.length > 0) throw new Error(`the cache differs from the hub in ${mismatches.length} sampled fields: ${mismatches.slice(0, 10).join('; ')}`);
      console.log(`    sampled rows agree with the hub field by field (${Object.entries(SAMPLE_ROWS).map(([table, n]) => `${n} ${table}`).join(', ')})`);
    }
    checkComplete(hubProcess.info);
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
    { name: 'console RSS before sync (baseline)', unit: 'MB', measure: () => synced.rssBeforeMb },
    { name: 'console RSS after sync (console and hub in their own processes)', unit: 'MB', target: { atMost: 300 }, measure: () => synced.rssAfterMb },
    { name: 'console peak RSS during sync (pages fetched ahead included)', unit: 'MB', measure: () => synced.rssPeakMb },
    { name: 'cache file size after sync (WAL checkpointed)', unit: 'MB', measure: () => synced.fileMb },
    overInputs('search by name (prefix of a real name)', 1_000, 10, () => samples.names.map((name, i) => namePrefix(name, i)), (query) =>
      held().queries.search(query, SEARCH_LIMIT, 'NL'),
    ),
    overInputs('search by phone (national format)', 1_000, 10, () => samples.phones.map((p) => ({ query: typedPhone(p.e164), country: p.country })), (p) =>
      held().queries.search(p.query, SEARCH_LIMIT, p.country),
    ),
    overInputs('search by e-mail', 1_000, 10, () => samples.emails, (email) => held().queries.search(email, SEARCH_LIMIT, 'NL')),
    overInputs('search by order number', 1_000, 10, () => samples.orderNumbers, (order) => held().queries.search(order, SEARCH_LIMIT, 'NL')),
    overInputs('note full-text search (a word from the notes)', 500, 50, () => samples.noteWords, (word) => held().queries.searchNotes(word, SEARCH_LIMIT)),
    overInputs('customer 360 by phone (byPhone + customer360)', 1_000, 2, () => samples.phones, (p) => {
      const hit = held().queries.byPhone(p.e164, 1)[0];
      if (!hit) throw new Error(`no customer with ${p.e164}`);
      if (!held().queries.customer360(hit.id)) throw new Error(`no 360 for ${hit.id}`);
    }),
    overInputs('timeline first page (50)', 1_000, null, () => samples.customerIds, (id) => held().queries.timeline(id, undefined, 50)),
  ],
  async teardown() {
    cache?.close();
    await hubProcess?.stop();
    if (dataDir && KEEP_CACHE) console.log(`    kept the synced cache: LOKET_BENCH_CACHE_DIR=${dataDir}`);
    else if (dataDir) await rm(dataDir, { recursive: true, force: true });
  },
});
