import { z } from 'zod';

// What the first sync's fetch worker (snapshot-fetch-worker.ts) and the main thread
// (snapshot-pages.ts) say to each other, and the two things both sides need to know of a page.

/** The worker's `workerData`: where to start, and as whom. */
export interface FetcherStart {
  /** The hub's base URL. */
  readonly url: string;
  readonly token: string;
  /** The order the load follows (the position's, so a resumed load keeps the order it began with). */
  readonly tables: readonly string[];
  readonly table: string;
  readonly after: string;
  readonly upTo: number | null;
  readonly limit: number;
  /** Bytes of pages fetched but not yet taken by the main thread before the worker waits. */
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/** From the worker. A page's bytes are transferred, not copied. */
export type FetcherMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'page'; readonly bytes: ArrayBuffer }
  /** The access token was refused: the main thread renews it and answers with `token`. */
  | { readonly type: 'unauthorized' }
  | { readonly type: 'failed'; readonly status: number; readonly code: string }
  | { readonly type: 'unreachable'; readonly message: string }
  /** The last table's last page has been sent. */
  | { readonly type: 'end' };

/** From the main thread. */
export type MainMessage = { readonly type: 'consumed'; readonly bytes: number } | { readonly type: 'token'; readonly token: string };

export function snapshotPath(table: string, after: string, upTo: number | null, limit: number): string {
  return `/sync/snapshot?table=${table}${after === '' ? '' : `&after=${encodeURIComponent(after)}`}&limit=${limit}${upTo === null ? '' : `&upTo=${upTo}`}`;
}

const PageHead = z.object({ table: z.string(), upTo: z.number(), next: z.string().nullable(), more: z.boolean() });
export type PageHead = z.infer<typeof PageHead>;

/**
 * Where a load goes after a page with this head, in the load's table order: the same table after
 * its next key, or the next table from its start; null after the last table.
 */
export function following(head: Pick<PageHead, 'table' | 'next' | 'more'>, tables: readonly string[]): { table: string; after: string } | null {
  if (head.more) return { table: head.table, after: head.next ?? '' };
  const table = tables[tables.indexOf(head.table) + 1];
  return table === undefined ? null : { table, after: '' };
}

/** The hub writes a page's head before its rows (`{"table":…,"more":…,"rows":[…]}`). */
const ROWS = Buffer.from(',"rows":');
/** The head (table, sequence value, next key, column names) is far smaller than this. */
const HEAD_MAX_BYTES = 64 * 1024;

/**
 * The head of a page, read without parsing its rows (the worker needs the next key only; the
 * main thread parses the rest). `,"rows":` cannot occur inside a JSON string before it, where a
 * quote is always escaped. Null when the page does not start that way.
 */
export function pageHead(bytes: ArrayBuffer): PageHead | null {
  const buffer = Buffer.from(bytes, 0, Math.min(bytes.byteLength, HEAD_MAX_BYTES));
  const at = buffer.indexOf(ROWS);
  if (at < 0) return null;
  try {
    const head = PageHead.safeParse(JSON.parse(`${buffer.toString('utf8', 0, at)}}`));
    return head.success ? head.data : null;
  } catch {
    return null;
  }
}
