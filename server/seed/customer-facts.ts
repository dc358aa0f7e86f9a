// The customers' kept facts (migration 0005) during a bulk load: the triggers that keep them on
// every write would refresh each customer once per batch and table, so the seed defers them and
// computes every customer's facts once at the end, with the indexes in place.
import type { Database, Queryable } from '../db/database.ts';
import { WRITE_LOCK } from '../events/bus.ts';

/** Inside a load transaction: the facts triggers do nothing until it ends (`set local`). */
export async function deferCustomerFacts(tx: Queryable): Promise<void> {
  await tx.query(`select set_config('loket.customer_facts', 'deferred', true)`);
}

/** Computes every customer's facts from their rows (after a load that deferred them). */
export async function refreshAllCustomerFacts(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [WRITE_LOCK]);
    await tx.query('select refresh_customer_facts(array(select id from customer))');
  });
}
