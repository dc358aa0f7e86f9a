import type { CallView } from '../../common/contract/telephony.ts';
import type { CallLogEntry } from '../data/data-front.ts';
import { createLogger } from '../log.ts';
import type { CallListener } from './call-events.ts';

const log = createLogger('call-log');

/**
 * The call log: an interaction per call, written through the data front's outbox — created
 * when the call starts (so a crash mid-call still leaves a record), completed when it ends,
 * and linked when its customer is named after it started without one.
 */
export function callLogListener(logCall: (entry: CallLogEntry) => void): CallListener {
  /** Calls whose interaction was created: only those are completed or linked. */
  const logged = new Set<string>();
  const write = (call: CallView, phase: CallLogEntry['phase']) => {
    try {
      logCall({
        id: call.interactionId,
        phase,
        customerId: call.customerId,
        direction: call.direction,
        remoteNumber: call.remoteNumber,
        sipCallId: call.sipCallId,
        startedAt: call.startedAt,
        endedAt: call.endedAt,
        transfers: call.transfers,
      });
    } catch (error) {
      log.error(`could not log call ${call.id}`, error);
    }
  };
  return (event) => {
    switch (event.type) {
      case 'started':
        logged.add(event.call.id);
        write(event.call, 'start');
        return;
      case 'ended':
        if (logged.has(event.call.id)) write(event.call, 'end');
        return;
      case 'linked':
        if (logged.has(event.call.id)) write(event.call, 'link');
        return;
      case 'forgotten':
        logged.delete(event.callId);
        return;
      default:
        return;
    }
  };
}
