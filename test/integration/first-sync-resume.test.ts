// The first sync through the hub's snapshot, against a real hub (PGlite) and a real encrypted
// cache: cut off half-way, it resumes where it stopped (not from zero), rows changed meanwhile
// come by the delta sync after it, and the cache ends equal to the hub — no row missing or twice,
// indexes and both search indexes built.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCache } from '../../main/cache/local-cache.ts';
import { keyFileVault } from '../../main/cache/vault.ts';
import { HubSession } from '../../main/hub/hub-session.ts';
import { pullSnapshot } from '../../main/sync/snapshot-pull.ts';
import { Syncer } from '../../main/sync/syncer.ts';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { until } from '../support/services-requests.ts';
import { tempDir } from '../support/temp-dir.ts';
import { seedBulkRows } from '../support/bulk-rows.ts';

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let temp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  await seedBulkRows(db, { customers: 120, notesEach: 4, emails: true });
  hub = await startHub(db);
  temp = await tempDir();
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
  await temp?.cleanup();
});

/** A console's session whose requests are listed (the hub still answers them all). */
function sessionFor(role: keyof Fixture['agents'], dir: string, requested: string[]): HubSession {
  return new HubSession({
    credentials: { method: 'password', url: hub.url, email: fixture.agents[role].email, password: PASSWORD },
    vault: keyFileVault(`${dir}/secrets`),
    deviceName: 'resume test',
    fetch: (input, init) => {
      requested.push(String(input).slice(hub.url.length));
      return fetch(input, init);
    },
  });
}

const count = async (sql: string) => Number((await db.query<{ n: number }>(sql))[0]?.n);

describe('a first sync cut off half-way', () => {
  it('resumes where it stopped and ends with the cache equal to the hub, nothing twice, indexes and search built', async () => {
    const vault = keyFileVault(`${temp.dir}/secrets`);
    const firstRun: string[] = [];
    const session = sessionFor('team_lead', temp.dir, firstRun);
    session.start();
    await until('signed in', () => session.status().state === 'signedIn' || undefined);
    let cache = LocalCache.open(`${temp.dir}/cache`, vault);
    const freshIndexes = cache.db.prepare(`select name from sqlite_master where type = 'index' and sql is not null order by name`).pluck().all();
    let pages = 0;
    // The console closes after six pages (the sync is told to stop, as on quit or sign-out).
    const upTo = await pullSnapshot(session, cache, { keepSinceMs: () => null, stopped: () => pages >= 6, onPage: () => void pages++, pageRows: 40 });
    expect(upTo).toBeNull();
    const cut = cache.snapshotPosition();
    expect(cut).not.toBeNull();
    expect(cut?.rows).toBeGreaterThan(40);
    expect(cut?.table).not.toBe('agent');
    expect(cache.cursor()).toBe(0);
    cache.close();
    session.stop();

    // Meanwhile the hub changes: a customer the cut-off load already had, and a new note.
    const renamed = fixture.customers.anna.id;
    await db.query(`update customer set name = 'Anna Nowak-Renamed', change_seq = nextval('change_seq') where id = $1`, [renamed]);
    await db.query(`insert into interaction (id, customer_id, channel, direction, started_at, note, request_hash) values (gen_random_uuid(), $1, 'note', 'internal', now(), 'dopisana po przerwie', 'resume-test')`, [renamed]);

    // The console starts again: same cache file, a fresh session and syncer.
    const secondRun: string[] = [];
    const again = sessionFor('team_lead', temp.dir, secondRun);
    cache = LocalCache.open(`${temp.dir}/cache`, vault);
    // The resumed load writes in bulk mode too (through a rollback journal, not the WAL), though this connection is new.
    const journals: unknown[] = [];
    const applyPage = cache.applySnapshotPage.bind(cache);
    cache.applySnapshotPage = (changes, position, keepSinceMs) => {
      journals.push(cache.db.pragma('journal_mode', { simple: true }));
      return applyPage(changes, position, keepSinceMs);
    };
    const syncer = new Syncer(again, cache, { onStatus: () => undefined, onApplied: () => undefined, onReachable: () => undefined, onLiveEvent: () => undefined }, () => null);
    again.start();
    await until('signed in again', () => again.status().state === 'signedIn' || undefined);
    syncer.start();
    await until('the first sync', () => syncer.lastSyncedAt ?? undefined);
    syncer.stop();
    again.stop();

    // Not from zero: the first snapshot request of the second run is the saved position.
    const snapshots = secondRun.filter((path) => path.startsWith('/sync/snapshot'));
    expect(snapshots[0]).toContain(cut?.after ? `table=${cut.table}&after=${cut.after}&` : `table=${cut?.table}&limit`);
    expect(snapshots[0]).toContain(`upTo=${cut?.upTo}`);
    expect(snapshots.some((path) => path.includes('table=agent&'))).toBe(false);
    expect(cache.snapshotPosition()).toBeNull();
    expect(cache.cursor()).toBeGreaterThan(cut?.upTo ?? 0);
    expect(journals.length).toBeGreaterThan(0);
    expect(new Set(journals)).toEqual(new Set(['truncate']));
    expect(cache.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(Number(cache.db.pragma('wal_autocheckpoint', { simple: true }))).toBe(1_000);

    // Equal to the hub: every row once, fields as the hub holds them.
    const local = (sql: string) => Number(cache.db.prepare(sql).pluck().get());
    expect(local('select count(*) from customer')).toBe(await count('select count(*) as n from customer'));
    expect(local('select count(*) from shop_order')).toBe(await count('select count(*) as n from shop_order'));
    expect(local('select count(*) from order_event')).toBe(await count('select count(*) as n from order_event'));
    expect(local('select count(*) from interaction')).toBe(await count('select count(*) as n from interaction where customer_id is not null'));
    expect(local('select count(*) from customer_phone')).toBe(await count('select count(*) as n from customer_phone'));
    const hubCustomers = await db.query<{ id: string; name: string }>('select id, name from customer order by id');
    expect(cache.db.prepare('select id, name from customer order by id').all()).toEqual(hubCustomers);
    const hubNotes = await db.query<{ id: string; note: string | null }>('select id, note from interaction where customer_id is not null order by id');
    expect(cache.db.prepare('select id, note from interaction order by id').all()).toEqual(hubNotes);
    expect(cache.db.prepare('select count(*) from order_event where customer_id is null').pluck().get()).toBe(0);

    // The indexes the load dropped are back, and both search indexes answer.
    expect(cache.db.prepare(`select name from sqlite_master where type = 'index' and sql is not null order by name`).pluck().all()).toEqual(freshIndexes);
    expect(cache.queries.search('Nowak', 20, 'NL').map((hit) => hit.id)).toContain(renamed);
    expect(cache.queries.search('Bulkowa Klientka 77', 20, 'PL').length).toBeGreaterThan(0);
    expect(cache.queries.searchNotes('przerwie', 20).length).toBe(1);
    expect(cache.queries.searchNotes('notatka', 1_000).length).toBe(480);
    expect(cache.db.pragma('integrity_check', { simple: true })).toBe('ok');
    cache.close();
  });
});
