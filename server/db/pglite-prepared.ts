import { createHash } from 'node:crypto';
import { parse as results, protocol, type PGlite } from '@electric-sql/pglite';

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
}

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
    const values = params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const serializer = db.serializers[statement.paramTypes[i] ?? 0];
      return serializer ? serializer(param) : String(param);
    });
    const messages = await db.execProtocolStream(
      concat([serialize.bind({ statement: statement.name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
    );
    return (results.parseResults(messages, db.parsers)[0]?.rows ?? []) as T[];
  };

  return {
    async query<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
      if (params.length === 0 || (!prepared.has(sql) && prepared.size >= PREPARED_MAX)) return (await db.query<T>(sql, [...params])).rows;
      // The two locks `query` takes (PGlite's `runExclusive` takes only the second): no other
      // statement runs in between, and none inside another caller's open transaction.
      await db._checkReady();
      return db._runExclusiveTransaction(() =>
        db._runExclusiveQuery(async () => {
          try {
            const statement = prepared.get(sql) ?? (await prepare(sql));
            try {
              return await run<T>(statement, params);
            } catch (error) {
              if (!planOutdated(error)) throw error;
              // A table's columns changed under a kept `select *` (a migration): PostgreSQL
              // refuses the old plan once; the statement is parsed again.
              await forget(sql, statement);
              return await run<T>(await prepare(sql), params);
            }
          } catch (error) {
            throw withStatement(error, sql, params);
          }
        }),
      );
    },
  };
}
