import { z } from 'zod';
import { Id } from '../../../common/hub/api.ts';

// What the routes that answer with work rows (interactions, escalations, callbacks) share; their
// writes go through ../object-writes.ts.

export const Row = z.record(z.string(), z.unknown());
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
