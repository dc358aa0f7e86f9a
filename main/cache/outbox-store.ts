import { v7 as uuidv7 } from 'uuid';
import type { OutboxKind, SetAsideItem } from '../../common/contract/data.ts';
import type { SqliteDb } from './cache-db.ts';

/** A write waiting for the hub: the HTTP request to repeat until it is acknowledged. */
export interface OutboxItem {
  readonly seq: number;
  readonly id: string;
  readonly kind: OutboxKind;
  readonly entityTable: string;
  readonly entityId: string;
  readonly customerId: string | null;
  readonly method: 'PUT' | 'PATCH' | 'POST';
  readonly path: string;
  readonly body: string;
  readonly attempts: number;
  readonly nextAttemptMs: number;
}

export interface NewOutboxItem {
  readonly kind: OutboxKind;
  /** The local table whose row this write creates or changes (its `pending` flag is kept). */
  readonly entityTable: 'interaction' | 'escalation' | 'callback' | 'customer';
  readonly entityId: string;
  readonly customerId: string | null;
  readonly method: OutboxItem['method'];
  readonly path: string;
  readonly body: unknown;
  /** A short excerpt the agent recognises if the hub refuses the write. */
  readonly summary: string;
}

const SUMMARY_LENGTH = 120;

/**
 * The outbox table. Items are only ever added inside the transaction that changes the local
 * row, so a write is either both stored and queued, or neither. The sender takes them strictly
 * in order (a wrap-up must follow the call it belongs to) and deletes one only after the hub
 * acknowledged it.
 */
export class OutboxStore {
  readonly #insert;
  readonly #head;
  readonly #delete;
  readonly #entityPending;
  readonly #rowPending;
  readonly #clearPending: Record<string, ReturnType<SqliteDb['prepare']>>;
  readonly #retry;
  readonly #setAside;
  readonly #setAsideList;
  readonly #counts;
  readonly #byId;
  readonly #db: SqliteDb;

  constructor(db: SqliteDb) {
    this.#db = db;
    this.#insert = db.prepare(`insert into outbox (id, kind, entity_table, entity_id, customer_id, method, path, body, summary, created_ms)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.#head = db.prepare(`select seq, id, kind, entity_table, entity_id, customer_id, method, path, body, attempts, next_attempt_ms
      from outbox where state = 'pending' order by seq limit 1`);
    this.#delete = db.prepare('delete from outbox where seq = ?');
    this.#entityPending = db.prepare(`select count(*) from outbox where entity_id = ? and state = 'pending'`).pluck();
    // Per table: ids are unique per table only, so another table's write under the same id must
    // not keep this row pending (nor leave it pending once its own write is through).
    this.#rowPending = db.prepare(`select count(*) from outbox where entity_table = ? and entity_id = ? and state = 'pending'`).pluck();
    this.#clearPending = Object.fromEntries(
      ['interaction', 'escalation', 'callback'].map((table) => [table, db.prepare(`update ${table} set pending = 0 where id = ?`)]),
    );
    this.#retry = db.prepare('update outbox set attempts = attempts + 1, next_attempt_ms = ?, last_status = ?, last_code = ? where seq = ?');
    this.#setAside = db.prepare(`update outbox set state = 'setAside', attempts = attempts + 1, last_status = ?, last_code = ? where seq = ?`);
    this.#setAsideList = db.prepare(`select id, kind, customer_id, summary, created_ms, last_status, last_code from outbox where state = 'setAside' order by seq`);
    this.#counts = db.prepare(`select sum(state = 'pending') as pending, sum(state = 'setAside') as setAside from outbox`);
    this.#byId = db.prepare('select seq, entity_table, entity_id from outbox where id = ?');
  }

  /** Call inside the transaction that wrote the local row. */
  add(item: NewOutboxItem, now = Date.now()): string {
    const id = uuidv7();
    const summary = item.summary.replace(/\s+/g, ' ').trim().slice(0, SUMMARY_LENGTH);
    this.#insert.run(id, item.kind, item.entityTable, item.entityId, item.customerId, item.method, item.path, JSON.stringify(item.body), summary, now);
    return id;
  }

  /** The oldest pending item (the sender waits until its `nextAttemptMs`). */
  head(): OutboxItem | null {
    const row = this.#head.get() as
      | { seq: number; id: string; kind: OutboxKind; entity_table: string; entity_id: string; customer_id: string | null; method: OutboxItem['method']; path: string; body: string; attempts: number; next_attempt_ms: number }
      | undefined;
    if (!row) return null;
    return {
      seq: row.seq, id: row.id, kind: row.kind, entityTable: row.entity_table, entityId: row.entity_id, customerId: row.customer_id,
      method: row.method, path: row.path, body: row.body, attempts: row.attempts, nextAttemptMs: row.next_attempt_ms,
    };
  }

  /** The hub has it: drop the item, and clear the row's pending mark once nothing else waits for it. */
  acknowledge(item: OutboxItem): void {
    this.#db.transaction(() => {
      this.#delete.run(item.seq);
      if (this.#rowPending.get(item.entityTable, item.entityId) === 0) this.#clearPending[item.entityTable]?.run(item.entityId);
    })();
  }

  retryLater(item: OutboxItem, atMs: number, status: number | null, code: string | null): void {
    this.#retry.run(atMs, status, code, item.seq);
  }

  setAside(item: OutboxItem, status: number, code: string): void {
    this.#setAside.run(status, code, item.seq);
  }

  listSetAside(): SetAsideItem[] {
    return (this.#setAsideList.all() as { id: string; kind: SetAsideItem['kind']; customer_id: string | null; summary: string; created_ms: number; last_status: number | null; last_code: string | null }[]).map(
      (r) => ({
        id: r.id,
        kind: r.kind,
        customerId: r.customer_id,
        summary: r.summary,
        createdAt: new Date(r.created_ms).toISOString(),
        reason: { code: r.last_code ?? 'internal', status: r.last_status ?? 0 },
      }),
    );
  }

  /** The agent read why the hub refused it and lets it go; the local row stays, no longer pending. */
  discard(id: string): boolean {
    const row = this.#byId.get(id) as { seq: number; entity_table: string; entity_id: string } | undefined;
    if (!row) return false;
    this.#db.transaction(() => {
      this.#delete.run(row.seq);
      if (this.#rowPending.get(row.entity_table, row.entity_id) === 0) this.#clearPending[row.entity_table]?.run(row.entity_id);
    })();
    return true;
  }

  /** Whether a write of this row still waits to be sent. */
  pendingFor(entityId: string): boolean {
    return (this.#entityPending.get(entityId) as number) > 0;
  }

  counts(): { pending: number; setAside: number } {
    const row = this.#counts.get() as { pending: number | null; setAside: number | null };
    return { pending: row.pending ?? 0, setAside: row.setAside ?? 0 };
  }

  /** Every row, for carrying the outbox over into a rebuilt cache. */
  static salvage(db: SqliteDb): Record<string, unknown>[] {
    return db.prepare('select * from outbox order by seq').all() as Record<string, unknown>[];
  }
}
