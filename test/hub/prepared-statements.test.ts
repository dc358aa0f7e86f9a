import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/hub-db.ts';

// Statements with parameters run as named prepared statements on both drivers (server/db/database.ts,
// server/db/pglite-prepared.ts): parsed once, then bound and executed. Here what that must not
// change: the rows, the errors, transactions, and a table whose columns change under a kept statement.
let test: TestDatabase;

beforeAll(async () => {
  test = await openTestDatabase();
  await test.db.exec('create table prepared_probe (id uuid primary key, name text not null, n bigint, at timestamptz, tags text[])');
});

afterAll(async () => {
  await test?.close();
});

describe(`prepared statements (${testDatabaseKind()})`, () => {
  it('answers the same statement right every time, past the point where a generic plan may be used', async () => {
    const ids = Array.from({ length: 12 }, () => randomUUID());
    for (const [i, id] of ids.entries()) {
      await test.db.query('insert into prepared_probe (id, name, n, at, tags) values ($1, $2, $3, $4, $5)', [
        id,
        `name ${i}`,
        i % 3 === 0 ? null : i * 1_000_000_000,
        new Date(Date.UTC(2026, 0, 1 + i)),
        i % 2 === 0 ? ['a', `t${i}`] : [],
      ]);
    }
    for (const [i, id] of ids.entries()) {
      const rows = await test.db.query<{ id: string; name: string; n: number | null; at: Date; tags: string[] }>(
        'select id, name, n, at, tags from prepared_probe where id = $1',
        [id],
      );
      expect(rows).toEqual([{ id, name: `name ${i}`, n: i % 3 === 0 ? null : i * 1_000_000_000, at: new Date(Date.UTC(2026, 0, 1 + i)), tags: i % 2 === 0 ? ['a', `t${i}`] : [] }]);
    }
    // An array parameter, and a statement whose answer is no rows.
    const some = await test.db.query<{ name: string }>('select name from prepared_probe where id = any($1::uuid[]) order by name', [ids.slice(0, 3)]);
    expect(some.map((row) => row.name)).toEqual(['name 0', 'name 1', 'name 2']);
    expect(await test.db.query('select name from prepared_probe where id = any($1::uuid[])', [[randomUUID()]])).toEqual([]);
  });

  it('fails a statement with the database’s error code, and runs it again afterwards', async () => {
    const id = randomUUID();
    const insert = 'insert into prepared_probe (id, name) values ($1, $2)';
    await test.db.query(insert, [id, 'first']);
    await expect(test.db.query(insert, [id, 'again'])).rejects.toMatchObject({ code: '23505' });
    await test.db.query(insert, [randomUUID(), 'after the failure']);
    await expect(test.db.query('selec name from prepared_probe where id = $1', [id])).rejects.toMatchObject({ code: '42601' });
    // A value its parameter's type refuses fails at bind time, before the statement runs.
    await expect(test.db.query('select name from prepared_probe where id = $1', ['not-a-uuid'])).rejects.toMatchObject({ code: '22P02' });
    expect(await test.db.query('select name from prepared_probe where id = $1', [id])).toEqual([{ name: 'first' }]);
  });

  it('hands a read’s fields over as the database’s UTF-8 text (nulls as null), and fails it with the database’s error code', async () => {
    const id = randomUUID();
    const name = 'Zoë “Łukasiewicz” 配送 📦';
    await test.db.query('insert into prepared_probe (id, name, n) values ($1, $2, $3)', [id, name, 42]);
    const read = 'select name, n, json_build_array(name, n, at)::text as doc, null::text as nothing from prepared_probe where id = $1';
    for (let run = 0; run < 7; run++) {
      const rows = await test.db.queryBytes(read, [id]);
      expect(rows.map((row) => row.map((field) => field?.toString('utf8') ?? null))).toEqual([[name, '42', JSON.stringify([name, 42, null]).replaceAll(',', ', '), null]]);
    }
    expect(await test.db.queryBytes(read, [randomUUID()])).toEqual([]);
    // Without parameters (no prepared statement) the same answer comes from the plain path.
    expect((await test.db.queryBytes(`select 'é'::text as e, 7::int8 as n`, [])).map((row) => row.map(String))).toEqual([['é', '7']]);
    await expect(test.db.queryBytes('select name from prepared_probe where id = $1::uuid and 1 / (n - 42) > 0', [id])).rejects.toMatchObject({ code: '22012' });
    await expect(test.db.queryBytes('select name from prepared_probe where id = $1', ['not-a-uuid'])).rejects.toMatchObject({ code: '22P02' });
    expect((await test.db.queryBytes('select name from prepared_probe where id = $1', [id]))[0]?.[0]?.toString()).toBe(name);
  });

  it('hands over an answer of several MB whole (one field of a few MB, and many rows), as the decoded path reads it', async () => {
    // A snapshot page: one JSON text of a few MB, which PGlite's backend writes in several chunks.
    const big = 'select string_agg(md5(g::text) || $2, \',\' order by g) as text from generate_series(1, $1::int) g';
    for (const count of [1_000, 150_000]) {
      const [row] = await test.db.queryBytes(big, [count, 'é']);
      const [expected] = await test.db.query<{ text: string }>(big, [count, 'é']);
      expect(row?.[0]?.length).toBe(Buffer.byteLength(expected?.text ?? ''));
      expect(row?.[0]?.toString('utf8')).toBe(expected?.text);
    }
    const many = 'select g, repeat(md5(g::text), 8) as filler from generate_series(1, $1::int) g order by g';
    const rows = await test.db.queryBytes(many, [20_000]);
    expect(rows.length).toBe(20_000);
    expect(rows.map((row) => row.map((field) => field?.toString('utf8')))).toEqual(
      (await test.db.query<{ g: number; filler: string }>(many, [20_000])).map((row) => [String(row.g), row.filler]),
    );
  });

  it('never runs inside another caller’s open transaction', async () => {
    const id = randomUUID();
    let inserted: () => void = () => undefined;
    const insertedNow = new Promise<void>((resolve) => (inserted = resolve));
    const rolledBack = test.db
      .transaction(async (tx) => {
        await tx.query('insert into prepared_probe (id, name) values ($1, $2)', [id, 'never committed']);
        inserted();
        // Held open while the statement below is sent.
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('roll back');
      })
      .catch((error: unknown) => error);
    await insertedNow;
    // PGlite waits for the transaction to end; PostgreSQL answers from another connection. Either
    // way the row that was never committed is not seen.
    expect(await test.db.query('select name from prepared_probe where id = $1', [id])).toEqual([]);
    expect(await rolledBack).toBeInstanceOf(Error);
  });

  it('answers a kept `select *` after its table gained a column', async () => {
    await test.db.exec('create table prepared_shape (id int primary key, a text)');
    await test.db.query('insert into prepared_shape (id, a) values ($1, $2)', [1, 'one']);
    const read = () => test.db.query('select * from prepared_shape where id = $1', [1]);
    expect(await read()).toEqual([{ id: 1, a: 'one' }]);
    expect(await read()).toEqual([{ id: 1, a: 'one' }]);
    await test.db.exec("alter table prepared_shape add column b text not null default 'two'");
    expect(await read()).toEqual([{ id: 1, a: 'one', b: 'two' }]);
    expect(await read()).toEqual([{ id: 1, a: 'one', b: 'two' }]);
  });
});
