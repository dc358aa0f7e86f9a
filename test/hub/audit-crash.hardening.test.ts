import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { hardeningRow } from '../support/hardening.ts';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/hub-db.ts';
import { INGEST_KEY, PASSWORD, seedFixture, type Fixture } from '../support/hub-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';

// Reads are audited through a journal flushed in batches (server/api/audit-journal.ts). Here a
// real hub process (`npm run hub`'s server/main.ts) answers a burst of reads, one customer per
// read, and is killed with SIGKILL mid-burst; started again, it stores what its journal still
// held. Every read the client got a 200 for must then have exactly one audit row, and no read
// more than one (a batch stored but not yet dropped from the journal is replayed by line id).
const ROOT = path.resolve(import.meta.dirname, '../..');
const CUSTOMERS = 400;
const SECRET = 'audit-crash-secret-audit-crash-secret';

let dir: string;
let cleanup: () => Promise<void>;
let testDb: TestDatabase | null = null;
let fixture: Fixture;
let customers: string[];

/** On PGlite the test and the hub may never hold the folder at once: the test opens it only while no hub runs. */
async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  if (testDb) return work(testDb.db);
  const db = await openPglite(path.join(dir, 'pglite'));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('loket-audit-crash-'));
  if (testDatabaseKind() === 'postgres') testDb = await openTestDatabase();
  await withDatabase(async (db) => {
    if (!testDb) await migrate(db);
    fixture = await seedFixture(db);
    customers = Array.from({ length: CUSTOMERS }, () => uuidv7());
    await db.query(`insert into customer (id, name, language, country, office_id) select id, 'Reader ' || id, 'nl', 'NL', $2 from unnest($1::uuid[]) as id`, [
      customers,
      fixture.officeId,
    ]);
  });
}, 120_000);

afterAll(async () => {
  await testDb?.close();
  await cleanup?.();
});

interface HubProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

async function startHubProcess(env: Record<string, string> = {}): Promise<HubProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      LOKET_HUB_DATA_DIR: dir,
      LOKET_HUB_PORT: '0',
      LOKET_SEED: 'none',
      LOKET_HUB_SECRET: SECRET,
      LOKET_INGEST_KEY: INGEST_KEY,
      LOKET_DATABASE_URL: testDb?.url ?? '',
      ...env,
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /running at (http:\/\/\S+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then(() => reject(new Error('the hub process exited before it listened')));
  });
  return { url, child, exited };
}

async function stopGracefully(hub: HubProcess): Promise<void> {
  hub.child.kill('SIGTERM');
  await hub.exited;
}

/** Reads one customer after another from `workers` parallel clients until `stop()` says so. */
async function burst(url: string, token: string, stopAfterOks: number, onOk: (count: number) => void): Promise<{ answered: Set<string>; sent: Set<string> }> {
  const answered = new Set<string>();
  const sent = new Set<string>();
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < customers.length) {
      const id = customers[next++] as string;
      sent.add(id);
      try {
        const response = await fetch(`${url}/customers/${id}`, { headers: { authorization: `Bearer ${token}` } });
        await response.arrayBuffer();
        if (response.status === 200) {
          answered.add(id);
          if (answered.size >= stopAfterOks) stopped = true;
          onOk(answered.size);
        }
      } catch {
        stopped = true; // the hub is gone
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { answered, sent };
}

function journalLines(): number {
  const journal = path.join(dir, 'audit-journal');
  return readdirSync(journal)
    .filter((name) => name.endsWith('.jsonl'))
    .reduce((sum, name) => sum + readFileSync(path.join(journal, name), 'utf8').split('\n').filter(Boolean).length, 0);
}

async function auditRows(agentId: string): Promise<Map<string, number>> {
  const rows = await withDatabase((db) =>
    db.query<{ subject_id: string; n: number }>(`select subject_id, count(*)::int8 as n from audit_log where action = 'customer.read' and agent_id = $1 group by subject_id`, [
      agentId,
    ]),
  );
  return new Map(rows.map((row) => [row.subject_id, Number(row.n)]));
}

async function login(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Kills the hub with SIGKILL right after the `killAt`-th 200, starts it again, and stops it cleanly. */
async function crashMidBurst(agent: { id: string; email: string }, killAt: number, env: Record<string, string> = {}) {
  const first = await startHubProcess(env);
  const token = await login(first.url, agent.email);
  const { answered, sent } = await burst(first.url, token, killAt + 20, (count) => {
    if (count === killAt) first.child.kill('SIGKILL');
  });
  await first.exited;
  const inJournal = journalLines();
  const second = await startHubProcess();
  await stopGracefully(second);
  return { answered, sent, inJournal, rows: await auditRows(agent.id) };
}

describe('audit lines of reads survive a kill -9 of the hub', () => {
  it('stores one audit row for every answered read after a SIGKILL mid-burst, none twice', async (ctx) => {
    const { answered, sent, inJournal, rows } = await crashMidBurst(fixture.agents.first_line, 60);
    expect(answered.size).toBeGreaterThanOrEqual(60);
    for (const id of answered) expect(rows.get(id), `audit rows of answered read ${id}`).toBe(1);
    for (const [id, n] of rows) {
      expect(n, `audit rows of ${id}`).toBe(1);
      expect(sent.has(id)).toBe(true);
    }
    hardeningRow(ctx, {
      case: 'audit journal, hub killed mid read burst',
      fault: 'SIGKILL of the hub process after the 60th answered read, 8 reads in flight',
      result: 'every answered read audited once after the restart',
      figure: `${answered.size} answered, ${rows.size} rows, ${inJournal} lines replayed`,
    });
  }, 180_000);

  it('replays a journal the crash left whole (no batch stored before the kill), once', async (ctx) => {
    // A flush delay longer than the test: every answered read is only in the journal at the kill.
    const { answered, inJournal, rows } = await crashMidBurst(fixture.agents.second_line, 40, { LOKET_AUDIT_FLUSH_MS: '600000' });
    expect(inJournal).toBeGreaterThanOrEqual(answered.size);
    for (const id of answered) expect(rows.get(id), `audit rows of answered read ${id}`).toBe(1);
    for (const n of rows.values()) expect(n).toBe(1);
    hardeningRow(ctx, {
      case: 'audit journal replay at start',
      fault: 'SIGKILL with no batch stored yet',
      result: 'the restarted hub stored every journalled line once',
      figure: `${answered.size} answered, ${inJournal} lines in the journal, ${rows.size} rows`,
    });
  }, 180_000);
});
