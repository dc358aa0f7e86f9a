import { isAscii } from 'node:buffer';
import { z } from 'zod';
import { jsonOfBytes } from '../hub/json-body.ts';

// A first sync's page, from its bytes, with rows parsed a few hundred at a time while they are
// written. Parsing a 3 MB page as one string cost memory the console never got back: Node makes
// a body over ~1 MB an external string, a fresh malloc of its size, freed only by a full GC, and
// ~20 of them alive at once left glibc's main heap 50–260 MB larger after the load (the RSS
// after a first sync swung 190–415 MB with the same code). Parsing it all at once also kept a
// page's 10,000 rows alive through the whole write, long enough for the young generation to
// copy them out and the old one to collect them: a larger young generation took the console's
// CPU for the load from ~70 to ~60 s. Small pieces die young.

/** A page as the console reads it: its head, and its rows as they come. */
export interface SnapshotPage {
  readonly table: string;
  readonly upTo: number;
  readonly next: string | null;
  readonly more: boolean;
  /** Set: each row is an array of its values in this order. */
  readonly columns?: string[] | undefined;
  readonly count: number;
  /** Each row once, in order; a page whose rows do not parse, or are not `count`, throws while they are read. */
  readonly rows: Iterable<unknown>;
}

// Checked for its shape only; rows stay loose records, as in a /sync page.
const PageHead = z.object({
  table: z.string(),
  upTo: z.number(),
  next: z.string().nullable(),
  more: z.boolean(),
  columns: z.array(z.string()).optional(),
  /** The page's rows, one per line (hubs before it sent neither). */
  count: z.number().int().nonnegative().optional(),
});

/** A whole page's JSON (hubs before `count`, the pages fetched on the main thread): checked row by row in the pull. */
export const ParsedPage = PageHead.extend({ rows: z.array(z.unknown()) });

export function pageOfJson(body: unknown): SnapshotPage {
  const page = ParsedPage.parse(body);
  return { ...page, count: page.rows.length };
}

const ROWS_KEY = Buffer.from(',"rows":[');
/** The head (table, sequence value, next key, column names) is far smaller than this. */
const HEAD_MAX_BYTES = 64 * 1024;
const LINE_FEED = 0x0a;
/**
 * Bytes parsed at once: a string this small is made in V8's young generation (above 128 KB it is
 * a large object of its own pages, and above ~1 MB an external string on the C heap).
 */
const PIECE_BYTES = 32 * 1024;

/**
 * A page from its bytes. A page with `count` whose bytes are ASCII (the hub escapes the rest,
 * server/api/ascii-json.ts) has one row per line, `{…,"rows":[row,\nrow,\n…]}`: its rows are
 * parsed piece by piece as they are read. Any other page is parsed whole, as before.
 */
export function snapshotPageOf(bytes: Buffer): SnapshotPage {
  const at = bytes.subarray(0, HEAD_MAX_BYTES).indexOf(ROWS_KEY);
  const first = at + ROWS_KEY.length;
  const last = bytes.length - 2; // the rows' closing bracket, before the page's closing brace
  if (at < 0 || bytes[last] !== 0x5d || bytes[last + 1] !== 0x7d || !isAscii(bytes)) return pageOfJson(jsonOfBytes(bytes));
  const head = PageHead.parse(JSON.parse(`${bytes.toString('latin1', 0, at)}}`));
  if (head.count === undefined) return pageOfJson(jsonOfBytes(bytes));
  const count = head.count;
  return { ...head, count, rows: { [Symbol.iterator]: () => rowsOf(bytes, first, last, count) } };
}

/** The rows between `first` and `last` (the closing bracket), a piece of whole lines at a time. */
function* rowsOf(bytes: Buffer, first: number, last: number, count: number): Generator<unknown> {
  let read = 0;
  let at = first;
  while (at < last) {
    const feed = bytes.indexOf(LINE_FEED, Math.min(at + PIECE_BYTES, last));
    // A piece ends before a line's ",\n" (or at the closing bracket after the last row).
    const end = feed < 0 || feed > last ? last : feed - 1;
    if (end < last && bytes[end] !== 0x2c) throw new Error('snapshot page: a line does not end a row');
    const piece: unknown = JSON.parse(`[${bytes.toString('latin1', at, end)}]`);
    if (!Array.isArray(piece)) throw new Error('snapshot page: rows are not a list');
    read += piece.length;
    if (read > count) break;
    yield* piece;
    at = end < last ? feed + 1 : last;
  }
  if (read !== count) throw new Error(`snapshot page: ${read} rows, its head says ${count}`);
}
