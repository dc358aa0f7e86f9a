import { z } from 'zod';
import { SNAPSHOT_TABLES } from '../../common/hub/snapshot.ts';
import type { Applied, Change } from '../cache/apply.ts';
import type { BulkFinishTimings } from '../cache/bulk-load.ts';
import type { LocalCache, SnapshotPosition } from '../cache/local-cache.ts';
import type { HubSession } from '../hub/hub-session.ts';

/** Rows per snapshot request: a few MB of JSON, one SQLite transaction each. */
export const SNAPSHOT_ROWS = 10_000;

// Checked for its shape only; rows stay loose records, as in a /sync page.
const SnapshotPage = z.object({
  table: z.string(),
  upTo: z.number(),
  next: z.string().nullable(),
  more: z.boolean(),
  /** Set: each row is an array of its values in this order (rowsOf makes the records). */
  columns: z.array(z.string()).optional(),
  // Checked row by row in rowsOf, not by a schema per row: z.record copies each of 10,000 rows, which costs more than parsing them.
  rows: z.array(z.unknown()),
});
type SnapshotPage = z.infer<typeof SnapshotPage>;

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
  finish: BulkFinishTimings | null;
}

const nextTable = (table: string): string | null => SNAPSHOT_TABLES[SNAPSHOT_TABLES.indexOf(table as (typeof SNAPSHOT_TABLES)[number]) + 1] ?? null;

/**
 * A first sync through the hub's snapshot (`GET /sync/snapshot`): table by table up to the
 * sequence value the first page fixes, each page stored with the position after it, the next page
 * asked for before this one is written. Resumes from the cache's saved position. Returns the
 * snapshot's sequence value: delta sync continues from there.
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
  const fetchPage = (table: string, after: string, upTo: number | null): Promise<SnapshotPage> => {
    const page = session
      .request('GET', `/sync/snapshot?table=${table}${after === '' ? '' : `&after=${encodeURIComponent(after)}`}&limit=${options.pageRows ?? SNAPSHOT_ROWS}${upTo === null ? '' : `&upTo=${upTo}`}`, undefined, 120_000)
      .then((body) => SnapshotPage.parse(body));
    page.catch(() => undefined); // awaited below, unless the sync stops first
    return page;
  };
  let position: SnapshotPosition | null = cache.snapshotPosition();
  // A load cut off half-way enters bulk mode again: its rare WAL checkpoints are a setting of the connection, not of the file.
  if (position !== null && position.table !== '') cache.beginSnapshot(position);
  let pending = position?.table === '' ? null : fetchPage(position?.table ?? SNAPSHOT_TABLES[0], position?.after ?? '', position?.upTo ?? null);
  while (pending) {
    const waited = performance.now();
    const page: SnapshotPage = await pending;
    if (options.timings) options.timings.waitMs += performance.now() - waited;
    if (options.stopped()) return null;
    if (position === null) {
      position = { upTo: page.upTo, table: page.table, after: '', rows: 0 };
      cache.beginSnapshot(position);
    }
    const upTo = position.upTo;
    // '' once the last table is done: the load's end (finishSnapshot) is still to come.
    const table = page.more ? page.table : (nextTable(page.table) ?? '');
    const after = page.more ? (page.next ?? '') : '';
    pending = table === '' ? null : fetchPage(table, after, upTo);
    const changes: Change[] = rowsOf(page).map((row) => ({ seq: 0, entity: page.table, row }));
    const applying = performance.now();
    position = { upTo, table, after, rows: position.rows + changes.length };
    const applied = cache.applySnapshotPage(changes, position, options.keepSinceMs());
    if (options.timings) options.timings.applyMs += performance.now() - applying;
    options.onPage(applied, { rows: position.rows, upTo, done: false });
  }
  if (position === null) return null;
  const finish = cache.finishSnapshot(position.upTo);
  if (options.timings) options.timings.finish = finish;
  return position.upTo;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A page's rows as records (the applier's shape), from value arrays when the page names its columns. */
function rowsOf(page: SnapshotPage): Record<string, unknown>[] {
  const columns = page.columns;
  if (!columns) {
    return page.rows.map((row) => {
      if (!isRecord(row)) throw new Error(`snapshot of ${page.table}: a row is not an object`);
      return row;
    });
  }
  // Each record starts as a copy of one with every column (one shape for all, no property added
  // one by one): 10,000 interactions in ~12 ms with the parse, 18 ms filling empty objects.
  const shape: Record<string, unknown> = Object.fromEntries(columns.map((column) => [column, null]));
  return page.rows.map((values) => {
    if (!Array.isArray(values) || values.length !== columns.length) throw new Error(`snapshot of ${page.table}: a row does not match its ${columns.length} columns`);
    const row = { ...shape };
    for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
    return row;
  });
}
