// The hub at benchmark scale (100k customers, 2M interactions) for suites that need one to talk
// to: the PGlite data set in bench/.data (seeded once, reused), a team-lead account with a known
// password, the hub listening on a free port, and samples of what the data holds (phones, e-mails,
// order numbers, names, note words) to build varied queries from.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import { v7 as uuidv7 } from 'uuid';
import { buildHub, type Hub } from '../server/api/app.ts';
import { openPglite, type Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { SCALE_CUSTOMERS, seedScale } from '../server/seed/scale.ts';

/** `LOKET_BENCH_DATA_DIR` points at a copy of the data set (two benchmarks on one machine cannot share a PGlite folder). */
export const SCALE_DATA_DIR = process.env.LOKET_BENCH_DATA_DIR ?? path.join(import.meta.dirname, '.data', 'pglite-scale');
export const BENCH_LEAD_EMAIL = 'bench-lead@bench.example';
export const BENCH_LEAD_PASSWORD = 'bench-password';
const BENCH_OFFICE_CODE = 'bench-scale';

export interface ScaleSamples {
  /** E.164 with the customer's country (an agent of that country's office types it in national form). */
  readonly phones: readonly { readonly e164: string; readonly country: string }[];
  readonly emails: readonly string[];
  readonly orderNumbers: readonly string[];
  readonly customerIds: readonly string[];
  readonly names: readonly string[];
  /** Distinct words (4+ letters) taken from stored interaction notes. */
  readonly noteWords: readonly string[];
}

/** What a client of the hub needs: where it is, how to sign in, and what to ask for. */
export interface ScaleHubInfo {
  readonly url: string;
  readonly email: string;
  readonly password: string;
  /** Rows per synced table, as the hub holds them (a full sync brings all of them). */
  readonly counts: Readonly<Record<string, number>>;
  readonly samples: ScaleSamples;
}

export interface ScaleHub extends ScaleHubInfo {
  readonly db: Database;
  readonly hub: Hub;
  close(): Promise<void>;
}

/** Seeds a hub database (PGlite or PostgreSQL) at benchmark scale unless it already holds it. */
export async function ensureScaleData(db: Database, log: (line: string) => void = console.log): Promise<void> {
  await migrate(db);
  const [{ n } = { n: 0 }] = await db.query<{ n: number }>('select count(*)::int8 as n from customer');
  if (n >= SCALE_CUSTOMERS) return clusterByKey(db, log);
  const started = performance.now();
  let lastPrint = 0;
  await seedScale(db, {
    onProgress: (done, total, table) => {
      if (performance.now() - lastPrint > 5_000) {
        lastPrint = performance.now();
        log(`    seeding ${table}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')}`);
      }
    },
  });
  log(`    seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  await clusterByKey(db, log);
}

/** The history tables whose rows a hub writes as they happen: their UUIDv7 ids follow time. */
const TIME_ORDERED = ['customer', 'shop_order', 'order_event', 'cart', 'interaction', 'feedback', 'escalation', 'callback'];

/**
 * Lays the seeded rows out in id order, once (PostgreSQL marks a table so clustered). A hub's
 * tables grow as orders, calls and mails happen, and their UUIDv7 ids follow that time, so rows lie
 * on disk in about id order; the seeder writes customer by customer (each with years of history),
 * which no hub does, and a read in id order (the first sync's pages) then fetched a heap page per
 * row (correlation 0.006 on interaction).
 */
async function clusterByKey(db: Database, log: (line: string) => void): Promise<void> {
  const pending = await db.query<{ name: string; key: string }>(
    `select c.relname as name, i.relname as key from pg_index x join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
     where x.indisprimary and not x.indisclustered and c.relname = any($1::text[]) and c.relnamespace = current_schema()::regnamespace`,
    [TIME_ORDERED],
  );
  if (pending.length === 0) return;
  const started = performance.now();
  for (const { name, key } of pending) {
    log(`    laying out ${name} in id order (once)`);
    await db.exec(`cluster "${name}" using "${key}"`);
  }
  await db.exec('analyze');
  log(`    laid out in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** Opens the scale data set, seeding it on first use (minutes; kept in bench/.data afterwards). */
export async function openScaleData(log: (line: string) => void = console.log): Promise<{ db: Database; release: () => void }> {
  await mkdir(path.dirname(SCALE_DATA_DIR), { recursive: true });
  const release = lockDataDir(SCALE_DATA_DIR);
  try {
    if (!existsSync(SCALE_DATA_DIR)) log('    first run: building the 100k/2M data set in bench/.data (kept for later runs)');
    const db = await openPglite(SCALE_DATA_DIR);
    await ensureScaleData(db, log);
    return { db, release };
  } catch (error) {
    release();
    throw error;
  }
}

/** Opens (or seeds) the data set, makes sure the bench team lead exists, and starts the hub on a free port. */
export async function startScaleHub(options: { sampleSize?: number; log?: (line: string) => void } = {}): Promise<ScaleHub> {
  const { db, release } = await openScaleData(options.log);
  try {
    // One office and account, reused across runs (not a new one per run: each would be synced too).
    await db.query(`insert into office (id, code, name, country, timezone) values ($1, $2, 'Bench', 'NL', 'Europe/Amsterdam') on conflict (code) do nothing`, [
      uuidv7(),
      BENCH_OFFICE_CODE,
    ]);
    await db.query(
      `insert into agent (id, office_id, email, display_name, role, password_hash)
       select $1, id, $2, 'Bench Lead', 'team_lead', $3 from office where code = $4
       on conflict (email) do update set role = 'team_lead', password_hash = excluded.password_hash, disabled_at = null`,
      [uuidv7(), BENCH_LEAD_EMAIL, await hash(BENCH_LEAD_PASSWORD), BENCH_OFFICE_CODE],
    );
    const samples = await scaleSamples(db, options.sampleSize ?? 1_500);
    const counts = await syncedCounts(db);
    const hub = await buildHub({ db, ingestKey: 'bench-ingest-key-000000', secret: 'bench-secret-bench-secret-bench', loginAttemptsPerMinute: 1_000 });
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = hub.app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return {
      url,
      email: BENCH_LEAD_EMAIL,
      password: BENCH_LEAD_PASSWORD,
      counts,
      samples,
      db,
      hub,
      async close() {
        try {
          await hub.close();
          await db.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    release();
    throw error;
  }
}

/** Samples spread over the whole data set (ordered by a hash, so the same ones every run). */
async function scaleSamples(db: Database, count: number): Promise<ScaleSamples> {
  const phones = await db.query<{ e164: string; country: string }>(
    `select p.e164, c.country from customer_phone p join customer c on c.id = p.customer_id order by md5(p.e164) limit $1`,
    [count],
  );
  const emails = await db.query<{ email: string }>('select email from customer_email order by md5(email) limit $1', [count]);
  const customers = await db.query<{ id: string; name: string }>('select id, name from customer order by md5(id::text) limit $1', [count]);
  const orders = await db.query<{ number: string }>('select number from shop_order tablesample system (2) repeatable (7) order by md5(number) limit $1', [count]);
  const notes = await db.query<{ note: string }>(
    'select note from interaction tablesample system (0.5) repeatable (7) where note is not null limit 4000',
  );
  const words = new Set<string>();
  for (const { note } of notes) for (const word of note.toLowerCase().split(/[^\p{L}]+/u)) if (word.length >= 4) words.add(word);
  return {
    phones: phones.map((r) => ({ e164: r.e164, country: r.country.trim() })),
    emails: emails.map((r) => r.email),
    orderNumbers: orders.map((r) => r.number),
    customerIds: customers.map((r) => r.id),
    names: customers.map((r) => r.name),
    noteWords: [...words].sort(),
  };
}

/** Rows per table that `GET /sync` sends a team lead (events aside). */
async function syncedCounts(db: Database): Promise<Record<string, number>> {
  const tables = ['agent', 'customer', 'shop_order', 'order_event', 'cart', 'interaction', 'escalation', 'callback', 'feedback', 'reason_code', 'presence'];
  const [row] = await db.query<Record<string, number>>(`select ${tables.map((t) => `(select count(*)::int8 from ${t}) as ${t}`).join(', ')}`);
  return row ?? {};
}

/**
 * PGlite has no lock of its own: two processes on one data folder corrupt it. A pid file next to
 * the folder keeps two benchmark hubs (this module's users) apart; a stale one is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = `${dir}.lock`;
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number(readFileSync(file, 'utf8'));
    if (holder !== process.pid && isAlive(holder)) throw new Error(`${dir} is in use by process ${holder} (${file})`);
    writeFileSync(file, String(process.pid));
  }
  return () => rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
