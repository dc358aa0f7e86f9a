import { createHash } from 'node:crypto';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';
import { pgliteStatements, planOutdated, textBytes, type FieldBytes } from './pglite-prepared.ts';

/** Anything that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/**
 * The hub's database: PostgreSQL through `pg` in production, PGlite (PostgreSQL compiled to
 * WebAssembly, one SQL dialect) as the embedded default. Everything above this file is the same
 * for both.
 */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs one read and returns each row's fields as the database's UTF-8 text, not decoded into
   * strings: for a large JSON text the hub passes on as it is (sync-snapshot.ts).
   */
  queryBytes(sql: string, params: readonly unknown[]): Promise<FieldBytes[][]>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  /** LISTEN on a channel; resolves to an unsubscribe. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const INT8 = 20;

/** Embedded: data in `dataDir`, or in memory when it is undefined (tests). */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db = await PGlite.create(dataDir ?? 'memory://', {
    parsers: { [INT8]: (value: string) => Number(value) },
  });
  void pgliteTypes;
  // Statements with parameters as named prepared statements (pglite-prepared.ts); transactions
  // keep PGlite's own path.
  const statements = pgliteStatements(db);
  return {
    kind: 'pglite',
    query: <T>(sql: string, params: readonly unknown[] = []) => statements.query<T>(sql, params),
    queryBytes: (sql, params) => statements.queryBytes(sql, params),
    transaction: (work) =>
      db.transaction((tx) => work({ query: async <T>(sql: string, params: readonly unknown[] = []) => (await tx.query<T>(sql, [...params])).rows })),
    exec: async (sql) => void (await db.exec(sql)),
    listen: async (channel, onNotify) => {
      const unsubscribe = await db.listen(channel, onNotify);
      return async () => unsubscribe();
    },
    close: () => db.close(),
  };
}

// bigint columns (bigserial sequences, cents) fit in a double for every value Loket stores.
pg.types.setTypeParser(INT8, (value: string) => Number(value));

/**
 * A statement with parameters runs as a named prepared statement (its name made from its text):
 * each pool connection parses and plans it once and then only binds and executes it, which on the
 * hub's short reads is a good part of their time. Statements without parameters (migrations, DDL)
 * stay unnamed. Bounded: texts built at run time beyond this many distinct ones run unnamed.
 */
const PREPARED_MAX = 2_000;
const preparedNames = new Map<string, string>();

function statement(sql: string, params: readonly unknown[]): pg.QueryConfig {
  if (params.length === 0) return { text: sql };
  let name = preparedNames.get(sql);
  if (name === undefined && preparedNames.size < PREPARED_MAX) {
    name = `loket_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
    preparedNames.set(sql, name);
  }
  return name === undefined ? { text: sql, values: [...params] } : { name, text: sql, values: [...params] };
}

let renames = 0;

/**
 * After "cached plan must not change result type" (a table's columns changed under a kept
 * `select *`, a migration by another instance): the text gets a new name, which every connection
 * parses afresh, and the statement runs once more.
 */
async function runAgainIfOutdated<T>(error: unknown, sql: string, params: readonly unknown[], run: (config: pg.QueryConfig) => Promise<T>): Promise<T> {
  const name = preparedNames.get(sql);
  if (!planOutdated(error) || name === undefined) throw error;
  renames += 1;
  preparedNames.set(sql, `${name.slice(0, 38)}_${renames}`);
  return run(statement(sql, params));
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection that the server drops (restart, failover, admin) emits here; unhandled,
  // it would take the whole hub down. The pool replaces it on the next query.
  pool.on('error', (error) => console.error('[hub] idle database connection lost:', error.message));
  // Fail fast on a wrong URL instead of at the first request.
  await pool.query('select 1');
  return {
    kind: 'postgres',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const run = async (config: pg.QueryConfig) => (await pool.query(config)).rows as T[];
      return run(statement(sql, params)).catch((error: unknown) => runAgainIfOutdated(error, sql, params, run));
    },
    async queryBytes(sql, params) {
      // `pg` decodes every field into a string on its own; they are turned back into UTF-8 here.
      const run = async (config: pg.QueryConfig) => textBytes((await pool.query({ ...config, rowMode: 'array' })).rows as unknown[][]);
      return run(statement(sql, params)).catch((error: unknown) => runAgainIfOutdated(error, sql, params, run));
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work({ query: async <T>(sql: string, params: readonly unknown[] = []) => (await client.query(statement(sql, params))).rows as T[] });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => void (await pool.query(sql)),
    async listen(channel, onNotify) {
      // LISTEN needs its own connection for as long as it listens. When that connection is lost
      // it is reopened, and a wake-up is sent so the listener catches up on what it missed.
      let stopped = false;
      let client: pg.Client | null = null;
      const connect = async (): Promise<void> => {
        const next = new pg.Client({ connectionString: url });
        next.on('notification', (message) => {
          if (message.channel === channel) onNotify(message.payload ?? '');
        });
        next.on('error', (error) => console.error('[hub] LISTEN connection lost:', error.message));
        next.on('end', () => {
          if (stopped) return;
          setTimeout(() => {
            connect()
              .then(() => onNotify(''))
              .catch(() => next.emit('end'));
          }, 1_000).unref();
        });
        await next.connect();
        await next.query(`listen ${pg.escapeIdentifier(channel)}`);
        client = next;
      };
      await connect();
      return async () => {
        stopped = true;
        await client?.end();
      };
    },
    close: () => pool.end(),
  };
}

export async function openDatabase(options: { url?: string; dataDir?: string }): Promise<Database> {
  return options.url ? openPostgres(options.url) : openPglite(options.dataDir);
}
