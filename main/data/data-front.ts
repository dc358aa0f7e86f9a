import { CallLog } from './call-log.ts';
import { CustomerReads } from './customer-reads.ts';
import { DataState } from './data-state.ts';
import { HistoryReads } from './history-reads.ts';
import { OutboxWrites } from './outbox-writes.ts';

export type { DataFrontOptions } from './data-state.ts';
export type { CallLogEntry } from './call-log.ts';

/**
 * The console's data front: what the contract's data channels are served from. It is the
 * shared state itself (the cache's lifetime for the signed-in agent, the sync status,
 * sign-in/out, the outbox's set-aside writes, purge: `data-state.ts`) plus one part per domain,
 * each reading and writing through that state. `start()` opens the cache once signed in,
 * `dispose()` closes it.
 */
export class DataFront extends DataState {
  /** Search, the 360, recent customers, and the screen pop's caller lookups (`byPhone`, `lookupCallerOnline`, `cached`). */
  readonly customers = new CustomerReads(this);
  /** A customer's timeline and orders, the contact reasons and the wrap-up's context. */
  readonly history = new HistoryReads(this);
  /** The agent's writes through the outbox (notes, customers, wrap-ups, escalations, callbacks) and drafts. */
  readonly writes = new OutboxWrites(this);
  /** The call log (`calls.log`): each call's interaction, written through the outbox. */
  readonly calls = new CallLog(this);
}
