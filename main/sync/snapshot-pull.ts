import { SNAPSHOT_TABLES, SNAPSHOT_TABLES_BEFORE } from '../../common/hub/snapshot.ts';
import type { Applied, Change } from '../cache/apply.ts';
import type { BulkFinishTimings } from '../cache/bulk-load.ts';
import type { LocalCache, SnapshotPosition } from '../cache/local-cache.ts';
import type { HubSession } from '../hub/hub-session.ts';
import { createLogger } from '../log.ts';
import { following } from './snapshot-fetch-protocol.ts';
import { openSnapshotPages } from './snapshot-pages.ts';
import type { SnapshotPage } from './snapshot-rows.ts';

const log = createLogger('sync');

/** Rows per snapshot request: a few MB of JSON, one SQLite transaction each. */
export const SNAPSHOT_ROWS = 10_000;

export interface SnapshotProgress {
  readonly rows: number;
  readonly upTo: number;
  readonly done: boolean;
}

/** Where the time of a snapshot went (ms), for the cache benchmark and the log. */
export interface SnapshotTimings {
  /** Waiting for the hub's pages (what the prefetch did not hide). */
  waitMs: number;
  applyMs: number;
  /** Where the pages were fetched (snapshot-pages.ts). */
  fetchedBy: 'worker' | 'thread' | null;
  finish: BulkFinishTimings | null;
  /**
   * The same per table, in the order loaded: a table whose wait is large is one the hub builds
   * slower than the cache writes it (the two work side by side, the hub one page ahead).
   */
  readonly tables: Record<string, TableTimings>;
}

export interface TableTimings {
  waitMs: number;
  applyMs: number;
  rows: number;
}

/**
 * A first sync through the hub's snapshot (`GET /sync/snapshot`): table by table up to the
 * sequence value the first page fixes, each page stored with the position after it, the pages
 * fetched ahead on a worker thread while this one writes (snapshot-pages.ts). Resumes from the
 * cache's saved position. Returns the snapshot's sequence value: delta sync continues from there.
 */
export async function pullSnapshot(
  session: HubSession,
  cache: LocalCache,
  options: {
    readonly keepSinceMs: () => number | null;
    readonly stopped: () => boolean;
    readonly onPage: (applied: Applied, progress: SnapshotProgress) => void;
    readonly timings?: SnapshotTimings;
    /** Rows per request (tests use small pages to cut a load off half-way). */
    readonly pageRows?: number;
  },
): Promise<number | null> {
  let position: SnapshotPosition | null = cache.snapshotPosition();
  if (position?.table === '') return finish(cache, position, options.timings);
  // A load cut off half-way enters bulk mode again: its rare WAL checkpoints are a setting of the connection, not of the file.
  if (position !== null) cache.beginSnapshot(position);
  const tables: readonly string[] = position === null ? SNAPSHOT_TABLES : (position.tables ?? SNAPSHOT_TABLES_BEFORE);
  const pages = await openSnapshotPages(session, {
    tables,
    table: position?.table ?? tables[0]!,
    after: position?.after ?? '',
    upTo: position?.upTo ?? null,
    limit: options.pageRows ?? SNAPSHOT_ROWS,
  });
  log.info(`first sync: snapshot pages fetched on ${pages.via === 'worker' ? 'a worker thread' : 'the main thread'}${position ? `, resumed in ${position.table}` : ''}`);
  if (options.timings) options.timings.fetchedBy = pages.via;
  try {
    for (;;) {
      const waited = performance.now();
      const page: SnapshotPage | null = await pages.next();
      const waitMs = performance.now() - waited;
      if (options.timings) options.timings.waitMs += waitMs;
      if (options.stopped()) return null;
      if (page === null) break;
      if (!tables.includes(page.table)) throw new Error(`snapshot: a page of ${page.table}, not a synced table`);
      if (position === null) {
        position = { upTo: page.upTo, table: page.table, after: '', rows: 0, tables };
        cache.beginSnapshot(position);
      }
      // Table '' once the last table is done: the load's end (finishSnapshot) is still to come.
      const { table, after } = following(page, tables) ?? { table: '', after: '' };
      // Rows are parsed as they are written (snapshot-rows.ts): a page that does not parse is not kept.
      const changes = changesOf(page);
      const applying = performance.now();
      position = { ...position, table, after, rows: position.rows + page.count };
      const applied = cache.applySnapshotPage(changes, position, options.keepSinceMs(), page.more ? null : page.table);
      if (options.timings) {
        const applyMs = performance.now() - applying;
        options.timings.applyMs += applyMs;
        const own = (options.timings.tables[page.table] ??= { waitMs: 0, applyMs: 0, rows: 0 });
        own.waitMs += waitMs;
        own.applyMs += applyMs;
        own.rows += page.count;
      }
      options.onPage(applied, { rows: position.rows, upTo: position.upTo, done: false });
    }
  } finally {
    pages.close();
  }
  return position === null ? null : finish(cache, position, options.timings);
}

function finish(cache: LocalCache, position: SnapshotPosition, timings: SnapshotTimings | undefined): number {
  const finished = cache.finishSnapshot(position.upTo);
  if (timings) timings.finish = finished;
  return position.upTo;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A page's rows as changes (the applier's shape), records made from value arrays when the page names its columns. */
function* changesOf(page: SnapshotPage): Generator<Change> {
  const entity = page.table;
  const columns = page.columns;
  if (!columns) {
    for (const row of page.rows) {
      if (!isRecord(row)) throw new Error(`snapshot of ${entity}: a row is not an object`);
      yield { seq: 0, entity, row };
    }
    return;
  }
  // Each record starts as a copy of one with every column (one shape for all, no property added
  // one by one): 10,000 interactions in ~12 ms with the parse, 18 ms filling empty objects.
  const shape: Record<string, unknown> = Object.fromEntries(columns.map((column) => [column, null]));
  for (const values of page.rows) {
    if (!Array.isArray(values) || values.length !== columns.length) throw new Error(`snapshot of ${entity}: a row does not match its ${columns.length} columns`);
    const row = { ...shape };
    for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
    yield { seq: 0, entity, row };
  }
}
