// The hub's write patterns for the objects agents make and move along (interactions,
// escalations, callbacks): create once under a client-made id, move from one state to the next,
// and the live event or audit line that goes with either, written in the same transaction.
// Who may touch which object stays in each route (its `access` and its walls): this file only
// carries the writes out.
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { write } from '../db/writes.ts';
import { HubError } from './errors.ts';
import type { HubContext } from './route.ts';
import { publicRow } from './routes/work-rows.ts';

/** A stored row of a table written under client-made ids. */
export type StoredRow = Record<string, unknown> & { request_hash: string };

/** What runs inside the write transaction after the row is written: live events, audit lines. */
export type InTransaction = (tx: Queryable) => Promise<unknown>;

/** A stable fingerprint of a request body: key order does not matter, values do. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A row created under its client-made id. */
export interface Creation {
  readonly table: 'interaction' | 'escalation' | 'callback' | 'handoff';
  readonly id: string;
  /** The request body: its hash tells a repeat from another request under the same id. */
  readonly body: unknown;
  /** The row's columns other than `id` and `request_hash` (names are the code's, never the client's). */
  readonly values: Readonly<Record<string, unknown>>;
  /** The live events of a new row; a repeat sends none. */
  readonly created?: InTransaction;
}

/**
 * Creates a row under its client-made id, once. Client-made ids make writes idempotent: the
 * insert does nothing when the id exists; then the stored row is the answer if it came from the
 * same request (same body), and a 422 `idempotency.conflict` if from another one.
 */
export async function createOnce(hub: HubContext, creation: Creation): Promise<Record<string, unknown>> {
  const { table, id } = creation;
  const hash = requestHash(creation.body);
  const columns = ['id', ...Object.keys(creation.values), 'request_hash'];
  const row = await write(hub.db, hub.bus, async (tx) => {
    const [inserted] = await tx.query<StoredRow>(
      `insert into ${table} (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})
       on conflict (id) do nothing returning *`,
      [id, ...Object.values(creation.values), hash],
    );
    if (inserted) {
      await creation.created?.(tx);
      return inserted;
    }
    const [existing] = await tx.query<StoredRow>(`select * from ${table} where id = $1`, [id]);
    if (!existing) throw new Error(`insert into ${table} did nothing, yet ${id} does not exist`);
    if (existing.request_hash !== hash) throw new HubError(422, 'idempotency.conflict', { id });
    return existing;
  });
  return publicRow(row);
}

/** One step of an object's life (claim, resolve, complete …). */
export interface Transition<Row> {
  readonly table: 'escalation' | 'callback';
  readonly id: string;
  /** The states it may leave; from any other (or for an id that does not exist) the answer is 409 `state.conflict`. */
  readonly from: readonly string[];
  /** The SQL assignments (`status = 'done', …`); their parameters start at `$3`. */
  readonly set: string;
  readonly params?: readonly unknown[];
  /** A further condition on the row, checked in the same update (e.g. "not claimed by someone else"). */
  readonly when?: string;
  /** The object-level wall, run first in the transaction: throws 403 for an object the caller may not change. */
  readonly wall?: (tx: Queryable) => Promise<void>;
  /** The live event for the moved row, in the same transaction. */
  readonly then?: (tx: Queryable, row: Row) => Promise<unknown>;
}

/**
 * Moves a row from one of `from` to its next state in one conditional update, so two agents
 * racing for the same step cannot both win: the loser's update finds no row in an allowed state.
 */
export async function transition<Row extends Record<string, unknown>>(hub: HubContext, step: Transition<Row>): Promise<Record<string, unknown>> {
  const row = await write(hub.db, hub.bus, async (tx) => {
    await step.wall?.(tx);
    const [updated] = await tx.query<Row>(
      `update ${step.table} set ${step.set}, change_seq = nextval('change_seq')
       where id = $1 and status = any($2::text[])${step.when ? ` and (${step.when})` : ''} returning *`,
      [step.id, step.from, ...(step.params ?? [])],
    );
    if (!updated) throw new HubError(409, 'state.conflict', { what: step.table });
    await step.then?.(tx, updated);
    return updated;
  });
  return publicRow(row);
}
