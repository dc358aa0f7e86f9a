import type { SqliteDb } from './cache-db.ts';
import { customerSearchRow, type CustomerSearchSource } from './apply.ts';

/**
 * The first sync's bulk load. Filling an empty cache row by row with every index and both search
 * indexes kept up to date made each insert touch random pages of ten B-trees, so the rate fell as
 * the file grew (15k rows/s at 165k rows, 5.8k at 2.6M). While a snapshot loads, the history
 * tables' secondary indexes are dropped (their definitions kept in `meta`, so a load cut off
 * half-way still knows what to build), the customer search index is not touched (notes are
 * indexed page by page: LocalCache.applySnapshotPage), and the file takes a rollback journal
 * instead of the WAL (`BULK_JOURNAL`). A
 * table's indexes are built, sorted, once its last page is written (`buildTableIndexes`), while
 * the fetch worker keeps the hub sending the next tables; `finish` builds what is left, fills the
 * customer search index in one pass, and goes back to WAL. Primary keys stay: upserts and lookups
 * by id need them. The page cache keeps its usual size (a larger one during the load left the
 * console's RSS 100 MB higher after it; with the snapshot in key order the writes go to the
 * B-trees' right edges).
 */

/** The tables whose secondary indexes wait for their table's last page (or the end) of a bulk load. */
const BULK_TABLES = ['customer_phone', 'customer_email', 'shop_order', 'order_event', 'cart', 'interaction', 'escalation', 'callback', 'feedback'];
/** Tables a snapshot table's rows also fill: a customer's phones and e-mails are complete with the customers. */
const FILLED_WITH: Readonly<Record<string, readonly string[]>> = { customer: ['customer_phone', 'customer_email'] };
const DROPPED_KEY = 'bulk.indexes';
/**
 * Set by a load that indexes its notes as it goes (`indexPageNotes`): no rebuild at its end. Its
 * value lists the rowid ranges `[after, upTo]` of pages whose notes wait for the next batch ('per
 * page', from a version that indexed every page at once: none wait).
 */
const NOTES_KEY = 'bulk.notes';
/**
 * Interactions whose notes are indexed together. FTS5 writes a segment per batch and merges
 * segments as they pile up: a batch per 10,000-row page cost ~15 s of a 2M-row load, one per
 * 80,000 rows ~6 s (a rebuild at the end ~9 s, while nothing else could run).
 */
const NOTE_BATCH_ROWS = 80_000;
/**
 * The journal during a bulk load. In WAL mode every page of the 1.5 GB a first sync writes went
 * into the WAL first and was copied into the file by a checkpoint (both encrypted page by page):
 * 2M rows (666 MB) took 15.2–16.9 s that way against 9.6–11.4 s with a rollback journal, which
 * a bulk load barely writes to (it keeps the old content of changed pages only, and a load adds
 * new pages). Still atomic per page and crash-safe: a journal left behind by a crash is rolled
 * back when the file is next opened, and `synchronous` stays FULL (the outbox lives in this file
 * too; FULL cost ~1 s of those 10). `finishBulkLoad` goes back to WAL.
 */
const BULK_JOURNAL = 'truncate';
/**
 * WAL bytes between automatic checkpoints, for a load whose journal could not be switched (SQLite
 * refuses while a statement is still reading): SQLite's default of 1,000 pages let the WAL grow
 * to 1 GB with 16 KB pages, and the checkpoint after the last page took 6 s instead of 0.5 s.
 */
const BULK_AUTOCHECKPOINT_BYTES = 256 * 1024 * 1024;
const NORMAL_AUTOCHECKPOINT_PAGES = 1_000;
/** Threads a bulk load's index builds sort with (SQLite's `threads`: helpers beside the calling one). */
const SORT_THREADS = 1;

interface DroppedIndex {
  readonly name: string;
  readonly sql: string;
  /** Absent in a list saved by a version that built every index at the end: read from `sql`. */
  readonly table?: string;
}

const tableOf = (index: DroppedIndex): string | undefined => index.table ?? /\son\s+"?(\w+)"?\s*\(/i.exec(index.sql)?.[1];
const createSql = (index: DroppedIndex): string => index.sql.replace(/^create (unique )?index /i, (m) => `${m}if not exists `);

/** Where the time of `finish` went, in ms (printed by the cache benchmark). */
export interface BulkFinishTimings {
  readonly indexesMs: number;
  readonly searchMs: number;
  readonly checkpointMs: number;
}

function dropped(db: SqliteDb): DroppedIndex[] {
  const saved = db.prepare('select value from meta where key = ?').pluck().get(DROPPED_KEY) as string | undefined;
  return saved ? (JSON.parse(saved) as DroppedIndex[]) : [];
}

/** True from `beginBulkLoad` until `finishBulkLoad` (also once every table's indexes are built). */
function inBulkLoad(db: SqliteDb): boolean {
  return db.prepare('select 1 from meta where key = ?').pluck().get(DROPPED_KEY) !== undefined;
}

/** True while the load writes through a rollback journal (`BULK_JOURNAL`); false: still WAL. */
export function bulkJournal(db: SqliteDb): boolean {
  return db.pragma('journal_mode', { simple: true }) === BULK_JOURNAL;
}

/** Enters bulk mode (idempotent: a resumed load finds its indexes already dropped). */
export function beginBulkLoad(db: SqliteDb): void {
  // Changing the journal empties the WAL into the file first (a checkpoint).
  if (!bulkJournal(db)) db.pragma(`journal_mode = ${BULK_JOURNAL}`);
  if (!bulkJournal(db)) {
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    db.pragma(`wal_autocheckpoint = ${Math.round(BULK_AUTOCHECKPOINT_BYTES / pageSize)}`);
  }
  if (inBulkLoad(db)) return;
  const marks = BULK_TABLES.map(() => '?').join(', ');
  const indexes = db
    .prepare(`select name, sql, tbl_name as "table" from sqlite_master where type = 'index' and sql is not null and tbl_name in (${marks}) order by name`)
    .all(...BULK_TABLES) as DroppedIndex[];
  if (indexes.length === 0) return;
  db.transaction(() => {
    db.prepare('insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value').run(DROPPED_KEY, JSON.stringify(indexes));
    // Only into an empty table: a note already here (written before the first sync) may come again
    // from the hub, and the per-page indexing sees new rows only.
    if (db.prepare('select not exists (select 1 from interaction)').pluck().get() === 1) {
      db.prepare(`insert into meta (key, value) values (?, '[]') on conflict (key) do nothing`).run(NOTES_KEY);
    }
    for (const index of indexes) db.exec(`drop index if exists "${index.name}"`);
  })();
}

/**
 * Builds the indexes of a table whose last page the load just wrote, and of the tables its rows
 * fill (`FILLED_WITH`: the customers' phones and e-mails) (called inside that page's
 * transaction, so the list of what is left changes with them). Its 2M interactions take ~8 s
 * to index: done here, the hub sends the following tables meanwhile instead of idling while
 * `finishBulkLoad` builds everything after the last page. No sort helper thread: the hub is busy.
 */
export function buildTableIndexes(db: SqliteDb, table: string): void {
  const indexes = dropped(db);
  const tables = [table, ...(FILLED_WITH[table] ?? [])];
  const mine = indexes.filter((index) => tables.includes(tableOf(index) ?? ''));
  if (mine.length === 0) return;
  for (const index of mine) db.exec(createSql(index));
  db.prepare('update meta set value = ? where key = ?').run(JSON.stringify(indexes.filter((index) => !mine.includes(index))), DROPPED_KEY);
}

/**
 * Leaves bulk mode: builds the dropped indexes, gives order steps their order's customer, fills
 * both search indexes from the tables, and goes back to WAL (a load that could not leave it
 * checkpoints it into the file and truncates it).
 */
export function finishBulkLoad(db: SqliteDb): BulkFinishTimings {
  const t0 = performance.now();
  const indexes = dropped(db);
  const waiting = waitingNotes(db);
  // The sorter behind each index build may use a helper thread: by now the hub has sent
  // everything, so the second core is free (0 again afterwards: a console's queries need none).
  db.pragma(`threads = ${SORT_THREADS}`);
  db.transaction(() => {
    for (const index of indexes) db.exec(createSql(index));
    // A step whose order came after it (the order changed during the snapshot) learns its customer now.
    db.exec(`update order_event set customer_id = (select o.customer_id from shop_order o where o.id = order_event.order_id)
      where customer_id is null and order_id in (select id from shop_order)`);
    db.prepare('delete from meta where key in (?, ?)').run(DROPPED_KEY, NOTES_KEY);
  })();
  db.pragma('threads = 0');
  const t1 = performance.now();
  db.transaction(() => {
    // Notes were indexed in batches during the load (indexPageNotes), while the hub built the next
    // pages: the rebuild was most of the 9 s of search indexing after the last page. The pages of
    // the last batch are indexed here; a load begun by a version without batches rebuilds the
    // index from interaction.note in one pass (external content).
    if (waiting === null) db.exec(`insert into interaction_fts (interaction_fts) values ('rebuild')`);
    else indexRanges(db, waiting);
    const write = db.prepare('insert or replace into customer_fts (rowid, name, emails, phones) values (?, ?, ?, ?)');
    for (const row of db.prepare('select rowid, name, phones, emails from customer').all() as CustomerSearchSource[]) {
      const search = customerSearchRow(row);
      write.run(row.rowid, search.name, search.emails, search.phones);
    }
  })();
  const t2 = performance.now();
  db.pragma(`wal_autocheckpoint = ${NORMAL_AUTOCHECKPOINT_PAGES}`);
  // Back to WAL, which starts empty (a checkpoint straight after the switch is refused as
  // "database table is locked", and has nothing to do); a load that stayed in WAL empties it.
  if (bulkJournal(db)) db.pragma('journal_mode = WAL');
  else db.pragma('wal_checkpoint(TRUNCATE)');
  return { indexesMs: t1 - t0, searchMs: t2 - t1, checkpointMs: performance.now() - t2 };
}

type RowidRange = readonly [after: number, upTo: number];

/** The pages whose notes wait for their batch; null when this load does not index notes as it goes. */
function waitingNotes(db: SqliteDb): RowidRange[] | null {
  const saved = db.prepare('select value from meta where key = ?').pluck().get(NOTES_KEY) as string | undefined;
  if (saved === undefined) return null;
  return saved === 'per page' ? [] : (JSON.parse(saved) as RowidRange[]);
}

function indexRanges(db: SqliteDb, ranges: readonly RowidRange[]): void {
  const index = db.prepare('insert into interaction_fts (rowid, note) select rowid, note from interaction where rowid > ? and rowid <= ? and note is not null');
  for (const [after, upTo] of ranges) index.run(after, upTo);
}

/**
 * Called inside a snapshot page's transaction with the interaction rowids the page wrote
 * (`after` < rowid ≤ `upTo`: nothing else writes in that transaction, so they are the page's
 * own): queues them for the note index and indexes the queue once a batch is full or the table's
 * last page is written (`last`). Queue and index change with the page, so a load cut off keeps
 * them in step; `finishBulkLoad` indexes what is left.
 */
export function indexPageNotes(db: SqliteDb, after: number, upTo: number, last: boolean): void {
  const waiting = waitingNotes(db);
  if (waiting === null) return;
  if (upTo > after) waiting.push([after, upTo]);
  const rows = waiting.reduce((sum, [from, to]) => sum + (to - from), 0);
  const flush = last || rows >= NOTE_BATCH_ROWS;
  if (flush) indexRanges(db, waiting);
  db.prepare('update meta set value = ? where key = ?').run(JSON.stringify(flush ? [] : waiting), NOTES_KEY);
}
