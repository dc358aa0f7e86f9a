import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallView } from '../../../common/contract/telephony.ts';
import type { CallLogEntry } from '../../../main/data/data-front.ts';
import { CALL_LOG_START_DELAY_MS, callLogListener } from '../../../main/telephony/call-log.ts';

// A ringing call's first write waits a moment (the page is painting the banner and the caller's
// header then); it is never lost and never overtaken by the call's later writes.

const CUSTOMER = '01970000-0000-7000-8000-00000000000a';
const view = (patch: Partial<CallView>): CallView => ({
  id: 'call-1', direction: 'inbound', state: 'ringing', remoteNumber: '+31612345678', remoteName: null, sipCallId: 'sip-1', startedAt: 1_000, answeredAt: null,
  endedAt: null, endReason: null, held: false, muted: false, recovering: false, consultFor: null, transfer: null, transfers: 0, quality: null,
  interactionId: '01970000-0000-7000-8000-000000000001', customerId: null, ...patch,
});

describe('the call log of a ringing call', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the start of a ringing call after the moment the banner is painted, not while it rings in', () => {
    const written: CallLogEntry[] = [];
    const listen = callLogListener((entry) => written.push(entry));
    listen({ type: 'started', call: view({ customerId: CUSTOMER }) });
    expect(written).toEqual([]);
    vi.advanceTimersByTime(CALL_LOG_START_DELAY_MS);
    expect(written.map((e) => [e.phase, e.customerId])).toEqual([['start', CUSTOMER]]);
  });

  it('writes the start first when the call is answered, linked or ends before the delay is over', () => {
    const written: CallLogEntry[] = [];
    const listen = callLogListener((entry) => written.push(entry));
    listen({ type: 'started', call: view({}) });
    listen({ type: 'linked', call: view({ customerId: CUSTOMER }) });
    listen({ type: 'answered', call: view({ state: 'active', answeredAt: 2_000, customerId: CUSTOMER }) });
    listen({ type: 'ended', call: view({ state: 'ended', answeredAt: 2_000, endedAt: 5_000, customerId: CUSTOMER }) });
    expect(written.map((e) => [e.phase, e.customerId])).toEqual([
      ['start', null],
      ['link', CUSTOMER],
      ['end', CUSTOMER],
    ]);
    // Written once: the timer that was waiting does not write it again.
    vi.advanceTimersByTime(CALL_LOG_START_DELAY_MS * 2);
    expect(written).toHaveLength(3);
  });

  it("writes a dialled call's start at once, and every start at once when asked to", () => {
    const written: CallLogEntry[] = [];
    const listen = callLogListener((entry) => written.push(entry));
    listen({ type: 'started', call: view({ id: 'out-1', direction: 'outbound', state: 'dialing' }) });
    expect(written.map((e) => [e.phase, e.direction])).toEqual([['start', 'outbound']]);

    const now: CallLogEntry[] = [];
    callLogListener((entry) => now.push(entry), { startDelayMs: 0 })({ type: 'started', call: view({}) });
    expect(now.map((e) => e.phase)).toEqual(['start']);
  });

  it('writes a missed call that main forgets before the delay is over', () => {
    const written: CallLogEntry[] = [];
    const listen = callLogListener((entry) => written.push(entry));
    listen({ type: 'started', call: view({}) });
    listen({ type: 'forgotten', callId: 'call-1' });
    expect(written.map((e) => e.phase)).toEqual(['start']);
  });
});
