import type { LiveEvent } from '../../common/hub/api.ts';
import type { Database, Queryable } from '../db/database.ts';
import { readEventsWithDeltas, type EventDelta } from './deltas.ts';

/** The PostgreSQL channel that tells every hub instance "the change log grew". */
export const CHANGES_CHANNEL = 'loket_changes';
/**
 * Every write transaction that takes a value from `change_seq` holds this lock first, so
 * transactions commit in sequence order and a reader at N never misses a later-committed N-1.
 */
export const WRITE_LOCK = 7_201_002;

/**
 * The audience of an event for every socket, overflow agents' too (peak mode: every console shows
 * its banner). The nil UUID, which no agent can have (ids are RFC UUIDs, see common/hub/api.ts).
 */
export const EVERYONE = '00000000-0000-0000-0000-000000000000';

export interface StoredEvent extends LiveEvent {
  /** null: all staff; EVERYONE: every agent; an agent id: only that agent (and leads). */
  readonly audience: string | null;
  /** The row changes around it, when the live read could attach them (deltas.ts); never in a catch-up read. */
  readonly delta?: EventDelta;
}

type Listener = (events: readonly StoredEvent[]) => void;

/**
 * Live events. Writers append to `change_log` inside their transaction; after commit the bus
 * wakes every hub instance (PostgreSQL NOTIFY; in-process for embedded PGlite), and each reads
 * the new rows in order and hands them to its sockets. A console that was away catches up from
 * the same table, so a missed event is never a lost one.
 */
export class EventBus {
  readonly #db: Database;
  readonly #listeners = new Set<Listener>();
  #cursor = 0;
  #pumping: Promise<void> | null = null;
  #again = false;
  #unlisten: (() => Promise<void>) | null = null;

  constructor(db: Database) {
    this.#db = db;
  }

  async start(): Promise<void> {
    const [row] = await this.#db.query<{ seq: number | null }>('select max(seq) as seq from change_log');
    this.#cursor = row?.seq ?? 0;
    if (this.#db.kind === 'postgres') this.#unlisten = await this.#db.listen(CHANGES_CHANNEL, () => this.pump());
  }

  async stop(): Promise<void> {
    await this.#unlisten?.();
    await this.#pumping;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Appends an event inside the caller's write transaction. */
  static async append(tx: Queryable, kind: string, payload: Record<string, unknown>, audience: string | null = null, entityId: string | null = null): Promise<number> {
    const [row] = await tx.query<{ seq: number }>(
      'insert into change_log (kind, entity_id, audience, payload) values ($1, $2, $3, $4) returning seq',
      [kind, entityId, audience, JSON.stringify(payload)],
    );
    return row?.seq ?? 0;
  }

  /** After a commit that appended events: wake every instance (this one included). */
  async committed(): Promise<void> {
    if (this.#db.kind === 'postgres') await this.#db.query('select pg_notify($1, $2)', [CHANGES_CHANNEL, '']);
    else this.pump();
  }

  /** Reads what is new since the last pump and delivers it; coalesces bursts of wake-ups. */
  pump(): void {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = (async () => {
      do {
        this.#again = false;
        for (;;) {
          const events = await readEventsWithDeltas(this.#db, this.#cursor, 1_000);
          if (events.length === 0) break;
          this.#cursor = events[events.length - 1]?.seq ?? this.#cursor;
          for (const listener of this.#listeners) listener(events);
        }
      } while (this.#again);
    })()
      .catch((error: unknown) => console.error('[hub] event pump failed', error))
      .finally(() => {
        this.#pumping = null;
      });
  }
}

/**
 * The PostgreSQL channel that tells every hub instance "a session, device or agent ended, or an
 * access end date moved": each instance then asks the database about the sessions behind its
 * live-events sockets (server/events/session-watch.ts). Separate from CHANGES_CHANNEL because it
 * is about who may listen, not what changed, and must not wait behind a long change-log read.
 */
export const SESSIONS_CHANNEL = 'loket_sessions';

/** Embedded PGlite has one process: its instances (one per database object) are told directly. */
const inProcessSessionListeners = new WeakMap<Database, Set<() => void>>();

/**
 * Told synchronously by this process's own announcements on either database, before the NOTIFY
 * goes out: the session cache (api/session-cache.ts) must not answer this process's next request
 * from a session it just ended.
 */
const announcedHereListeners = new WeakMap<Database, Set<() => void>>();

export function onSessionChangeHere(db: Database, listener: () => void): () => void {
  let listeners = announcedHereListeners.get(db);
  if (!listeners) announcedHereListeners.set(db, (listeners = new Set()));
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** After a commit that ended sessions (or moved an access end): wake every instance, this one included. */
export async function announceSessionChange(db: Database): Promise<void> {
  for (const listener of announcedHereListeners.get(db) ?? []) listener();
  if (db.kind === 'postgres') {
    await db.query('select pg_notify($1, $2)', [SESSIONS_CHANNEL, '']);
    return;
  }
  for (const listener of inProcessSessionListeners.get(db) ?? []) listener();
}

/**
 * Calls `listener` on every announcement by any instance; on PostgreSQL also after its LISTEN
 * connection came back (it may have missed some). Resolves to an unsubscribe.
 */
export async function onSessionChange(db: Database, listener: () => void): Promise<() => Promise<void>> {
  if (db.kind === 'postgres') return db.listen(SESSIONS_CHANNEL, () => listener());
  let listeners = inProcessSessionListeners.get(db);
  if (!listeners) inProcessSessionListeners.set(db, (listeners = new Set()));
  listeners.add(listener);
  return async () => void listeners.delete(listener);
}

export async function readEvents(db: Queryable, since: number, limit: number): Promise<StoredEvent[]> {
  const rows = await db.query<{ seq: number; kind: string; at: Date; audience: string | null; payload: Record<string, unknown> }>(
    'select seq, kind, at, audience, payload from change_log where seq > $1 order by seq limit $2',
    [since, limit],
  );
  return rows.map((row) => ({ seq: row.seq, kind: row.kind, at: row.at.toISOString(), audience: row.audience, payload: row.payload }));
}
