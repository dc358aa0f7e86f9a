import { SNAPSHOT_TABLES, SnapshotQuery, SnapshotResponse } from '../../common/hub/api.ts';
import { ROLES } from '../../common/hub/roles.ts';
import type { Queryable } from '../db/database.ts';
import type { Caller } from './auth.ts';
import { callerOf, PreparedJson, route } from './route.ts';
import { HEAD_QUERY, OVERFLOW_OWN_AGENT, OVERFLOW_SYNCED, onlyRows, rowJson, wallParams } from './sync-tables.ts';

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
  const columns = PLAIN_ROWS.has(table) ? PLAIN_COLUMNS.get(table) : undefined;
  if (columns && !overflow) {
    // The row as its columns: json_agg of a plain row builds the text directly, about twice as
    // fast as a jsonb per row (to_jsonb, then '-' of a key) aggregated again (measured on PGlite at
    // 10,000 interactions a page: 143 vs 271 ms). Same fields and values: the key order differs.
    return `with page as (select ${columns.map((column) => `t.${column}`).join(', ')} from ${table} t
        where ${key} > $1 and t.change_seq <= $2${only} order by ${key} limit $3)
      select count(*)::int8 as n, max(${keyOf(table).column}::text) as last, coalesce(json_agg(page order by ${keyOf(table).column}), '[]')::text as rows from page`;
  }
  return `with page as (select ${key} as key, ${row} as row from ${table} t
      where ${key} > $1 and t.change_seq <= $2${only} order by ${key} limit $3)
    select count(*)::int8 as n, max(key::text) as last, coalesce(json_agg(row order by key), '[]')::text as rows from page`;
}

/**
 * The bulk tables whose row JSON is the row itself less secret columns (sync-tables.ts: `to_jsonb(t)`
 * or `to_jsonb(t) - 'request_hash'`); their columns are read once from the database's catalogue.
 */
const PLAIN_ROWS = new Map<string, readonly string[]>([
  ['interaction', ['request_hash']],
  ['shop_order', []],
  ['order_event', []],
]);
const PLAIN_COLUMNS = new Map<string, readonly string[]>();

async function loadPlainColumns(db: Queryable): Promise<void> {
  if (PLAIN_COLUMNS.size === PLAIN_ROWS.size) return;
  const rows = await db.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns
     where table_schema = current_schema() and table_name = any($1::text[]) order by table_name, ordinal_position`,
    [[...PLAIN_ROWS.keys()]],
  );
  for (const [table, left] of PLAIN_ROWS) {
    const columns = rows.filter((row) => row.table_name === table && !left.includes(row.column_name)).map((row) => quoteIdent(row.column_name));
    if (columns.length > 0) PLAIN_COLUMNS.set(table, columns);
  }
  QUERIES.clear();
}

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
      await loadPlainColumns(hub.db);
      const query = snapshotQueryOf(caller, table);
      if (query === null) return new PreparedJson(JSON.stringify({ table, upTo, next: null, more: false, rows: [] }));
      const [page = { n: 0, last: null, rows: '[]' }] = await hub.db.query<{ n: number; last: string | null; rows: string }>(query, paramsOf(caller, table, after, upTo, limit));
      const head = JSON.stringify({ table, upTo, next: page.last, more: page.n === limit });
      // The page's rows are already JSON: spliced in as they are.
      return new PreparedJson(`${head.slice(0, -1)},"rows":${page.rows}}`);
    },
  }),
];
