import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { CacheState, Draft } from '../../common/contract/data.ts';
import { LoketError } from '../../common/errors.ts';
import { createLogger } from '../log.ts';
import { ChangeApplier, type Applied, type Change } from './apply.ts';
import { beginBulkLoad, buildTableIndexes, bulkJournal, finishBulkLoad, indexPageNotes, type BulkFinishTimings } from './bulk-load.ts';
import { CacheUnusableError, isDamage, openCacheDb, removeCacheFiles, type SqliteDb, type UnusableReason } from './cache-db.ts';
import { NoteIndex } from './note-index.ts';
import { OutboxStore, type NewOutboxItem } from './outbox-store.ts';
import { CacheQueries } from './queries.ts';
import { carryOver, salvage } from './salvage.ts';
import { cacheKey, type SecretVault } from './vault.ts';

const log = createLogger('cache');

export const CACHE_FILE = 'loket-cache.db';
const SNAPSHOT_KEY = 'snapshot';

/** How far a first sync's snapshot got: its sequence value, the table it is in, the last key kept of it ('' none yet), rows so far. */
export interface SnapshotPosition {
  readonly upTo: number;
  readonly table: string;
  readonly after: string;
  readonly rows: number;
  /** The table order the load follows (absent: a load begun before interactions came ahead of orders, `SNAPSHOT_TABLES_BEFORE`). */
  readonly tables?: readonly string[];
}
const DAY_MS = 24 * 60 * 60 * 1000;

export interface LocalWriteTools {
  /** Keeps the note search index in step with a note written here. */
  readonly notes: NoteIndex;
  /** Stores rows shaped like the hub's sync rows (a customer made here, say), search index included. */
  readonly apply: (changes: readonly Change[]) => Applied;
}

export interface NoteWrite {
  readonly id: string;
  readonly customerId: string;
  readonly text: string;
  readonly draftKey?: string | undefined;
  readonly agentId: string | null;
}

/**
 * The console's encrypted local copy of what the agent may see, plus the agent's unsent writes
 * and drafts. One SQLite file in the user data folder; its key lives in the vault. A file that
 * cannot be used (wrong key, tampered, truncated) is replaced by an empty one that sync fills
 * again — after its outbox and drafts were carried over where they could still be read.
 */
export class LocalCache {
  readonly file: string;
  readonly #vault: SecretVault;
  #db!: SqliteDb;
  #queries!: CacheQueries;
  #outbox!: OutboxStore;
  #applier!: ChangeApplier;
  #notes!: NoteIndex;
  #state: CacheState = { state: 'ready' };
  readonly #onRebuilt: (reason: UnusableReason) => void;

  private constructor(file: string, vault: SecretVault, onRebuilt: (reason: UnusableReason) => void) {
    this.file = file;
    this.#vault = vault;
    this.#onRebuilt = onRebuilt;
  }

  /** Opens the cache in `dir`, rebuilding it when the file is unusable. Throws only when the vault cannot hold a key. */
  static open(dir: string, vault: SecretVault, onRebuilt: (reason: UnusableReason) => void = () => undefined): LocalCache {
    if (!vault.availability.ok) throw new LoketError('cache.unavailable', { reason: vault.availability.reason });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const cache = new LocalCache(path.join(dir, CACHE_FILE), vault, onRebuilt);
    cache.#openOrRebuild();
    return cache;
  }

  get state(): CacheState {
    return this.#state;
  }

  get queries(): CacheQueries {
    return this.#queries;
  }

  get outbox(): OutboxStore {
    return this.#outbox;
  }

  /** The database handle, for tests and benchmarks that inspect it. */
  get db(): SqliteDb {
    return this.#db;
  }

  #openOrRebuild(): void {
    const key = cacheKey(this.#vault);
    try {
      this.#attach(openCacheDb(this.file, key));
    } catch (error) {
      if (!(error instanceof CacheUnusableError)) throw error;
      this.#rebuild(error.reason, error.message, key);
    }
  }

  #attach(db: SqliteDb): void {
    this.#db = db;
    this.#queries = new CacheQueries(db);
    this.#outbox = new OutboxStore(db);
    this.#applier = new ChangeApplier(db);
    this.#notes = new NoteIndex(db);
  }

  /** Replaces an unusable file with a fresh one, keeping whatever outbox rows and drafts can still be read. */
  #rebuild(reason: UnusableReason, detail: string, key: Buffer): void {
    log.error(`the cache could not be used (${detail}); rebuilding it from the hub`);
    const saved = reason === 'corrupt' ? salvage(this.file, key) : { outbox: [], drafts: [] };
    removeCacheFiles(this.file);
    const db = openCacheDb(this.file, key);
    carryOver(db, saved);
    this.#attach(db);
    this.#state = { state: 'rebuilt', reason };
    this.#onRebuilt(reason);
  }

  /**
   * Runs a cache operation; if SQLite reports the file damaged midway (a page that fails its
   * HMAC), the cache is rebuilt and the caller gets a translatable error instead of a crash.
   */
  guard<T>(operation: () => T): T {
    try {
      return operation();
    } catch (error) {
      if (!isDamage(error)) throw error;
      try {
        this.#db.close();
      } catch {
        // the handle of a damaged file may refuse to close cleanly
      }
      this.#rebuild('corrupt', String(error), cacheKey(this.#vault));
      throw new LoketError('cache.rebuilt', {});
    }
  }

  // ---- meta ----
  meta(key: string): string | null {
    return this.guard(() => (this.#db.prepare('select value from meta where key = ?').pluck().get(key) as string | undefined) ?? null);
  }

  setMeta(key: string, value: string | null): void {
    this.guard(() => {
      if (value === null) this.#db.prepare('delete from meta where key = ?').run(key);
      else this.#db.prepare('insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value').run(key, value);
    });
  }

  // ---- sync ----
  /** One page of hub changes and the new cursor, in one transaction: a crash keeps both or neither. */
  applyPage(changes: readonly Change[], cursor: number, keepSinceMs: number | null): Applied {
    return this.guard(() => {
      let applied: Applied | undefined;
      this.#syncedPage(() => {
        applied = this.#applier.apply(changes, keepSinceMs);
        this.#db.prepare(`insert into meta (key, value) values ('cursor', ?) on conflict (key) do update set value = excluded.value`).run(String(cursor));
      });
      if (!applied) throw new Error('unreachable: transaction did not run');
      return applied;
    });
  }

  /**
   * A page from the hub in one transaction. A synced page can be fetched again, so in WAL mode
   * its commit need not wait for the disk (the outbox's writes stay FULL, and a FULL commit also
   * makes every earlier WAL frame durable). Under a bulk load's rollback journal it stays FULL:
   * there NORMAL could cost the file, outbox included, on a power cut.
   */
  #syncedPage(write: () => void): void {
    const relaxed = !bulkJournal(this.#db);
    if (relaxed) this.#db.pragma('synchronous = NORMAL');
    try {
      this.#db.transaction(write)();
    } finally {
      if (relaxed) this.#db.pragma('synchronous = FULL');
    }
  }

  cursor(): number {
    return Number(this.meta('cursor') ?? 0);
  }

  // ---- first sync in bulk (the hub's snapshot, bulk-load.ts) ----
  /** Where an unfinished snapshot stopped (null: none started, or it finished). */
  snapshotPosition(): SnapshotPosition | null {
    const saved = this.meta(SNAPSHOT_KEY);
    return saved ? (JSON.parse(saved) as SnapshotPosition) : null;
  }

  /** Starts (or resumes) a snapshot: bulk mode until `finishSnapshot`. */
  beginSnapshot(position: SnapshotPosition): void {
    this.guard(() => {
      beginBulkLoad(this.#db);
      if (!this.snapshotPosition()) this.setMeta(SNAPSHOT_KEY, JSON.stringify(position));
    });
  }

  /**
   * One snapshot page and the position after it, in one transaction: a load cut off resumes after
   * the last page kept. `tableDone`: this was that table's last page (its indexes are built now).
   */
  applySnapshotPage(changes: Iterable<Change>, position: SnapshotPosition, keepSinceMs: number | null, tableDone: string | null = null): Applied {
    return this.guard(() => {
      let applied: Applied | undefined;
      const { first, all } = peeked(changes);
      this.#syncedPage(() => {
        // The page's new notes go into the search index in batches (bulk-load.ts indexPageNotes),
        // while the hub builds the next pages, instead of in one pass at the end.
        const notesAfter = first?.entity === 'interaction' ? this.#notes.mark() : null;
        applied = this.#applier.apply(all, keepSinceMs, true);
        if (notesAfter !== null) indexPageNotes(this.#db, notesAfter, this.#notes.mark(), position.table !== 'interaction');
        if (tableDone !== null) buildTableIndexes(this.#db, tableDone);
        this.#db.prepare(`insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value`).run(SNAPSHOT_KEY, JSON.stringify(position));
      });
      if (!applied) throw new Error('unreachable: transaction did not run');
      return applied;
    });
  }

  /** Builds the indexes the load left out and hands over to delta sync from the snapshot's sequence value. */
  finishSnapshot(upTo: number): BulkFinishTimings {
    return this.guard(() => {
      const timings = finishBulkLoad(this.#db);
      this.#db.transaction(() => {
        this.#db.prepare(`insert into meta (key, value) values ('cursor', ?) on conflict (key) do update set value = excluded.value`).run(String(upTo));
        this.#db.prepare('delete from meta where key = ?').run(SNAPSHOT_KEY);
      })();
      return timings;
    });
  }

  // ---- writes through the outbox ----
  /** Stores a note and queues it for the hub in one transaction. Repeating the same id is a no-op. */
  addNote(note: NoteWrite, now = Date.now()): void {
    this.guard(() => {
      this.#db.transaction(() => {
        const existing = this.#db.prepare('select customer_id, note from interaction where id = ?').get(note.id) as { customer_id: string; note: string } | undefined;
        if (existing) {
          if (existing.customer_id === note.customerId && existing.note === note.text) return;
          throw new LoketError('request.invalid', { field: 'id' });
        }
        const { lastInsertRowid } = this.#db
          .prepare(`insert into interaction (id, customer_id, agent_id, channel, direction, started_ms, note, pending) values (?, ?, ?, 'note', 'internal', ?, ?, 1)`)
          .run(note.id, note.customerId, note.agentId, now, note.text);
        this.#notes.added(lastInsertRowid, note.text);
        this.#outbox.add({
          kind: 'note',
          entityTable: 'interaction',
          entityId: note.id,
          customerId: note.customerId,
          method: 'PUT',
          path: `/interactions/${note.id}`,
          body: { customerId: note.customerId, channel: 'note', direction: 'internal', startedAt: new Date(now).toISOString(), note: note.text },
          summary: note.text,
        }, now);
        if (note.draftKey) this.#db.prepare('delete from draft where key = ?').run(note.draftKey);
      })();
    });
  }

  /**
   * Queues any other write whose local row the caller stores in the same transaction (`local`,
   * given the note index and the sync applier for rows shaped like the hub's).
   */
  enqueue(item: NewOutboxItem, local: (db: SqliteDb, tools: LocalWriteTools) => void, options: { readonly flush?: boolean } = {}): string {
    return this.guard(() => {
      // `flush: false` commits without waiting for the disk (WAL, synchronous NORMAL): kept if
      // the console crashes, lost only if the computer does before the next flushed commit. For
      // writes nobody typed whose commit would hold up something the agent waits for.
      if (options.flush === false) this.#db.pragma('synchronous = NORMAL');
      try {
        return this.#db.transaction(() => {
          local(this.#db, { notes: this.#notes, apply: (changes) => this.#applier.apply(changes, null) });
          return this.#outbox.add(item);
        })();
      } finally {
        if (options.flush === false) this.#db.pragma('synchronous = FULL');
      }
    });
  }

  // ---- drafts ----
  saveDraft(key: string, text: string, now = Date.now()): string | null {
    return this.guard(() => {
      if (text.trim() === '') {
        this.#db.prepare('delete from draft where key = ?').run(key);
        return null;
      }
      this.#db.prepare('insert into draft (key, text, saved_ms) values (?, ?, ?) on conflict (key) do update set text = excluded.text, saved_ms = excluded.saved_ms').run(key, text, now);
      return new Date(now).toISOString();
    });
  }

  draft(key: string): Draft | null {
    return this.guard(() => {
      const row = this.#db.prepare('select key, text, saved_ms from draft where key = ?').get(key) as { key: string; text: string; saved_ms: number } | undefined;
      return row ? { key: row.key, text: row.text, savedAt: new Date(row.saved_ms).toISOString() } : null;
    });
  }

  // ---- retention ----
  /**
   * Deletes history older than `days` (never rows still waiting in the outbox), removes the
   * deleted terms from the search indexes, and checkpoints the WAL so no copy of the old pages
   * stays behind in the -wal file. With `secure_delete` the freed pages are zeroed.
   */
  purge(days: number, now = Date.now()): { deleted: number; customers: Set<string> } {
    const limit = now - days * DAY_MS;
    return this.guard(() => {
      const customers = new Set<string>();
      let deleted = 0;
      this.#db.transaction(() => {
        const touched = this.#db
          .prepare(`select distinct customer_id from shop_order where placed_ms < @limit
            union select customer_id from interaction where started_ms < @limit and pending = 0
            union select customer_id from cart where occurred_ms < @limit
            union select customer_id from feedback where occurred_ms < @limit`)
          .pluck()
          .all({ limit }) as string[];
        for (const id of touched) customers.add(id);
        const run = (sql: string) => (deleted += this.#db.prepare(sql).run({ limit }).changes);
        run('delete from order_event where occurred_ms < @limit or order_id in (select id from shop_order where placed_ms < @limit)');
        run('delete from shop_order where placed_ms < @limit');
        this.#notes.removeOlderThan(limit);
        run('delete from interaction where started_ms < @limit and pending = 0');
        run('delete from cart where occurred_ms < @limit');
        run('delete from feedback where occurred_ms < @limit');
        run(`delete from escalation where status = 'resolved' and coalesce(resolved_ms, created_ms) < @limit and pending = 0`);
        run(`delete from callback where status != 'open' and due_ms < @limit and pending = 0`);
      })();
      // Merging the index segments drops the deleted entries' terms (FTS keeps them as tombstones otherwise).
      this.#db.exec(`insert into interaction_fts (interaction_fts) values ('optimize'); insert into customer_fts (customer_fts) values ('optimize');`);
      this.#db.pragma('wal_checkpoint(TRUNCATE)');
      log.info(`purged ${deleted} rows older than ${days} days`);
      return { deleted, customers };
    });
  }

  close(): void {
    try {
      this.#db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // a damaged file cannot be checkpointed; closing is still right
    }
    this.#db.close();
  }

  /** Closes and deletes everything: the database, its -wal and -shm files, and the key. */
  wipe(): void {
    try {
      this.#db.close();
    } catch {
      // already closed
    }
    removeCacheFiles(this.file);
    this.#vault.delete('cache-key');
  }

  /** Deletes a cache that is not open (sign-out with wipe, a different agent signing in). */
  static wipeFiles(dir: string, vault: SecretVault): void {
    removeCacheFiles(path.join(dir, CACHE_FILE));
    vault.delete('cache-key');
  }
}

/** The first item of `items` and all of them, first included (a generator is read once). */
function peeked<T>(items: Iterable<T>): { first: T | undefined; all: Iterable<T> } {
  if (Array.isArray(items)) return { first: items[0] as T | undefined, all: items };
  const iterator = items[Symbol.iterator]();
  const head = iterator.next();
  if (head.done) return { first: undefined, all: [] };
  return {
    first: head.value,
    all: (function* () {
      yield head.value;
      for (let next = iterator.next(); !next.done; next = iterator.next()) yield next.value;
    })(),
  };
}
