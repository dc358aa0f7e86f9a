// Bulk inserts for the seed: one `insert … select … from unnest($1::uuid[], $2::…[])` per table
// and batch, which PostgreSQL and PGlite both run, instead of one statement per row.
import { type Database, type Queryable } from '../db/database.ts';

/**
 * How a column travels:
 * - `dict`, `dict[]`: text with few distinct values (status, channel, note templates) is sent as
 *   small integers into a per-batch dictionary — much less to send and parse.
 * - `time`: epoch milliseconds as int8, turned into timestamptz in SQL (PostgreSQL parses
 *   integers about twice as fast as floats or timestamps).
 * - `text[]`: an array literal per row ('{a,b}'); unnest would flatten a 2-D array.
 */
export type ColumnType = 'uuid' | 'text' | 'dict' | 'int' | 'bigint' | 'bool' | 'time' | 'jsonb' | 'text[]' | 'dict[]';

export type Column<Row> =
  | {
      readonly name: string;
      readonly type: ColumnType;
      readonly value: (row: Row) => unknown;
      /** Element type of a `dict` column's dictionary when it is not text (a uuid like `agent_id`). */
      readonly of?: 'uuid';
    }
  | {
      readonly name: string;
      /**
       * Computed in SQL from other columns (`ref(name)` is that column's value): a value that
       * follows from others is not sent at all.
       */
      readonly derived: (ref: (column: string) => string) => string;
    };

const PARAM_TYPE: Readonly<Record<ColumnType, string>> = {
  uuid: 'uuid[]',
  text: 'text[]',
  dict: 'int4[]',
  int: 'int4[]',
  bigint: 'int8[]',
  bool: 'bool[]',
  time: 'int8[]',
  jsonb: 'text[]',
  'text[]': 'text[]',
  'dict[]': 'int4[]',
};

type SentColumn<Row> = Extract<Column<Row>, { type: ColumnType }>;

/** PostgreSQL type oids of the array elements we send in binary. */
const ELEMENT_OID: Readonly<Record<ColumnType, number>> = {
  uuid: 2950,
  text: 25,
  dict: 23,
  int: 23,
  bigint: 20,
  bool: 16,
  time: 20,
  jsonb: 25,
  'text[]': 25,
  'dict[]': 23,
};

export class TableWriter<Row> {
  private rows: Row[] = [];
  private readonly sql: string;
  private readonly sent: readonly SentColumn<Row>[];
  written = 0;
  /**
   * Send arrays in PostgreSQL's binary format instead of text literals. PGlite takes binary
   * parameters as Uint8Array and then neither side formats or parses text: about half the cost
   * of moving a batch in. (`pg` would need Buffers; the seed uses text with PostgreSQL.)
   */
  binary = false;

  constructor(
    readonly table: string,
    columns: readonly Column<Row>[],
  ) {
    this.sent = columns.filter((c): c is SentColumn<Row> => 'type' in c);
    const params: string[] = [];
    const aliases: string[] = [];
    const exprs = new Map<string, string>();
    let next = this.sent.length + 1;
    this.sent.forEach((column, i) => {
      const alias = `c${i}`;
      aliases.push(alias);
      params.push(`$${i + 1}::${PARAM_TYPE[column.type]}`);
      switch (column.type) {
        case 'time':
          exprs.set(column.name, `to_timestamp(${alias}::float8 / 1000)`);
          break;
        case 'jsonb':
          exprs.set(column.name, `${alias}::jsonb`);
          break;
        case 'text[]':
          exprs.set(column.name, `${alias}::text[]`);
          break;
        case 'dict':
          exprs.set(column.name, `($${next++}::${column.of ?? 'text'}[])[${alias}]`);
          break;
        case 'dict[]':
          exprs.set(column.name, `(($${next++}::text[])[${alias}])::text[]`);
          break;
        default:
          exprs.set(column.name, alias);
      }
    });
    const ref = (name: string) => {
      const expr = exprs.get(name);
      if (!expr) throw new Error(`${table}: derived column refers to unknown column ${name}`);
      return expr;
    };
    const select = columns.map((c) => ('type' in c ? ref(c.name) : c.derived(ref)));
    this.sql =
      `insert into ${table} (${columns.map((c) => c.name).join(', ')}) ` +
      `select ${select.join(', ')} from unnest(${params.join(', ')}) as r(${aliases.join(', ')})`;
  }

  get pending(): number {
    return this.rows.length;
  }

  add(row: Row): void {
    this.rows.push(row);
  }

  /** Writes what is pending; returns how many rows. */
  async flush(db: Queryable): Promise<number> {
    const rows = this.rows;
    if (rows.length === 0) return 0;
    this.rows = [];
    await db.query(this.sql, this.binary ? this.binaryParams(rows) : this.textParams(rows));
    this.written += rows.length;
    return rows.length;
  }

  private binaryParams(rows: readonly Row[]): Uint8Array[] {
    const params: Uint8Array[] = [];
    const dictionaries: Uint8Array[] = [];
    const out = new BinaryArrays();
    const indexes: (number | null)[] = new Array<number | null>(rows.length);
    for (const column of this.sent) {
      if (column.type === 'dict' || column.type === 'dict[]') {
        const index = new Map<string, number>();
        const dictionary: string[] = [];
        for (let r = 0; r < rows.length; r++) {
          const value = column.value(rows[r] as Row) as string | null;
          if (value == null) {
            indexes[r] = null;
            continue;
          }
          let id = index.get(value);
          if (id === undefined) {
            dictionary.push(value);
            id = dictionary.length;
            index.set(value, id);
          }
          indexes[r] = id;
        }
        params.push(out.array('int', indexes));
        dictionaries.push(out.array(column.type === 'dict' && column.of === 'uuid' ? 'uuid' : 'text', dictionary));
      } else {
        params.push(out.array(column.type, rows.map((row) => column.value(row))));
      }
    }
    return [...params, ...dictionaries];
  }

  private textParams(rows: readonly Row[]): string[] {
    const params: string[] = [];
    const dictionaries: string[] = [];
    const parts = new Array<string>(rows.length);
    for (const column of this.sent) {
      const quoted = column.type === 'text' || column.type === 'jsonb' || column.type === 'text[]';
      if (column.type === 'dict' || column.type === 'dict[]') {
        const index = new Map<string, number>();
        const dictionary: string[] = [];
        for (let r = 0; r < rows.length; r++) {
          const value = column.value(rows[r] as Row) as string | null;
          if (value == null) {
            parts[r] = 'NULL';
            continue;
          }
          let id = index.get(value);
          if (id === undefined) {
            dictionary.push(quote(value));
            id = dictionary.length;
            index.set(value, id);
          }
          parts[r] = String(id);
        }
        dictionaries.push(`{${dictionary.join(',')}}`);
      } else {
        const time = column.type === 'time';
        for (let r = 0; r < rows.length; r++) {
          const value = column.value(rows[r] as Row);
          parts[r] =
            value == null
              ? 'NULL'
              : quoted
                ? quote(value as string)
                : typeof value === 'boolean'
                  ? value
                    ? 't'
                    : 'f'
                  : String(time ? Math.round(value as number) : value);
        }
      }
      params.push(`{${parts.join(',')}}`);
    }
    return [...params, ...dictionaries];
  }
}

const encoder = new TextEncoder();

/** One-dimensional arrays in PostgreSQL's binary wire format (what array_recv reads). */
class BinaryArrays {
  private buffer = new Uint8Array(1 << 20);
  private view = new DataView(this.buffer.buffer);
  private at = 0;

  array(type: ColumnType, values: readonly unknown[]): Uint8Array {
    this.at = 0;
    let nulls = 0;
    for (const value of values) if (value == null) nulls = 1;
    this.int32(1); // dimensions
    this.int32(nulls);
    this.int32(ELEMENT_OID[type]);
    this.int32(values.length);
    this.int32(1); // lower bound
    for (const value of values) {
      if (value == null) {
        this.int32(-1);
        continue;
      }
      switch (ELEMENT_OID[type]) {
        case 2950:
          this.uuid(value as string);
          break;
        case 20: {
          const n = Math.round(value as number);
          this.room(12);
          this.view.setInt32(this.at, 8);
          this.view.setInt32(this.at + 4, Math.floor(n / 4_294_967_296));
          this.view.setUint32(this.at + 8, n >>> 0);
          this.at += 12;
          break;
        }
        case 23:
          this.room(8);
          this.view.setInt32(this.at, 4);
          this.view.setInt32(this.at + 4, value as number);
          this.at += 8;
          break;
        case 16:
          this.room(5);
          this.view.setInt32(this.at, 1);
          this.buffer[this.at + 4] = value ? 1 : 0;
          this.at += 5;
          break;
        default: {
          const text = value as string;
          this.room(4 + text.length * 3);
          const { written } = encoder.encodeInto(text, this.buffer.subarray(this.at + 4));
          this.view.setInt32(this.at, written);
          this.at += 4 + written;
        }
      }
    }
    return this.buffer.slice(0, this.at);
  }

  private int32(value: number): void {
    this.room(4);
    this.view.setInt32(this.at, value);
    this.at += 4;
  }

  private uuid(text: string): void {
    this.room(20);
    this.view.setInt32(this.at, 16);
    let at = this.at + 4;
    for (let i = 0; i < text.length; i++) {
      const high = text.charCodeAt(i);
      if (high === 45) continue; // '-'
      this.buffer[at++] = (hexValue(high) << 4) | hexValue(text.charCodeAt(++i));
    }
    if (at !== this.at + 20) throw new Error(`not a uuid: ${text}`);
    this.at = at;
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.at + bytes) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buffer.subarray(0, this.at));
    this.buffer = bigger;
    this.view = new DataView(bigger.buffer);
  }
}

function hexValue(code: number): number {
  return code <= 57 ? code - 48 : (code | 32) - 87;
}

/**
 * An element of an array literal. The seed builds each column's literal itself: the drivers'
 * generic array serialisation quotes and escapes every uuid and number, which was a fifth of
 * the benchmark seed's time.
 */
function quote(value: string): string {
  return `"${value.includes('"') || value.includes('\\') ? value.replace(/[\\"]/g, '\\$&') : value}"`;
}

/** Text array literal for a `text[]`/`dict[]` column; our values are plain identifiers. */
export function arrayLiteral(values: readonly string[]): string {
  for (const value of values) if (!/^[a-z0-9_]+$/.test(value)) throw new Error(`not a plain identifier: ${value}`);
  return `{${values.join(',')}}`;
}

/** What the seed needs of a database: transactions (a worker thread's stand-in has only these). */
export type Transactional = Pick<Database, 'transaction'>;

/**
 * Runs `work` in one transaction. With `skipTriggers`, foreign-key checks are off for it
 * (`session_replication_role = replica`, what pg_restore --disable-triggers does): the bulk
 * seed makes its own keys and loads parents first, and on PGlite the per-row checks cost about
 * a third of the load time. Needs a superuser (PGlite always is); `canSkipTriggers` tells.
 */
export async function inTransaction(db: Transactional, skipTriggers: boolean, work: (tx: Queryable) => Promise<void>): Promise<void> {
  await db.transaction(async (tx) => {
    if (skipTriggers) await tx.query('set local session_replication_role = replica');
    await work(tx);
  });
}

export async function canSkipTriggers(db: Database): Promise<boolean> {
  try {
    await db.transaction(async (tx) => {
      await tx.query('set local session_replication_role = replica');
    });
    return true;
  } catch {
    return false;
  }
}
