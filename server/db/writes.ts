import type { EventBus } from '../events/bus.ts';
import { WRITE_LOCK } from '../events/bus.ts';
import type { Database, Queryable } from './database.ts';

/**
 * A write transaction: takes the write lock first (sequence values then become visible in
 * order, see bus.ts) and wakes the event bus after commit.
 */
export async function write<T>(db: Database, bus: EventBus, work: (tx: Queryable) => Promise<T>): Promise<T> {
  const result = await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [WRITE_LOCK]);
    return work(tx);
  });
  await bus.committed();
  return result;
}
