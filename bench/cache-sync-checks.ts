// What the first-sync benchmark checks before it trusts its rate: a sample of rows compared field
// by field with the hub, and the rate per tenth of the sync (flat from the first row to the last).
import type { LocalCache } from '../main/cache/local-cache.ts';
import type { HubSession } from '../main/hub/hub-session.ts';

/** Rows received by a moment of the sync (progress events), to cut it into tenths. */
export interface ProgressSample {
  readonly ms: number;
  readonly rows: number;
}

/** Rows per second in each tenth of the rows (by the moment each tenth's last row arrived). */
export function ratePerTenth(samples: readonly ProgressSample[], totalRows: number, startMs: number, endMs: number): number[] {
  const points = [{ ms: startMs, rows: 0 }, ...samples, { ms: endMs, rows: totalRows }];
  const timeAt = (rows: number): number => {
    const after = points.findIndex((point) => point.rows >= rows);
    const b = points[after] ?? points[points.length - 1]!;
    const a = points[Math.max(0, after - 1)] ?? b;
    return b.rows === a.rows ? b.ms : a.ms + ((rows - a.rows) / (b.rows - a.rows)) * (b.ms - a.ms);
  };
  const rates: number[] = [];
  for (let tenth = 0; tenth < 10; tenth++) {
    const from = (totalRows * tenth) / 10;
    const to = (totalRows * (tenth + 1)) / 10;
    rates.push((to - from) / Math.max(1e-6, (timeAt(to) - timeAt(from)) / 1000));
  }
  return rates;
}

type Row = Record<string, unknown>;
/** A hub timestamp: whole milliseconds in a snapshot page's `ms` columns, ISO text elsewhere. */
const ms = (v: unknown): number | null => (v === null || v === undefined ? null : typeof v === 'number' ? v : Date.parse(String(v)));
const sortedJson = (v: unknown): string => JSON.stringify(v ?? null, (_key, value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value));

/** The fields of a hub row and of its cache row that must agree, per table. */
const FIELDS: Readonly<Record<string, { readonly sql: string; readonly pairs: (hub: Row, cached: Row) => [string, unknown, unknown][] }>> = {
  customer: {
    sql: 'select name, language, country, segment, phones, emails, facts, office_name from customer where id = ?',
    pairs: (h, c) => [
      ['name', h.name, c.name],
      ['language', h.language, c.language],
      ['country', h.country, c.country],
      ['segment', h.segment, c.segment],
      ['phones', sortedJson([...((h.phones as string[]) ?? [])].sort()), sortedJson([...(JSON.parse(String(c.phones)) as string[])].sort())],
      ['emails', sortedJson([...((h.emails as string[]) ?? [])].sort()), sortedJson([...(JSON.parse(String(c.emails)) as string[])].sort())],
      ['facts', sortedJson(h.facts), sortedJson(c.facts === null ? null : JSON.parse(String(c.facts)))],
      ['officeName', h.officeName ?? null, c.office_name],
    ],
  },
  shop_order: {
    sql: 'select customer_id, number, currency, total_cents, status, placed_ms from shop_order where id = ?',
    pairs: (h, c) => [
      ['customer_id', h.customer_id, c.customer_id],
      ['number', h.number, c.number],
      ['currency', h.currency, c.currency],
      ['total_cents', Number(h.total_cents), c.total_cents],
      ['status', h.status, c.status],
      ['placed', ms(h.placed_at), c.placed_ms],
    ],
  },
  order_event: {
    sql: 'select order_id, status, occurred_ms, tracking_ref, customer_id from order_event where id = ?',
    pairs: (h, c) => [
      ['order_id', h.order_id, c.order_id],
      ['status', h.status, c.status],
      ['occurred', ms(h.occurred_at), c.occurred_ms],
      ['tracking_ref', h.tracking_ref ?? null, c.tracking_ref],
      ['has a customer', true, c.customer_id !== null],
    ],
  },
  interaction: {
    sql: 'select customer_id, agent_id, channel, direction, started_ms, ended_ms, reasons, outcome, transfers, note, order_id from interaction where id = ?',
    pairs: (h, c) => [
      ['customer_id', h.customer_id, c.customer_id],
      ['agent_id', h.agent_id ?? null, c.agent_id],
      ['channel', h.channel, c.channel],
      ['direction', h.direction, c.direction],
      ['started', ms(h.started_at), c.started_ms],
      ['ended', ms(h.ended_at), c.ended_ms],
      ['reasons', sortedJson(h.reasons ?? []), sortedJson(JSON.parse(String(c.reasons)))],
      ['outcome', h.outcome ?? null, c.outcome],
      ['transfers', Number(h.transfers ?? 0), c.transfers],
      ['note', h.note ?? null, c.note],
      ['order_id', h.order_id ?? null, c.order_id],
    ],
  },
};

/** A snapshot page's rows as records (bulk tables come as value arrays in the order of `columns`). */
function rowsOf(page: { columns?: string[]; rows: (Row | unknown[])[] }): Row[] {
  const { columns } = page;
  if (!columns) return page.rows as Row[];
  return page.rows.map((values) => {
    if (!Array.isArray(values) || values.length !== columns.length) throw new Error(`a snapshot row does not match its ${columns.length} columns`);
    return Object.fromEntries(columns.map((column, i) => [column, values[i]]));
  });
}

/**
 * Compares `perTable` rows of each bulk table, taken by the hub from random points of the table
 * (`GET /sync/snapshot` after a random key, up to the cache's cursor: the rows as the hub builds
 * them for a console), with the cache's copy field by field. Returns the differences (empty: all agree).
 */
export async function sampleMismatches(session: HubSession, cache: LocalCache, perTable: Readonly<Record<string, number>>): Promise<string[]> {
  const upTo = cache.cursor();
  const problems: string[] = [];
  for (const [table, wanted] of Object.entries(perTable)) {
    const fields = FIELDS[table];
    if (!fields) throw new Error(`no field list for ${table}`);
    const lookup = cache.db.prepare(fields.sql);
    let compared = 0;
    const randomKey = cache.db.prepare(`select id from ${table} where rowid >= abs(random()) % (select max(rowid) from ${table}) order by rowid limit 1`).pluck();
    for (let attempt = 0; compared < wanted && attempt < 100; attempt++) {
      // The hub's next rows after a random key the cache holds (the snapshot goes in key order).
      const after = randomKey.get() as string | undefined;
      const page = (await session.request('GET', `/sync/snapshot?table=${table}${after ? `&after=${after}` : ''}&upTo=${upTo}&limit=${Math.min(25, wanted - compared)}`)) as {
        columns?: string[];
        rows: (Row | unknown[])[];
      };
      for (const hubRow of rowsOf(page)) {
        compared++;
        const cached = lookup.get(String(hubRow.id)) as Row | undefined;
        if (!cached) {
          problems.push(`${table} ${String(hubRow.id)}: missing from the cache`);
          continue;
        }
        for (const [field, hubValue, cacheValue] of fields.pairs(hubRow, cached)) {
          if (hubValue !== cacheValue) problems.push(`${table} ${String(hubRow.id)}.${field}: hub ${String(hubValue)}, cache ${String(cacheValue)}`);
        }
      }
    }
    if (compared < wanted) problems.push(`${table}: only ${compared} of ${wanted} sample rows found on the hub`);
  }
  return problems;
}
