import { z } from 'zod';
import { Id } from '../../../common/hub/api.ts';
import type { Queryable } from '../../db/database.ts';
import { write } from '../../db/writes.ts';
import { insertOnce, requestHash } from '../idempotent.ts';
import type { HubContext } from '../route.ts';

// What the routes that write work rows (interactions, escalations, callbacks) share.

export const Row = z.record(z.string(), z.unknown());
export type StoredRow = Record<string, unknown> & { request_hash: string };
export const IdParams = z.strictObject({ id: Id });

/** Rows go out as camelCase JSON without internal columns. */
export function publicRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'request_hash') continue;
    out[key.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase())] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

/**
 * Creates a row under its client-made id, once: repeats return the stored row, a different
 * payload under the same id is a 422; `created` runs (events) only for the first.
 */
export async function createOnce(
  hub: HubContext,
  table: 'interaction' | 'escalation' | 'callback',
  id: string,
  body: unknown,
  insert: (tx: Queryable, hash: string) => Promise<StoredRow[]>,
  created?: (tx: Queryable) => Promise<void>,
): Promise<Record<string, unknown>> {
  const hash = requestHash(body);
  const { row } = await write(hub.db, hub.bus, async (tx) => {
    const result = await insertOnce(tx, table, id, hash, () => insert(tx, hash));
    if (result.created) await created?.(tx);
    return result;
  });
  return publicRow(row);
}
