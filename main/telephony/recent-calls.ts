import type { CallView } from '../../common/contract/telephony.ts';
import type { CallListener } from './call-events.ts';

/** How many ended calls the Home screen can list from this session. */
const KEPT = 50;

/** A call of this session as the Home screen lists it. */
export interface RecentCall {
  /** The call's interaction id (the cache's row, when its customer is known). */
  readonly id: string;
  readonly direction: CallView['direction'];
  readonly number: string;
  readonly name: string | null;
  readonly customerId: string | null;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly answered: boolean;
  readonly endReason: CallView['endReason'];
}

/**
 * The softphone's calls of this session, newest first, missed ones included: the cache keeps
 * an interaction only for calls whose customer is known and does not record whether an
 * inbound call was answered, so the Home screen's "missed" comes from here.
 */
export class RecentCalls {
  #calls: RecentCall[] = [];

  readonly listener: CallListener = (event) => {
    if (event.type !== 'started' && event.type !== 'answered' && event.type !== 'linked' && event.type !== 'ended') return;
    const call = event.call;
    const entry: RecentCall = {
      id: call.interactionId,
      direction: call.direction,
      number: call.remoteNumber,
      name: call.remoteName,
      customerId: call.customerId,
      startedAt: call.startedAt,
      endedAt: call.endedAt,
      answered: call.answeredAt !== null,
      endReason: call.endReason,
    };
    this.#calls = [entry, ...this.#calls.filter((known) => known.id !== entry.id)].sort((a, b) => b.startedAt - a.startedAt).slice(0, KEPT);
  };

  /** The calls that started in [from, to), newest first. */
  between(from: number, to: number): RecentCall[] {
    return this.#calls.filter((call) => call.startedAt >= from && call.startedAt < to);
  }
}
