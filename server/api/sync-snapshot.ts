import { SNAPSHOT_TABLES, SnapshotQuery, SnapshotResponse } from '../../common/hub/snapshot.ts';
import { ROLES } from '../../common/hub/roles.ts';
import type { Database, Queryable } from '../db/database.ts';
import { asciiJsonJoined } from './ascii-json.ts';
import type { Caller } from './auth.ts';
import { callerOf, PreparedJson, route } from './route.ts';
import { HEAD_QUERY, OVERFLOW_OWN_AGENT, OVERFLOW_SYNCED, onlyRows, rowJson, wallParams } from './sync-tables.ts';

/**
 * Between a page's rows: a comma and a line feed. JSON escapes a line feed inside a string, so a
 * raw one in a page only ever ends a row: the console cuts the page there and parses it a few
 * hundred rows at a time (main/sync/snapshot-rows.ts), not as one string of megabytes.
 */
const ROW_SEPARATOR = `E',\\n'`;

/** Parameters of the escalation wall in a snapshot page: from $4 on (after after, upTo, limit). */
const WALL_FROM = 4;

/**
 * Each table's key and its smallest value: pages go in key order, so the console's B-trees are
 * filled at their right edge (in change_seq order the random ids made every commit rewrite pages
 * all over the id index, and the rate fell as the cache grew).
 */
const KEYS: Readonly<Record<string, { readonly column: string; readonly min: string }>> = {
  reason_code: { column: 'code', min: '' },
  presence: { column: 'agent_id', min: '00000000-0000-0000-0000-000000000000' },
};
const keyOf = (table: string) => KEYS[table] ?? { column: 'id', min: '00000000-0000-0000-0000-000000000000' };

/** The tables whose rows pass the escalation wall (their SQL names the wall's parameters). */
const WALLED = new Set(['escalation', 'interaction']);

/**
 * One page of one table of the first sync's snapshot: its rows in key order after the key `$1`,
 * changed up to the snapshot's `$2`, at most `$3`, with the same row JSON and walls as `GET /sync`. The
 * database aggregates the page into one JSON text: the hub neither parses nor encodes 10,000 rows
 * one by one (which cost more than building them). Null: the caller gets nothing of this table.
 */
function snapshotQuery(caller: Caller, table: string): string | null {
  const overflow = caller.role === 'overflow';
  let row: string;
  let only: string;
  if (!overflow) {
    row = rowJson(caller, table, WALL_FROM);
    only = onlyRows(caller, table, WALL_FROM);
  } else if (OVERFLOW_SYNCED.has(table)) {
    row = rowJson(caller, table, WALL_FROM);
    only = '';
  } else if (table === 'agent') {
    // Its own agent row only ($4 = the caller's id), as `GET /sync` sends it.
    row = OVERFLOW_OWN_AGENT;
    only = ' and t.id = $4';
  } else return null;
  const key = `t.${keyOf(table).column}`;
  const columns = COLUMNS.get(table);
  if (columns && !overflow) {
    const own = columns.map((column) => (column.time ? epochMs(`page.${column.name}`) : `page.${column.name}`));
    const values = table === 'customer' ? [...own, ...CUSTOMER_EXTRAS.map((extra) => extra.sql)] : own;
    const joins = table === 'customer' ? CUSTOMER_JOINS : '';
    // Each row as an array of its values (names once, in the page's `columns`): json_build_array
    // builds the text at ~60 % of the cost of a json_agg of the row objects on PGlite (10,000
    // interactions: 100 vs 168 ms of CPU) and the page is 30 % smaller for the console to parse.
    return `with page as (select ${columns.map((column) => `t.${column.name}`).join(', ')} from ${table} t
        where ${key} > $1 and t.change_seq <= $2${only} order by ${key} limit $3)
      select count(*)::int8 as n, max(page.id::text) as last,
        '[' || coalesce(string_agg(json_build_array(${values.join(', ')})::text, ${ROW_SEPARATOR} order by page.id), '') || ']' as rows
      from page${joins}`;
  }
  return `with page as (select ${key} as key, ${row} as row from ${table} t
      where ${key} > $1 and t.change_seq <= $2${only} order by ${key} limit $3)
    select count(*)::int8 as n, max(key::text) as last, '[' || coalesce(string_agg(row::text, ${ROW_SEPARATOR} order by key), '') || ']' as rows from page`;
}

/**
 * The bulk tables sent as value arrays, with the columns their row JSON leaves out
 * (sync-tables.ts: `to_jsonb(t)` or `to_jsonb(t) - 'request_hash'`; a customer's row also carries
 * the fields below); their columns are read once from the database's catalogue.
 */
const ARRAY_ROWS = new Map<string, readonly string[]>([
  ['customer', []],
  ['interaction', ['request_hash']],
  ['shop_order', []],
  ['order_event', []],
]);
const COLUMNS = new Map<string, readonly { readonly name: string; readonly time: boolean }[]>();

/**
 * A timestamp as whole milliseconds since 1970 (rounded down, as the console's `Date.parse` of the
 * ISO text did). A first sync carries about 13 million timestamps: as ISO text each cost the
 * console a string to allocate and a date to parse (~1 µs; as a number ~0.2 µs) and ~20 bytes
 * more on the wire. The page names these columns in `ms`.
 */
const epochMs = (sql: string) => `floor(extract(epoch from ${sql}) * 1000)::int8`;

/**
 * A customer's fields beyond its columns, as `SYNCED.customer` builds them per row (sync-tables.ts),
 * here joined once per page: the per-row subqueries and the `customer_facts_json` call per row
 * cost 0.6–2 s of a 10,000-customer page on PGlite, the joins about 0.3 s. `facts` is
 * `customer_facts_json`'s expression (migration 0005) over the joined row; the snapshot test
 * compares every field with `GET /sync`'s.
 */
const ISO = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const CUSTOMER_EXTRAS: readonly { readonly name: string; readonly sql: string }[] = [
  { name: 'officeName', sql: 'o.name' },
  { name: 'phones', sql: `coalesce(ph.phones, '[]'::jsonb)` },
  { name: 'emails', sql: `coalesce(em.emails, '[]'::jsonb)` },
  {
    name: 'facts',
    sql: `case when f.customer_id is null then jsonb_build_object('orders', 0, 'interactions', 0, 'lifetimeValue', '[]'::jsonb, 'repeatBuyer', false,
        'lastOrder', null, 'lastNps', null, 'lastCsat', null, 'lastContactAt', null)
      else jsonb_build_object('orders', f.orders, 'interactions', f.interactions, 'lifetimeValue', f.lifetime_value, 'repeatBuyer', f.repeat_buyer,
        'lastOrder', case when f.last_order_id is null then null else jsonb_build_object(
          'id', f.last_order_id, 'number', f.last_order_number, 'status', f.last_order_status,
          'currency', f.last_order_currency, 'totalCents', f.last_order_total_cents, 'placedAt', ${ISO('f.last_order_placed_at')}) end,
        'lastNps', case when f.last_nps_at is null then null else jsonb_build_object('score', f.last_nps_score, 'at', ${ISO('f.last_nps_at')}) end,
        'lastCsat', case when f.last_csat_at is null then null else jsonb_build_object('score', f.last_csat_score, 'at', ${ISO('f.last_csat_at')}) end,
        'lastContactAt', ${ISO('f.last_contact_at')}) end`,
  },
];
/** Phones and e-mails of the page's key range in one index range scan each (the page's last id bounds it). */
const CUSTOMER_JOINS = `
  left join office o on o.id = page.office_id
  left join customer_fact f on f.customer_id = page.id
  left join (select p.customer_id, jsonb_agg(p.e164 order by p.e164) as phones from customer_phone p
    where p.customer_id > $1 and p.customer_id <= (select max(id::text)::uuid from page) group by p.customer_id) ph on ph.customer_id = page.id
  left join (select e.customer_id, jsonb_agg(e.email order by e.email) as emails from customer_email e
    where e.customer_id > $1 and e.customer_id <= (select max(id::text)::uuid from page) group by e.customer_id) em on em.customer_id = page.id`;

async function loadColumns(db: Queryable): Promise<void> {
  if (COLUMNS.size === ARRAY_ROWS.size) return;
  const rows = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `select table_name, column_name, data_type from information_schema.columns
     where table_schema = current_schema() and table_name = any($1::text[]) order by table_name, ordinal_position`,
    [[...ARRAY_ROWS.keys()]],
  );
  for (const [table, left] of ARRAY_ROWS) {
    const own = rows
      .filter((row) => row.table_name === table && !left.includes(row.column_name))
      .map((row) => ({ name: row.column_name, time: row.data_type.startsWith('timestamp') }));
    if (own.length === 0) continue;
    const names = own.map((column) => column.name);
    COLUMNS.set(table, own.map((column) => ({ name: quoteIdent(column.name), time: column.time })));
    NAMES.set(table, JSON.stringify(table === 'customer' ? [...names, ...CUSTOMER_EXTRAS.map((extra) => extra.name)] : names));
    MS_NAMES.set(table, JSON.stringify(own.filter((column) => column.time).map((column) => column.name)));
  }
  QUERIES.clear();
}
/** The `columns` of a table's pages, as JSON. */
const NAMES = new Map<string, string>();
/** The `ms` of a table's pages (its timestamp columns), as JSON. */
const MS_NAMES = new Map<string, string>();

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The snapshot query per role and table (the wall's SQL depends on the role, not on the agent). */
const QUERIES = new Map<string, string | null>();
function snapshotQueryOf(caller: Caller, table: string): string | null {
  const key = `${caller.role}:${table}`;
  if (!QUERIES.has(key)) QUERIES.set(key, snapshotQuery(caller, table));
  return QUERIES.get(key) ?? null;
}

function paramsOf(caller: Caller, table: string, after: string, upTo: number, limit: number): unknown[] {
  if (caller.role === 'overflow') return table === 'agent' ? [after, upTo, limit, caller.agentId] : [after, upTo, limit];
  return WALLED.has(table) ? [after, upTo, limit, ...wallParams(caller, WALL_FROM)] : [after, upTo, limit];
}

interface Page {
  readonly n: number;
  readonly last: string | null;
  /** The rows' JSON as the database wrote it (UTF-8), never decoded in the hub. */
  readonly rows: Buffer;
}

const EMPTY_ROWS = Buffer.from('[]');
const NO_PAGE: Page = { n: 0, last: null, rows: EMPTY_ROWS };

/** Runs a page's query; the rows' JSON stays bytes from the database to the socket. */
async function readPage(db: Database, query: string, params: readonly unknown[]): Promise<Page> {
  const [row] = await db.queryBytes(query, params);
  if (!row) return NO_PAGE;
  const [n, last, rows] = row;
  return { n: Number(n?.toString() ?? 0), last: last?.toString() ?? null, rows: rows ?? EMPTY_ROWS };
}

/**
 * The page after the one a console just got, built while that one travels and is parsed (the
 * console can ask for it only once it has the page before, and the hub would idle meanwhile).
 * One per agent, dropped unused after a while; keyed by the query and all its parameters (the
 * wall's included), so it only answers the very request it was built for. Rows are read a moment
 * earlier than asked: a row changed meanwhile comes again by the delta sync after `upTo`.
 */
const AHEAD = new Map<string, { readonly key: string; readonly page: Promise<Page> }>();
const AHEAD_KEPT_MS = 30_000;

async function pageOf(db: Database, caller: Caller, table: string, after: string, upTo: number, limit: number): Promise<Page> {
  const query = snapshotQueryOf(caller, table);
  if (query === null) return NO_PAGE;
  const params = paramsOf(caller, table, after, upTo, limit);
  const key = JSON.stringify([query, params]);
  const run = (): Promise<Page> => readPage(db, query, params);
  const ahead = AHEAD.get(caller.agentId);
  if (ahead) AHEAD.delete(caller.agentId);
  // A page built ahead that failed is asked again (its error was the read-ahead's, not this request's).
  const page = ahead?.key === key ? await ahead.page.catch(run) : await run();
  readAhead(db, caller, page.n === limit ? { table, after: page.last ?? after } : nextTable(table), upTo, limit);
  return page;
}

function nextTable(table: string): { table: string; after: string } | null {
  const next = SNAPSHOT_TABLES[SNAPSHOT_TABLES.indexOf(table as (typeof SNAPSHOT_TABLES)[number]) + 1];
  return next === undefined ? null : { table: next, after: keyOf(next).min };
}

function readAhead(db: Database, caller: Caller, next: { table: string; after: string } | null, upTo: number, limit: number): void {
  const query = next && snapshotQueryOf(caller, next.table);
  if (!next || !query) return;
  const params = paramsOf(caller, next.table, next.after, upTo, limit);
  const entry = { key: JSON.stringify([query, params]), page: readPage(db, query, params) };
  entry.page.catch(() => undefined); // the request that takes it handles a failure
  AHEAD.set(caller.agentId, entry);
  setTimeout(() => {
    if (AHEAD.get(caller.agentId) === entry) AHEAD.delete(caller.agentId);
  }, AHEAD_KEPT_MS).unref();
}

const CLOSE = Buffer.from('}');

export const syncSnapshotRoutes = [
  route({
    method: 'GET',
    url: '/sync/snapshot',
    summary: `First sync in bulk: the rows of one synced table (${SNAPSHOT_TABLES.join(', ')}) up to the snapshot's sequence value \`upTo\` (fixed by the first request: the hub's head), in key order (id; reason codes by code, presence by agent), paged by \`after\` (the last key received); then \`GET /sync?since=<upTo>\` brings what changed since. Same rows and walls as \`/sync\`: escalations the caller may not see come redacted, their replies not at all; overflow agents get reason codes and their own agent row only`,
    access: [...ROLES],
    schema: { querystring: SnapshotQuery, response: SnapshotResponse },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { table, limit } = request.query;
      const after = request.query.after ?? keyOf(table).min;
      const upTo = request.query.upTo ?? (await hub.db.query<{ head: number }>(HEAD_QUERY))[0]?.head ?? 0;
      await loadColumns(hub.db);
      if (snapshotQueryOf(caller, table) === null) return new PreparedJson(JSON.stringify({ table, upTo, next: null, more: false, count: 0, rows: [] }));
      const page = await pageOf(hub.db, caller, table, after, upTo, limit);
      const columns = caller.role === 'overflow' ? undefined : NAMES.get(table);
      const head = JSON.stringify({ table, upTo, next: page.last, more: page.n === limit, count: page.n });
      // The page's rows are already JSON: spliced in as they are, in ASCII (ascii-json.ts: the
      // console decodes that at several times the speed of UTF-8).
      const start = columns ? `${head.slice(0, -1)},"columns":${columns},"ms":${MS_NAMES.get(table) ?? '[]'},"rows":` : `${head.slice(0, -1)},"rows":`;
      return new PreparedJson(asciiJsonJoined([Buffer.from(start), page.rows, CLOSE]));
    },
  }),
];
