import type { CallView } from '../../common/contract/telephony.ts';
import type { CallLogEntry } from '../data/data-front.ts';
import { createLogger } from '../log.ts';
import type { CallListener } from './call-events.ts';

const log = createLogger('call-log');

/**
 * How long a ringing call's first write waits. Writing it (an outbox row, the cache's
 * interaction, the top bar's count, the sender's PUT to the hub) costs main several ms of CPU
 * right when the page is painting the ringing banner and the caller's header on a machine whose
 * cores it shares; a moment later nobody is waiting for it. Anything else that happens to the
 * call (answered, linked, ended) writes it first, so the writes keep their order.
 */
export const CALL_LOG_START_DELAY_MS = 250;

export interface CallLogOptions {
  /** Defaults to `CALL_LOG_START_DELAY_MS`; 0 writes the start at once. */
  readonly startDelayMs?: number;
}

/**
 * The call log: an interaction per call, written through the data front's outbox — created
 * when the call starts (a moment later for a ringing call, so a crash mid-call still leaves a
 * record), completed when it ends, and linked when its customer is named after it started
 * without one.
 */
export function callLogListener(logCall: (entry: CallLogEntry) => void, options: CallLogOptions = {}): CallListener {
  const startDelayMs = options.startDelayMs ?? CALL_LOG_START_DELAY_MS;
  /** Calls whose interaction was created (or is about to be): only those are completed or linked. */
  const logged = new Set<string>();
  /** Start writes waiting out the delay, by call id. */
  const deferred = new Map<string, { readonly call: CallView; readonly timer: ReturnType<typeof setTimeout> }>();
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
  /** The call's start, if it still waits: written now, before whatever follows it. */
  const flushStart = (callId: string) => {
    const waiting = deferred.get(callId);
    if (!waiting) return;
    deferred.delete(callId);
    clearTimeout(waiting.timer);
    write(waiting.call, 'start');
  };
  const start = (call: CallView) => {
    logged.add(call.id);
    // An outbound call is the agent's own doing, nothing to paint first: written at once.
    if (startDelayMs <= 0 || call.direction !== 'inbound') return write(call, 'start');
    const timer = setTimeout(() => flushStart(call.id), startDelayMs);
    deferred.set(call.id, { call, timer });
  };
  return (event) => {
    switch (event.type) {
      case 'started':
        start(event.call);
        return;
      case 'answered':
        flushStart(event.call.id);
        return;
      case 'ended':
        flushStart(event.call.id);
        if (logged.has(event.call.id)) write(event.call, 'end');
        return;
      case 'linked':
        flushStart(event.call.id);
        if (logged.has(event.call.id)) write(event.call, 'link');
        return;
      case 'forgotten':
        flushStart(event.callId);
        logged.delete(event.callId);
        return;
      default:
        return;
    }
  };
}
