import { createHash } from 'node:crypto';
import { parse as results, protocol, type PGlite } from '@electric-sql/pglite';
import { GrowingBytes } from '../growing-bytes.ts';

// PGlite's `query` runs every statement as a fresh unnamed one: parse, describe, bind, describe,
// execute and sync, six calls into the WebAssembly PostgreSQL, and the parse and plan each time.
// Planning also asks every relation it touches for its size (an lseek and fstat per file through
// Node's fs), which was a good part of a short read on the hub. Here a statement with parameters
// is parsed once as a named prepared statement, and each run is one call with bind, describe,
// execute and sync: PostgreSQL then reuses its plan (or replans from the parsed tree when its
// generic plan would cost more, plan_cache_mode auto). Same results and errors as `query`.

const { serialize } = protocol;

/** Beyond this many distinct texts (built at run time), statements run unnamed through `query`. */
const PREPARED_MAX = 2_000;

interface Prepared {
  readonly name: string;
  /** The parameters' type oids, to serialise values as `query` would. */
  readonly paramTypes: readonly number[];
}

export interface PgliteStatements {
  /** Runs one statement outside a transaction; unnamed (`query`) when it has no parameters. */
  query<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
  /** The same for a read whose rows are wanted as their fields' UTF-8 text, undecoded (`Database.queryBytes`). */
  queryBytes(sql: string, params: readonly unknown[]): Promise<FieldBytes[][]>;
}

/** One field of a row as the database wrote its text (UTF-8), or null for SQL null. */
export type FieldBytes = Buffer | null;

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The error as `query` throws it (its statement and parameters attached, for the logs). */
function withStatement(error: unknown, sql: string, params: readonly unknown[]): unknown {
  if (error && typeof error === 'object' && 'code' in error) Object.assign(error, { query: sql, params: [...params] });
  return error;
}

/** "cached plan must not change result type" (feature_not_supported). */
export function planOutdated(error: unknown): boolean {
  return error instanceof Error && (error as { code?: string }).code === '0A000' && /cached plan/.test(error.message);
}

export function pgliteStatements(db: PGlite): PgliteStatements {
  const prepared = new Map<string, Prepared>();

  const prepare = async (sql: string): Promise<Prepared> => {
    const name = `loket_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
    const messages = await db.execProtocolStream(concat([serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()]), {
      syncToFs: false,
    });
    const statement = { name, paramTypes: results.parseDescribeStatementResults(messages) };
    prepared.set(sql, statement);
    return statement;
  };

  const forget = async (sql: string, statement: Prepared): Promise<void> => {
    prepared.delete(sql);
    await db.execProtocolStream(concat([serialize.close({ type: 'S', name: statement.name }), serialize.sync()]), { syncToFs: false });
  };

  const run = async <T>(statement: Prepared, params: readonly unknown[]): Promise<T[]> => {
    const messages = await db.execProtocolStream(
      concat([serialize.bind({ statement: statement.name, values: serialised(statement, params) }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
    );
    return (results.parseResults(messages, db.parsers)[0]?.rows ?? []) as T[];
  };

  // The rows' fields as the bytes PostgreSQL wrote: PGlite's own path (`execProtocolRaw` too)
  // parses every message and decodes each field into a string, which for a snapshot page (one JSON
  // text of a few MB) was ~10 s of a first sync's hub CPU, and the hub then encoded it to UTF-8
  // again to send it. The raw stream skips that parse: a read answers with no notification (PGlite
  // has one backend; a NOTIFY reaches its listeners in the output of the statement that commits
  // it). An error answer is run once more through `run`, which throws it as `query` would (the
  // statement only reads).
  const runBytes = async (statement: Prepared, params: readonly unknown[]): Promise<FieldBytes[][]> => {
    // A chunk is a view into PostgreSQL's memory, reused after the call: copied, once. A snapshot
    // page comes as an 8 KB chunk, one of a few MB and a small last one; copying each
    // (`Buffer.from` zero-fills first) and then joining them copied every page twice (~3 s of a
    // first sync's hub CPU).
    const answer = new GrowingBytes();
    await db.execProtocolRawStream(concat([serialize.bind({ statement: statement.name, values: serialised(statement, params) }), serialize.execute({}), serialize.sync()]), {
      onRawData: (chunk) => answer.write(chunk),
    });
    const rows = dataRows(answer.bytes());
    if (rows === null) {
      await run(statement, params);
      throw new Error(`${statement.name}: the database answered with an error but none was raised`);
    }
    return rows;
  };

  const serialised = (statement: Prepared, params: readonly unknown[]) =>
    params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const serializer = db.serializers[statement.paramTypes[i] ?? 0];
      return serializer ? serializer(param) : String(param);
    });

  /** Runs `work` with the statement prepared, under the two locks `query` takes (PGlite's `runExclusive` takes only the second): no other statement runs in between, and none inside another caller's open transaction. */
  const exclusive = async <R>(sql: string, params: readonly unknown[], work: (statement: Prepared) => Promise<R>): Promise<R> => {
    await db._checkReady();
    return db._runExclusiveTransaction(() =>
      db._runExclusiveQuery(async () => {
        try {
          const statement = prepared.get(sql) ?? (await prepare(sql));
          try {
            return await work(statement);
          } catch (error) {
            if (!planOutdated(error)) throw error;
            // A table's columns changed under a kept `select *` (a migration): PostgreSQL
            // refuses the old plan once; the statement is parsed again.
            await forget(sql, statement);
            return await work(await prepare(sql));
          }
        } catch (error) {
          throw withStatement(error, sql, params);
        }
      }),
    );
  };
  const unnamed = (sql: string, params: readonly unknown[]) => params.length === 0 || (!prepared.has(sql) && prepared.size >= PREPARED_MAX);

  return {
    async query<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
      if (unnamed(sql, params)) return (await db.query<T>(sql, [...params])).rows;
      return exclusive(sql, params, (statement) => run<T>(statement, params));
    },
    async queryBytes(sql: string, params: readonly unknown[]): Promise<FieldBytes[][]> {
      if (unnamed(sql, params)) return textBytes((await db.query<unknown[]>(sql, [...params], { rowMode: 'array' })).rows);
      return exclusive(sql, params, (statement) => runBytes(statement, params));
    },
  };
}

/** Rows of already decoded values as UTF-8 text (the path without a prepared statement, and PostgreSQL's). */
export function textBytes(rows: readonly (readonly unknown[])[]): FieldBytes[][] {
  return rows.map((row) => row.map((value) => (value === null || value === undefined ? null : Buffer.from(typeof value === 'string' ? value : String(value)))));
}

const ERROR_RESPONSE = 0x45; // 'E'
const DATA_ROW = 0x44; // 'D'

/**
 * The DataRow messages of a backend answer, each field a view into it; null when the answer
 * holds an ErrorResponse. (Message: a type byte, an int32 length that counts itself, the body;
 * a DataRow's body: an int16 field count, then per field an int32 length, -1 for null, and the bytes.)
 */
export function dataRows(raw: Uint8Array): FieldBytes[][] | null {
  const view = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const rows: FieldBytes[][] = [];
  let at = 0;
  while (at + 5 <= view.length) {
    const type = view[at]!;
    const end = at + 1 + view.readInt32BE(at + 1);
    if (type === ERROR_RESPONSE) return null;
    if (type === DATA_ROW) {
      const fields: FieldBytes[] = [];
      let field = at + 7;
      for (let i = view.readInt16BE(at + 5); i > 0; i--) {
        const length = view.readInt32BE(field);
        field += 4;
        fields.push(length < 0 ? null : view.subarray(field, field + length));
        field += Math.max(length, 0);
      }
      rows.push(fields);
    }
    at = end;
  }
  return rows;
}
