// `npm run seed -- [--scale] [--database-url URL] [--data-dir DIR] [--customers N] [--force]`:
// seeds a hub database with the demo data set, or with the benchmark set (--scale).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { configuredSipKey } from '../api/sip-secrets.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { hubDataDir } from '../paths.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from './demo.ts';
import { seedScale } from './scale.ts';

const USAGE = `Usage: npm run seed -- [options]

Seeds the hub's database with demo data (7 offices, ~55 agents, 5,000 customers with 18 months
of orders and contacts), or with --scale the benchmark set (100,000 customers, 2,000,000
interactions).

  --scale              the benchmark data set instead of the demo
  --database-url URL   a PostgreSQL server (default: LOKET_DATABASE_URL, else embedded PGlite)
  --data-dir DIR       the embedded database's folder (default: the hub's, LOKET_HUB_DATA_DIR/pglite);
                       the demo SIP passwords are encrypted with LOKET_SIP_KEY, else with the
                       sip-key file in the folder above it (made when missing), as the hub does
  --customers N        how many customers (default 5,000, or 100,000 with --scale)
  --interactions N     with --scale: how many interactions (default 2,000,000)
  --force              empty a database that already has data first (deletes everything in it)
  --help               this text`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      customers: { type: 'string' },
      interactions: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const count = (name: 'customers' | 'interactions') => {
    const text = values[name];
    if (text === undefined) return undefined;
    const n = Number(text.replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a positive whole number, not ${text}`);
    return n;
  };
  const customers = count('customers');
  const interactions = count('interactions');

  const url = values['database-url'] ?? process.env.LOKET_DATABASE_URL;
  let dataDir: string | undefined;
  if (!url) {
    dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : path.join(hubDataDir(), 'pglite');
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
  }
  const where = url ? redact(url) : `PGlite in ${dataDir}`;
  const started = performance.now();
  const db = await openDatabase(url ? { url } : { dataDir });
  try {
    const applied = await migrate(db);
    if (applied.length > 0) console.log(`applied migrations ${applied.join(', ')}`);
    const [{ n } = { n: 0 }] = await db.query<{ n: number }>('select count(*)::int8 as n from customer');
    const [{ agents } = { agents: 0 }] = await db.query<{ agents: number }>('select count(*)::int8 as agents from agent');
    if (n > 0 || agents > 0) {
      if (!values.force) {
        console.error(`${where} already has data (${n} customers, ${agents} agents). Use --force to delete it and seed again.`);
        return 1;
      }
      console.log(`--force: deleting all data in ${where}`);
      await empty(db);
    }

    console.log(`seeding ${values.scale ? 'the benchmark data set' : 'the demo data set'} into ${where}…`);
    const progress = progressLine(started);
    if (values.scale) {
      const summary = await seedScale(db, { ...(customers ? { customers } : {}), ...(interactions ? { interactions } : {}), onProgress: progress });
      finishLine();
      const { samples, ...counts } = summary;
      printSummary(counts, started);
      console.log(`sample phones: ${samples.phones.slice(0, 5).join(', ')}`);
    } else {
      // The hub's own key (LOKET_SIP_KEY, else the file in its data folder: the one that holds the
      // PGlite folder), or the hub could not read the demo SIP accounts.
      const keyDir = dataDir ? path.dirname(dataDir) : hubDataDir();
      await mkdir(keyDir, { recursive: true, mode: 0o700 });
      const sipKey = await configuredSipKey(process.env, keyDir);
      const summary = await seedDemo(db, { sipKey, ...(customers ? { customers } : {}), onProgress: progress });
      finishLine();
      printSummary({ ...summary }, started);
      console.log(`\nsign in with password "${DEMO_PASSWORD}" as:`);
      for (const [role, email] of Object.entries(DEMO_LOGINS)) console.log(`  ${role.padEnd(12)} ${email}`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

/** Deletes every row of every table but the migration record: the schema stays. */
async function empty(db: Database): Promise<void> {
  const tables = await db.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = current_schema() and tablename <> 'schema_migration'`);
  if (tables.length === 0) return;
  await db.exec(`truncate ${tables.map((t) => `"${t.name.replace(/"/g, '""')}"`).join(', ')} restart identity cascade`);
}

/** One line that keeps updating on a terminal (a line per update elsewhere, at most every 5 s). */
function progressLine(started: number): (done: number, total: number, table: string) => void {
  const tty = process.stdout.isTTY;
  let last = 0;
  const latest = new Map<string, string>();
  return (done, total, table) => {
    latest.set(table, `${table} ${done.toLocaleString('en')}/${total.toLocaleString('en')}`);
    const now = performance.now();
    if (!tty && now - last < 5_000) return;
    last = now;
    const line = `  ${[...latest.values()].join(', ')}  (${seconds(started)} s)`;
    if (tty) process.stdout.write(`\r${line}\u001b[K`);
    else console.log(line);
  };
}

function finishLine(): void {
  if (process.stdout.isTTY) process.stdout.write('\n');
}

function printSummary(counts: Record<string, number>, started: number): void {
  const { elapsedMs: _elapsed, ...rows } = counts;
  const width = Math.max(...Object.keys(rows).map((k) => k.length));
  for (const [name, value] of Object.entries(rows)) console.log(`  ${name.padEnd(width)} ${value.toLocaleString('en').padStart(10)}`);
  console.log(`done in ${seconds(started)} s`);
}

function seconds(started: number): string {
  return ((performance.now() - started) / 1000).toFixed(1);
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the PostgreSQL server';
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    finishLine();
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
