// What a benchmark checks before it trusts its own figures: that the query found what it asked
// for, that the database measured keeps its data like a production one, and that the data set is
// the whole one. A fast answer to the wrong question is not a figure.
import type { Queryable } from '../server/db/database.ts';
import { SCALE_CUSTOMERS, SCALE_INTERACTIONS } from '../server/seed/scale-size.ts';

/** A lookup by phone answered with the customer who has that number (not an empty 200). */
export function assertLookupFound(body: unknown, e164: string): void {
  const hits = (body as { hits?: Array<{ phones?: string[] }> } | null)?.hits;
  if (!Array.isArray(hits) || !hits.some((hit) => hit.phones?.includes(e164))) {
    throw new Error(`lookup of ${e164} did not find its customer (${Array.isArray(hits) ? `${hits.length} hits` : 'no hits list'})`);
  }
}

/** The PostgreSQL settings that decide whether a commit survives a power cut. */
export const DURABILITY_SETTINGS = ['fsync', 'synchronous_commit', 'full_page_writes'] as const;

export async function durability(db: Queryable): Promise<Record<(typeof DURABILITY_SETTINGS)[number], string>> {
  const [row] = await db.query<Record<(typeof DURABILITY_SETTINGS)[number], string>>(
    `select ${DURABILITY_SETTINGS.map((name) => `current_setting('${name}') as ${name}`).join(', ')}`,
  );
  if (!row) throw new Error('no settings row');
  return row;
}

/**
 * Turns a throwaway cluster (started without durability, so seeding 2M rows is quick) into one
 * that commits like production: fsync, synchronous commit and full-page writes on. The write
 * figures measured afterwards are then those a real hub would see.
 */
export async function makeDurable(db: Queryable): Promise<void> {
  for (const name of DURABILITY_SETTINGS) await db.query(`alter system set ${name} = on`);
  await db.query('select pg_reload_conf()');
  await db.query('checkpoint');
  // The reload reaches each backend at its next command: ask until this connection reports it.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const settings = await durability(db);
    if (DURABILITY_SETTINGS.every((name) => settings[name] === 'on')) return;
    if (Date.now() > deadline) throw new Error(`PostgreSQL did not become durable: ${JSON.stringify(settings)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What the scale data set must hold before figures are taken on it (rows per table). */
export const SCALE_MINIMUM: Readonly<Record<string, number>> = { customer: SCALE_CUSTOMERS, interaction: SCALE_INTERACTIONS };

/**
 * Why a data set is not the one the figures claim (empty when it is): a seed that was
 * interrupted leaves the customers but not all 2M interactions, and searches over half the
 * history are faster than over all of it.
 */
export function incompleteDataSet(counts: Readonly<Record<string, number>>, minimum: Readonly<Record<string, number>> = SCALE_MINIMUM): string[] {
  return Object.entries(minimum)
    .filter(([table, rows]) => (counts[table] ?? 0) < rows)
    .map(([table, rows]) => `${table}: ${(counts[table] ?? 0).toLocaleString('en')} of ${rows.toLocaleString('en')} rows`);
}

/** Tables whose row count in the console's cache differs from the hub's (empty when all match). */
export function cacheMismatches(hub: Readonly<Record<string, number>>, cache: Readonly<Record<string, number>>, tables: readonly string[]): string[] {
  return tables
    .filter((table) => (hub[table] ?? 0) !== (cache[table] ?? 0))
    .map((table) => `${table}: the cache holds ${(cache[table] ?? 0).toLocaleString('en')} rows, the hub ${(hub[table] ?? 0).toLocaleString('en')}`);
}
