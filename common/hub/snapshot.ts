import { z } from 'zod';
import { SyncRow } from './api.ts';

// The first sync's snapshot route (`GET /sync/snapshot`): its query and pages. Rows are shaped
// like `GET /sync`'s (api.ts) and carry the same walls.

/**
 * The first sync's snapshot, table by table in this order, each in key order, rows changed up to
 * the sequence value `upTo` the first page fixed; everything after `upTo` (rows changed meanwhile,
 * events) then comes by `GET /sync`. Interactions (most of the rows, the slowest indexes) come
 * before the orders: the console builds their indexes while the hub sends the orders. Orders come
 * before their steps, so a step finds its order's customer.
 */
export const SNAPSHOT_TABLES = ['agent', 'reason_code', 'presence', 'customer', 'interaction', 'shop_order', 'order_event', 'cart', 'escalation', 'callback', 'feedback'] as const;
/** The order before: a load a console began in it resumes in it. */
export const SNAPSHOT_TABLES_BEFORE = ['agent', 'reason_code', 'presence', 'customer', 'shop_order', 'order_event', 'cart', 'interaction', 'escalation', 'callback', 'feedback'] as const;
export const SnapshotTable = z.enum(SNAPSHOT_TABLES);
export const SnapshotQuery = z.strictObject({
  table: SnapshotTable,
  /** The last key (id; a reason code's code, a presence's agent id) of this table already received; left out at its start. */
  after: z.string().min(1).max(100).optional(),
  /** The snapshot's sequence value; left out by the first request, which fixes it (the hub's head). */
  upTo: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(20_000).default(10_000),
});
export const SnapshotResponse = z.object({
  table: SnapshotTable,
  upTo: z.number(),
  /** The `after` of the next page of this table (null: the page was empty). */
  next: z.string().nullable(),
  /** The page was full: ask again from `next`; else the table is done. */
  more: z.boolean(),
  /**
   * Set for the bulk tables (customers, orders, order steps, interactions): each row is then an
   * array of its values in this order (the names once a page, not once a row).
   */
  columns: z.array(z.string()).optional(),
  /**
   * With `columns`: the columns whose values are timestamps as milliseconds since 1970 (UTC,
   * rounded down), where `GET /sync` writes ISO 8601 text.
   */
  ms: z.array(z.string()).optional(),
  /**
   * The page's rows (absent from hubs before it). With it, the rows are written one per line: a
   * raw line feed occurs only between two rows.
   */
  count: z.number().int().nonnegative().optional(),
  /** Rows shaped like `GET /sync`'s `row` (same walls), or their values in the order of `columns`. */
  rows: z.array(z.union([SyncRow, z.array(z.unknown())])),
});
export type SnapshotResponse = z.infer<typeof SnapshotResponse>;
