import type { NewOutboxItem } from '../cache/outbox-store.ts';
import type { DataState } from './data-state.ts';

export interface CallLogEntry {
  /** The interaction's id (UUIDv7, made when the call started). */
  readonly id: string;
  /** `link`: the agent said which customer the call is about (after it started without one). */
  readonly phase: 'start' | 'end' | 'link';
  readonly customerId: string | null;
  readonly direction: 'inbound' | 'outbound';
  readonly remoteNumber: string;
  readonly sipCallId: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly transfers: number;
}

/** The call log: every call the softphone makes or takes becomes the customer's interaction. */
export class CallLog {
  readonly #state: DataState;

  constructor(state: DataState) {
    this.#state = state;
  }

  /**
   * A call's interaction: created through the outbox when the call starts (so a crash mid-call
   * still leaves a record) and completed when it ends — two writes, sent in order. Without a
   * cache (no key store) the writes go straight to the hub, best effort; not signed in, there
   * is no one to log to.
   */
  log(entry: CallLogEntry): void {
    const write = callLogWrite(entry);
    const cache = this.#state.cache;
    if (cache) {
      cache.enqueue(write, (db) => {
        if (!entry.customerId) return;
        if (entry.phase === 'start' || entry.phase === 'link') {
          db.prepare(`insert into interaction (id, customer_id, agent_id, channel, direction, started_ms, sip_call_id, pending)
            values (@id, @customerId, @agentId, 'phone', @direction, @startedMs, @sipCallId, 1) on conflict (id) do nothing`)
            .run({ id: entry.id, customerId: entry.customerId, agentId: this.#state.agentId(), direction: entry.direction, startedMs: entry.startedAt, sipCallId: entry.sipCallId });
          if (entry.phase === 'link' && entry.endedAt !== null) {
            db.prepare('update interaction set ended_ms = @endedMs, transfers = @transfers where id = @id').run({ id: entry.id, endedMs: entry.endedAt, transfers: entry.transfers });
          }
        } else {
          db.prepare('update interaction set ended_ms = @endedMs, transfers = @transfers, pending = 1 where id = @id')
            .run({ id: entry.id, endedMs: entry.endedAt ?? Date.now(), transfers: entry.transfers });
        }
        // A ringing call's log is written while the screen pop asks main for the caller's
        // history: its commit does not wait for the disk (the call's end, written flushed a
        // moment later, makes it durable too). Nothing the agent typed is in it.
      }, { flush: entry.phase !== 'start' });
      this.#state.queued(entry.customerId);
      return;
    }
    if (this.#state.session.status().state !== 'signedIn') return;
    this.#state.session.request(write.method, write.path, write.body).catch(() => undefined);
  }
}

/** The hub request of one phase of a call. */
function callLogWrite(entry: CallLogEntry): NewOutboxItem {
  const base = { kind: 'callLog' as const, entityTable: 'interaction' as const, entityId: entry.id, customerId: entry.customerId, path: `/interactions/${entry.id}` };
  const summary = `${entry.direction === 'inbound' ? '←' : '→'} ${entry.remoteNumber}`;
  if (entry.phase === 'start') {
    return {
      ...base,
      method: 'PUT',
      body: {
        customerId: entry.customerId, channel: 'phone', direction: entry.direction, startedAt: new Date(entry.startedAt).toISOString(),
        // The hub keeps numbers and extensions, not whatever a caller id may hold.
        remoteNumber: /^[^\s@<>"]{1,64}$/.test(entry.remoteNumber) ? entry.remoteNumber : null, sipCallId: entry.sipCallId, transfers: 0,
      },
      summary,
    };
  }
  if (entry.phase === 'link') return { ...base, method: 'PATCH', body: { customerId: entry.customerId }, summary };
  return { ...base, method: 'PATCH', body: { endedAt: new Date(entry.endedAt ?? Date.now()).toISOString(), transfers: entry.transfers }, summary };
}
