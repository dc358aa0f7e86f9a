// The first sync through the hub's snapshot when the hub dies under it: a real hub process
// (`npm run hub`'s server/main.ts, PGlite) is killed with SIGKILL half-way through a console's
// first sync, and started again on the same address. The console's syncer (real session, real
// encrypted cache) keeps retrying, resumes after the last page it kept (not from zero, with the
// same snapshot sequence value) and ends with the cache equal to the hub: no row missing or twice,
// indexes and both search indexes built.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCache } from '../../main/cache/local-cache.ts';
import { keyFileVault } from '../../main/cache/vault.ts';
import { HubSession } from '../../main/hub/hub-session.ts';
import { Syncer } from '../../main/sync/syncer.ts';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { INGEST_KEY, PASSWORD, seedFixture, type Fixture } from '../support/hub-fixture.ts';
import { until } from '../support/services-requests.ts';
import { tempDir } from '../support/temp-dir.ts';
import { seedBulkRows } from '../support/bulk-rows.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SECRET = 'first-sync-kill-secret-first-sync-kill';
/** Snapshot requests answered before the hub is killed (pages of 40 rows: the cut falls in the customers). */
const KILL_AT_REQUEST = 8;

let dir: string;
let cleanup: () => Promise<void>;
let fixture: Fixture;
let port: number;

/** The hub's folder is PGlite's: the test opens it only while no hub process runs. */
async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openPglite(path.join(dir, 'pglite'));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

interface HubProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

async function startHubProcess(): Promise<HubProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOKET_HUB_DATA_DIR: dir, LOKET_HUB_PORT: String(port), LOKET_SEED: 'none', LOKET_HUB_SECRET: SECRET, LOKET_INGEST_KEY: INGEST_KEY, LOKET_DATABASE_URL: '' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (/running at http:\/\//.test(line)) resolve();
    });
    void exited.then(() => reject(new Error('the hub process exited before it listened')));
  });
  return { child, exited };
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('loket-first-sync-kill-'));
  port = await freePort();
  await withDatabase(async (db) => {
    await migrate(db);
    fixture = await seedFixture(db);
    await seedBulkRows(db, { customers: 150, notesEach: 3, emails: false });
  });
}, 120_000);

afterAll(async () => {
  await cleanup?.();
});

describe('a first sync whose hub is killed half-way', () => {
  it('resumes after the last page kept once the hub is back, and ends with the cache equal to the hub', async () => {
    let hub: HubProcess | null = await startHubProcess();
    const requested: string[] = [];
    let snapshotRequests = 0;
    let killed: Promise<void> | null = null;
    let wasKilled = false;
    const session = new HubSession({
      credentials: { method: 'password', url: `http://127.0.0.1:${port}`, email: fixture.agents.team_lead.email, password: PASSWORD },
      vault: keyFileVault(`${dir}/console/secrets`),
      deviceName: 'kill test',
      fetch: async (input, init) => {
        const target = String(input);
        if (target.includes('/sync/snapshot') && ++snapshotRequests === KILL_AT_REQUEST && hub) {
          // The hub dies with this request on its way (and the page it was building ahead).
          const dying = hub;
          hub = null;
          dying.child.kill('SIGKILL');
          wasKilled = true;
          killed = dying.exited;
          await killed;
        }
        requested.push(target.replace(/^https?:\/\/[^/]+/, ''));
        return fetch(input, init);
      },
    });
    const cache = LocalCache.open(`${dir}/console/cache`, keyFileVault(`${dir}/console/secrets`));
    const freshIndexes = cache.db.prepare(`select name from sqlite_master where type = 'index' and sql is not null order by name`).pluck().all();
    const unreachable: boolean[] = [];
    const syncer = new Syncer(
      session,
      cache,
      { onStatus: () => undefined, onApplied: () => undefined, onReachable: (reachable) => void unreachable.push(!reachable), onLiveEvent: () => undefined },
      () => null,
      { snapshotRows: 40 },
    );
    try {
      session.start();
      await until('signed in', () => session.status().state === 'signedIn' || undefined, 30_000);
      syncer.start();

      await until('the hub killed', () => wasKilled || undefined, 60_000);
      await killed;
      // The console notices and keeps the pages it has: bulk mode, a saved position, no cursor yet.
      await until('the console saw the hub gone', () => unreachable.includes(true) || undefined, 30_000);
      const cut = cache.snapshotPosition();
      expect(cut).not.toBeNull();
      expect(cut?.rows).toBeGreaterThan(40);
      expect(cache.cursor()).toBe(0);
      const before = requested.length;

      hub = await startHubProcess();
      // The syncer's retry backoff (up to 30 s) or the live socket's reconnect brings it back.
      await until('the first sync', () => syncer.lastSyncedAt ?? undefined, 120_000);

      // Not from zero: the first snapshot request after the restart is the saved position, same upTo.
      const after = requested.slice(before).filter((target) => target.startsWith('/sync/snapshot'));
      expect(after[0]).toContain(cut?.after ? `table=${cut.table}&after=${cut.after}&` : `table=${cut?.table}&limit`);
      expect(after[0]).toContain(`upTo=${cut?.upTo}`);
      expect(after.some((target) => target.includes('table=agent&'))).toBe(false);
      expect(cache.snapshotPosition()).toBeNull();
      expect(cache.cursor()).toBeGreaterThanOrEqual(cut?.upTo ?? 0);
    } finally {
      syncer.stop();
      session.stop();
      if (hub) {
        hub.child.kill('SIGTERM');
        await hub.exited;
      }
    }

    // Equal to the hub: every row once, fields as the hub holds them.
    await withDatabase(async (db) => {
      const count = async (sql: string) => Number((await db.query<{ n: number }>(sql))[0]?.n);
      const local = (sql: string) => Number(cache.db.prepare(sql).pluck().get());
      expect(local('select count(*) from customer')).toBe(await count('select count(*) as n from customer'));
      expect(local('select count(*) from customer_phone')).toBe(await count('select count(*) as n from customer_phone'));
      expect(local('select count(*) from shop_order')).toBe(await count('select count(*) as n from shop_order'));
      expect(local('select count(*) from order_event')).toBe(await count('select count(*) as n from order_event'));
      expect(local('select count(*) from interaction')).toBe(await count('select count(*) as n from interaction where customer_id is not null'));
      expect(cache.db.prepare('select id, name from customer order by id').all()).toEqual(await db.query('select id, name from customer order by id'));
      const hubNotes = await db.query<{ id: string; note: string | null }>('select id, note from interaction where customer_id is not null order by id');
      expect(cache.db.prepare('select id, note from interaction order by id').all()).toEqual(hubNotes);
    });
    expect(cache.db.prepare('select count(*) from order_event where customer_id is null').pluck().get()).toBe(0);
    // The indexes the load dropped are back, and both search indexes answer.
    expect(cache.db.prepare(`select name from sqlite_master where type = 'index' and sql is not null order by name`).pluck().all()).toEqual(freshIndexes);
    expect(cache.queries.search('Bulkowa Klientka 77', 20, 'PL').length).toBeGreaterThan(0);
    expect(cache.queries.searchNotes('notatka', 1_000).length).toBe(450);
    expect(cache.db.pragma('integrity_check', { simple: true })).toBe('ok');
    cache.close();
  }, 240_000); // two starts of a hub process (each migrates and opens PGlite), seconds each on a busy machine
});
