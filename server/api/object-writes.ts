import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { HubError } from './errors.ts';

/** A stable fingerprint of a request body: key order does not matter, values do. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Client-made ids make writes idempotent: the insert does nothing when the id exists; then the
 * stored row is the answer if it came from the same request, and a 422 if from another one.
 */
export async function insertOnce<T extends { request_hash: string }>(
  tx: Queryable,
  table: string,
  id: string,
  hash: string,
  insert: () => Promise<T[]>,
): Promise<{ row: T; created: boolean }> {
  const [created] = await insert();
  if (created) return { row: created, created: true };
  const [existing] = await tx.query<T>(`select * from ${table} where id = $1`, [id]);
  if (!existing) throw new Error(`insert into ${table} did nothing, yet ${id} does not exist`);
  if (existing.request_hash !== hash) throw new HubError(422, 'idempotency.conflict', { id });
  return { row: existing, created: false };
}
