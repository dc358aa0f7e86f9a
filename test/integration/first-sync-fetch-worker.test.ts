// The first sync's pages fetched on a worker thread (main/sync/snapshot-pages.ts), against a real
// hub (PGlite) behind a real HTTP proxy that lists every request and refuses the ones a test
// picks: the worker's load is cut off and resumed from its saved position, a refused access token
// is renewed by the main thread's session, each table's indexes are built once its last page is
// in, a load saved in the old table order resumes in that order, and a refused page ends the load
// with the hub's error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_TABLES, SNAPSHOT_TABLES_BEFORE } from '../../common/hub/snapshot.ts';
import { LocalCache } from '../../main/cache/local-cache.ts';
import { keyFileVault } from '../../main/cache/vault.ts';
import { HubRequestError, HubSession } from '../../main/hub/hub-session.ts';
import { pullSnapshot, type SnapshotTimings } from '../../main/sync/snapshot-pull.ts';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { startFaultyProxy, type Fault, type FaultyProxy } from '../support/faulty-proxy.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { until } from '../support/services-requests.ts';
import { tempDir } from '../support/temp-dir.ts';
import { seedBulkRows } from '../support/bulk-rows.ts';

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let temp: { dir: string; cleanup: () => Promise<void> };
const proxies: FaultyProxy[] = [];

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  await seedBulkRows(db, { customers: 120, notesEach: 4, emails: true });
  hub = await startHub(db);
  temp = await tempDir();
}, 60_000);

afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await hub?.close();
  await db?.close();
  await temp?.cleanup();
});

/**
 * A proxy of its own for each run (a worker stopped with its load may still have a request on the
 * way), refusing its `refuseAt`-th snapshot request.
 */
async function proxyFor(refuseAt: number | null = null, fault: Fault = 'pass'): Promise<FaultyProxy> {
  let seen = 0;
  const proxy = await startFaultyProxy(hub.url, (_method, path) => (path.startsWith('/sync/snapshot') && ++seen === refuseAt ? fault : 'pass'));
  proxies.push(proxy);
  return proxy;
}

/** A signed-in session through the proxy, with the global fetch (so the worker can fetch). */
async function signedIn(dir: string, proxy: FaultyProxy): Promise<HubSession> {
  const session = new HubSession({
    credentials: { method: 'password', url: proxy.url, email: fixture.agents.team_lead.email, password: PASSWORD },
    vault: keyFileVault(`${dir}/secrets`),
    deviceName: 'fetch worker test',
  });
  session.start();
  await until('signed in', () => session.status().state === 'signedIn' || undefined);
  return session;
}

const timings = (): SnapshotTimings => ({ waitMs: 0, applyMs: 0, fetchedBy: null, finish: null, tables: {} });
const indexesOf = (cache: LocalCache, table: string): unknown[] =>
  cache.db.prepare(`select name from sqlite_master where type = 'index' and sql is not null and tbl_name = ? order by name`).pluck().all(table);
const snapshotRequests = (proxy: FaultyProxy) => proxy.seen.filter((request) => request.path.startsWith('/sync/snapshot'));
const count = async (sql: string) => Number((await db.query<{ n: number }>(sql))[0]?.n);

describe('a first sync fetched on a worker thread', () => {
  it('resumes a cut-off load from its saved position, renews a refused token, builds each table’s indexes after its last page, and ends equal to the hub', async () => {
    const dir = `${temp.dir}/resume`;
    const vault = keyFileVault(`${dir}/secrets`);
    let session = await signedIn(dir, await proxyFor());
    let cache = LocalCache.open(`${dir}/cache`, vault);
    const interactionIndexes = indexesOf(cache, 'interaction');
    const orderIndexes = indexesOf(cache, 'shop_order');
    const contactIndexes = [...indexesOf(cache, 'customer_phone'), ...indexesOf(cache, 'customer_email')];
    expect(contactIndexes).toHaveLength(2);
    expect(interactionIndexes.length).toBeGreaterThan(0);
    expect(orderIndexes.length).toBeGreaterThan(0);

    let pages = 0;
    const first = timings();
    const cutOff = await pullSnapshot(session, cache, { keepSinceMs: () => null, stopped: () => pages >= 5, onPage: () => void pages++, pageRows: 40, timings: first });
    expect(cutOff).toBeNull();
    expect(first.fetchedBy).toBe('worker');
    const cut = cache.snapshotPosition();
    expect(cut?.tables).toEqual(SNAPSHOT_TABLES);
    expect(cut?.rows).toBeGreaterThan(40);
    // The per-table timings count the rows written, table by table.
    expect(Object.values(first.tables).reduce((rows, table) => rows + table.rows, 0)).toBe(cut?.rows);
    cache.close();
    session.stop();

    // Again, from the saved position; the hub refuses the first page's access token once.
    const proxy = await proxyFor(1, { status: 401, code: 'auth.expired' });
    session = await signedIn(dir, proxy);
    cache = LocalCache.open(`${dir}/cache`, vault);
    const seenAtOrders: { interaction: unknown[]; shopOrder: unknown[]; contacts: unknown[] }[] = [];
    const second = timings();
    const upTo = await pullSnapshot(session, cache, {
      keepSinceMs: () => null,
      stopped: () => false,
      onPage: () => {
        if (seenAtOrders.length === 0 && cache.snapshotPosition()?.table === 'shop_order') {
          seenAtOrders.push({
            interaction: indexesOf(cache, 'interaction'),
            shopOrder: indexesOf(cache, 'shop_order'),
            contacts: [...indexesOf(cache, 'customer_phone'), ...indexesOf(cache, 'customer_email')],
          });
        }
      },
      pageRows: 40,
      timings: second,
    });
    expect(second.fetchedBy).toBe('worker');
    expect(upTo).toBe(cut?.upTo);
    // Every table from the one it was cut off in, in load order, each with its time.
    expect(Object.keys(second.tables)).toEqual(SNAPSHOT_TABLES.slice(SNAPSHOT_TABLES.indexOf(cut!.table as (typeof SNAPSHOT_TABLES)[number])));
    expect(Object.values(second.tables).every((table) => table.applyMs > 0)).toBe(true);

    const requests = snapshotRequests(proxy);
    // Refused, then the same page again with a renewed token (the session's refresh went through the proxy).
    expect(requests[0]?.fault).toEqual({ status: 401, code: 'auth.expired' });
    expect(requests[1]?.path).toBe(requests[0]?.path);
    expect(proxy.seen.findIndex((request) => request.path === '/auth/refresh')).toBeGreaterThan(proxy.seen.indexOf(requests[0]!));
    // Not from zero: the saved position, the same snapshot sequence value.
    expect(requests[0]?.path).toContain(cut?.after ? `table=${cut.table}&after=${cut.after}&` : `table=${cut?.table}&limit`);
    expect(requests[0]?.path).toContain(`upTo=${cut?.upTo}`);
    expect(requests.some((request) => request.path.includes('table=agent&'))).toBe(false);

    // Once the interactions were all in (the load moved on to the orders), their indexes were built, and the
    // customers' phone and e-mail indexes with the customers before them; the orders' not yet.
    expect(seenAtOrders).toEqual([{ interaction: interactionIndexes, shopOrder: [], contacts: contactIndexes }]);
    expect(indexesOf(cache, 'shop_order')).toEqual(orderIndexes);

    expect(cache.snapshotPosition()).toBeNull();
    const local = (sql: string) => Number(cache.db.prepare(sql).pluck().get());
    expect(local('select count(*) from customer')).toBe(await count('select count(*) as n from customer'));
    expect(local('select count(*) from shop_order')).toBe(await count('select count(*) as n from shop_order'));
    expect(local('select count(*) from order_event')).toBe(await count('select count(*) as n from order_event'));
    expect(local('select count(*) from interaction')).toBe(await count('select count(*) as n from interaction where customer_id is not null'));
    const hubNotes = await db.query<{ id: string; note: string | null }>('select id, note from interaction where customer_id is not null order by id');
    expect(cache.db.prepare('select id, note from interaction order by id').all()).toEqual(hubNotes);
    expect(cache.db.prepare('select count(*) from order_event where customer_id is null').pluck().get()).toBe(0);
    expect(cache.queries.searchNotes('notatka', 1_000).length).toBe(480);
    expect(cache.db.pragma('integrity_check', { simple: true })).toBe('ok');
    cache.close();
    session.stop();
  });

  it('resumes a load saved in the table order before interactions came first in that order', async () => {
    const dir = `${temp.dir}/legacy`;
    const proxy = await proxyFor();
    const session = await signedIn(dir, proxy);
    const cache = LocalCache.open(`${dir}/cache`, keyFileVault(`${dir}/secrets`));
    const { upTo } = (await session.request('GET', '/sync/snapshot?table=agent&limit=1')) as { upTo: number };
    // A position as the version before saved it: agents to carts done, interactions next, no `tables`.
    cache.beginSnapshot({ upTo, table: 'interaction', after: '', rows: 0 });
    const done = await pullSnapshot(session, cache, { keepSinceMs: () => null, stopped: () => false, onPage: () => undefined, pageRows: 1_000 });
    expect(done).toBe(upTo);
    const tables = snapshotRequests(proxy).slice(1).map((request) => new URLSearchParams(request.path.split('?')[1]).get('table'));
    expect([...new Set(tables)]).toEqual(SNAPSHOT_TABLES_BEFORE.slice(SNAPSHOT_TABLES_BEFORE.indexOf('interaction')));
    expect(Number(cache.db.prepare('select count(*) from interaction').pluck().get())).toBeGreaterThan(0);
    expect(Number(cache.db.prepare('select count(*) from shop_order').pluck().get())).toBe(0);
    cache.close();
    session.stop();
  });

  it('ends the load with the hub’s error when it refuses a page, keeping the pages before', async () => {
    const dir = `${temp.dir}/refused`;
    // The worker's fifth request is refused: four pages came before it.
    const proxy = await proxyFor(5, { status: 503, code: 'hub.busy' });
    const session = await signedIn(dir, proxy);
    const cache = LocalCache.open(`${dir}/cache`, keyFileVault(`${dir}/secrets`));
    let pages = 0;
    const refused = pullSnapshot(session, cache, { keepSinceMs: () => null, stopped: () => false, onPage: () => void pages++, pageRows: 40 });
    await expect(refused).rejects.toEqual(new HubRequestError(503, 'hub.busy'));
    const requests = snapshotRequests(proxy);
    expect(requests.map((request) => request.fault)).toEqual(['pass', 'pass', 'pass', 'pass', { status: 503, code: 'hub.busy' }]);
    expect(pages).toBe(4);
    // The position saved with the fourth page is the refused request's.
    const kept = cache.snapshotPosition();
    expect(requests[4]?.path).toContain(kept?.after ? `table=${kept.table}&after=${encodeURIComponent(kept.after)}&` : `table=${kept?.table}&limit`);
    cache.close();
    session.stop();
  });
});
