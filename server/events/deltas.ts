import type { Queryable } from '../db/database.ts';
import { SYNCED } from '../api/sync-tables.ts';
import type { StoredEvent } from './bus.ts';

/**
 * What a live event frame may carry besides the event: every row change in `(from, to]` (the
 * event's own sequence value lies in it), so a console whose cursor is at least `from` applies
 * them and moves its cursor to `to` without a delta sync. Without this, every event set off one
 * `GET /sync` in every console: N consoles × events in proportion to N = N² requests
 * (server/README.md, "Scale-out").
 *
 * The claim is exact: no other event and no other row change (of a synced table) has a sequence
 * value in `(from, to]`. It holds because transactions that take sequence values commit in
 * sequence order (bus.ts WRITE_LOCK), so one statement's snapshot holds a gap-free prefix of the
 * log, and a row that changes again later moves past `to` (a delta sync from `from` would then
 * not see it in the range either).
 */
export interface EventDelta {
  readonly from: number;
  readonly to: number;
  readonly rows: readonly DeltaRow[];
}

export interface DeltaRow {
  readonly seq: number;
  readonly entity: string;
  readonly row: Record<string, unknown>;
}

/**
 * Rows a console gets by its role, office or part in a case (sync-tables.ts `rowJson`,
 * `onlyRows`): every escalation (its wall), and an interaction that replies to one. They are read
 * as a null row, and a range holding one carries no delta: the console syncs as before. Every
 * other synced row is sent the same to all staff. `where`: the rows a console gets at all (calls
 * without a customer are never sent, sync-tables.ts SYNCED_ONLY, so they need no sync either).
 */
const WALLED: Readonly<Record<string, { readonly row: (json: string) => string; readonly where?: string }>> = {
  escalation: { row: () => 'null::jsonb' },
  interaction: { row: (json) => `case when t.escalation_id is null then ${json} end`, where: 't.customer_id is not null' },
};

/**
 * Row changes read per wake-up to attach to its events. Events past them (an import, a bulk
 * update) are left to the consoles' delta syncs, which page them; so is a delta whose JSON is
 * larger than DELTA_MAX_CHARS (it goes to every socket).
 */
export const DELTA_MAX_ROWS = 256;
const DELTA_MAX_CHARS = 16_384;
const NO_CAP = '9223372036854775807';

/**
 * One statement (one snapshot): the events after `since` (at most `limit`), and the row changes
 * after `since` — up to the last of those events when the events were cut at `limit` (then a
 * row after it may belong to an event not read yet), else all of them (rows written after the
 * last event, in its transaction or in one without events, ride with that event).
 */
function readQuery(): string {
  const capped = `t.change_seq > $1 and t.change_seq <= coalesce((select hi from cap), ${NO_CAP})`;
  const parts = Object.entries(SYNCED).map(([table, json]) => {
    const walled = WALLED[table];
    const row = walled ? walled.row(json) : json;
    return `(select t.change_seq as seq, '${table}'::text as entity, ${row} as row from ${table} t
      where ${capped}${walled?.where ? ` and ${walled.where}` : ''} order by t.change_seq limit $3)`;
  });
  return `with ev as (select seq, kind, at, audience, payload from change_log where seq > $1 order by seq limit $2),
    cap as (select case when count(*) >= $2 then max(seq) end as hi from ev),
    ch as (select * from (${parts.join(' union all ')}) x order by seq limit $3)
    select seq, kind, at, audience, payload, null::text as entity, null::jsonb as row from ev
    union all
    select seq, null, null, null, null, entity, row from ch`;
}
let query: string | null = null;

interface ReadRow {
  seq: number;
  kind: string | null;
  at: Date | null;
  audience: string | null;
  payload: Record<string, unknown> | null;
  entity: string | null;
  row: Record<string, unknown> | null;
}

/** The events after `since` (at most `limit`), in order, each with its delta when it can have one. */
export async function readEventsWithDeltas(db: Queryable, since: number, limit: number): Promise<StoredEvent[]> {
  const read = await db.query<ReadRow>((query ??= readQuery()), [since, limit, DELTA_MAX_ROWS + 1]);
  const events: StoredEvent[] = [];
  const rows: Array<DeltaRow | { readonly seq: number; readonly entity: string; readonly row: null }> = [];
  for (const r of read) {
    if (r.entity === null) events.push({ seq: r.seq, kind: r.kind ?? '', at: (r.at ?? new Date(0)).toISOString(), audience: r.audience, payload: r.payload ?? {} });
    else rows.push({ seq: r.seq, entity: r.entity, row: r.row });
  }
  events.sort((a, b) => a.seq - b.seq);
  rows.sort((a, b) => a.seq - b.seq);
  // More rows than read: every row before the first one left out is known, so the events whose
  // range ends before it still get their delta (a hub that fell behind reads bigger batches; its
  // consoles must not all fall back to syncing then).
  const cut = rows.length > DELTA_MAX_ROWS ? (rows[DELTA_MAX_ROWS]?.seq ?? 0) - 1 : Number.POSITIVE_INFINITY;
  rows.length = Math.min(rows.length, DELTA_MAX_ROWS);
  const capped = events.length >= limit || cut !== Number.POSITIVE_INFINITY;
  const lastRow = rows[rows.length - 1]?.seq ?? 0;
  return events.map((event, index) => {
    // The range reaches from the event before to the one after: rows between two events ride
    // with both (a console that gets only one of them has them either way), and a console that
    // does not get the next one still has every row before it.
    const from = index === 0 ? since : (events[index - 1]?.seq ?? since);
    const next = events[index + 1];
    const to = next ? next.seq - 1 : capped ? event.seq : Math.max(event.seq, lastRow);
    if (to > cut) return event;
    const around = rows.filter((change) => change.seq > from && change.seq <= to);
    if (around.some((change) => change.row === null)) return event;
    const mine = around as DeltaRow[];
    if (JSON.stringify(mine).length > DELTA_MAX_CHARS) return event;
    return { ...event, delta: { from, to, rows: mine } };
  });
}
