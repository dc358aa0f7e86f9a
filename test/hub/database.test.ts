// The hub's database layer behaves the same on both drivers: runs in hub-pglite and hub-postgres.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../server/db/migrate.ts';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/hub-db.ts';

const kind = testDatabaseKind();

/** Resolves with the first payload, or fails instead of hanging the test until its timeout. */
function nextNotification(timeoutMs = 5_000): { payload: Promise<string>; onNotify: (payload: string) => void } {
  let onNotify: (payload: string) => void = () => undefined;
  const payload = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no notification within ${timeoutMs} ms`)), timeoutMs);
    onNotify = (value) => {
      clearTimeout(timer);
      resolve(value);
    };
  });
  return { payload, onNotify: (value) => onNotify(value) };
}

describe(`hub database (${kind})`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase();
  });
  afterAll(async () => {
    await test?.close();
  });

  it('is the database server the project asked for, by the server\'s own account', async (ctx) => {
    // The project's name says which database it is for; the server says what it is. Reading
    // LOKET_TEST_DB again would only check the variable against itself.
    const project = ctx.task.file.projectName;
    expect(['hub-pglite', 'hub-postgres']).toContain(project);
    const [row] = await test.db.query<{ version: string; port: number | null }>('select version() as version, inet_server_port() as port');
    if (project === 'hub-postgres') {
      expect(row?.version).toMatch(/^PostgreSQL \d+/);
      expect(row?.version).not.toMatch(/PGlite|emscripten|wasm/i);
      // A real server listens on a TCP port; PGlite has no socket at all.
      expect(row?.port).toBeGreaterThan(0);
    } else {
      expect(row?.version).toMatch(/PGlite .* on wasm32/);
    }
    expect(test.db.kind).toBe(project === 'hub-postgres' ? 'postgres' : 'pglite');
  });

  it('is fully migrated, and migrating again applies nothing', async () => {
    const expected = (await loadMigrations()).map((migration) => migration.version);
    const rows = await test.db.query<{ version: number }>('select version from schema_migration order by version');
    expect(rows.map((row) => row.version)).toEqual(expected);
    expect(await migrate(test.db)).toEqual([]);
  });

  it('reads back a row it inserted', async () => {
    const id = randomUUID();
    await test.db.query('insert into office (id, code, name, country, timezone) values ($1, $2, $3, $4, $5)', [
      id, 'AMS', 'Amsterdam', 'NL', 'Europe/Amsterdam',
    ]);
    const rows = await test.db.query('select id, code, name, country, timezone from office where id = $1', [id]);
    expect(rows).toEqual([{ id, code: 'AMS', name: 'Amsterdam', country: 'NL', timezone: 'Europe/Amsterdam' }]);
  });

  it('rolls a transaction back when its work throws', async () => {
    const id = randomUUID();
    const failure = new Error('work failed');
    await expect(
      test.db.transaction(async (tx) => {
        await tx.query('insert into office (id, code, name, country, timezone) values ($1, $2, $3, $4, $5)', [
          id, 'BER', 'Berlin', 'DE', 'Europe/Berlin',
        ]);
        // Visible inside the transaction ...
        expect(await tx.query('select 1 from office where id = $1', [id])).toHaveLength(1);
        throw failure;
      }),
    ).rejects.toBe(failure);
    // ... and gone after it.
    expect(await test.db.query('select 1 from office where id = $1', [id])).toEqual([]);
  });

  it('commits a transaction whose work succeeds, and returns its result', async () => {
    const id = randomUUID();
    const result = await test.db.transaction(async (tx) => {
      await tx.query('insert into office (id, code, name, country, timezone) values ($1, $2, $3, $4, $5)', [
        id, 'PAR', 'Paris', 'FR', 'Europe/Paris',
      ]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await test.db.query('select code from office where id = $1', [id])).toEqual([{ code: 'PAR' }]);
  });

  it('returns int8 as number, timestamptz as Date, text[] as array and jsonb as object', async () => {
    await test.db.exec('create table type_probe (n bigint not null, at timestamptz not null, tags text[] not null, doc jsonb not null)');
    const at = new Date('2024-03-31T01:30:00.123Z');
    const doc = { order: 'NL-1001', lines: [{ sku: 'A-1', cents: 1999 }], gift: false, note: null };
    await test.db.query('insert into type_probe (n, at, tags, doc) values ($1, $2, $3, $4)', [
      Number.MAX_SAFE_INTEGER, at, ['vip', 'nl'], JSON.stringify(doc),
    ]);
    const [row] = await test.db.query<{ n: unknown; at: unknown; tags: unknown; doc: unknown }>('select n, at, tags, doc from type_probe');
    expect(row).toBeDefined();
    expect(typeof row?.n).toBe('number');
    expect(row?.n).toBe(Number.MAX_SAFE_INTEGER);
    expect(row?.at).toBeInstanceOf(Date);
    expect((row?.at as Date).toISOString()).toBe(at.toISOString());
    expect(row?.tags).toEqual(['vip', 'nl']);
    expect(row?.doc).toEqual(doc);

    // Both drivers also take a plain object for a jsonb parameter (pg and PGlite serialize it).
    await test.db.query('update type_probe set doc = $1', [{ ...doc, gift: true }]);
    expect(await test.db.query('select doc from type_probe')).toEqual([{ doc: { ...doc, gift: true } }]);

    // Computed values too: count(*) and nextval() are int8.
    const [computed] = await test.db.query<{ count: unknown; seq: unknown }>(
      "select count(*) as count, nextval('change_seq') as seq from type_probe",
    );
    expect(computed).toEqual({ count: 1, seq: expect.any(Number) });
  });

  it('listen gets a notification sent through the same database', async () => {
    const { payload, onNotify } = nextNotification();
    const unsubscribe = await test.db.listen('loket_same', onNotify);
    try {
      await test.db.query("select pg_notify('loket_same', 'hello')");
      expect(await payload).toBe('hello');
    } finally {
      await unsubscribe();
    }
  });

  // PGlite is one in-process connection: there is no other connection to notify from.
  it.skipIf(kind !== 'postgres')('listen gets a notification sent from another connection (postgres only: PGlite has a single connection)', async () => {
    const { payload, onNotify } = nextNotification();
    const unsubscribe = await test.db.listen('x', onNotify);
    const other = new pg.Client({ connectionString: test.url ?? undefined });
    await other.connect();
    try {
      await other.query("select pg_notify('x', 'payload')");
      expect(await payload).toBe('payload');
    } finally {
      await other.end();
      await unsubscribe();
    }
  });
});
