import { describe, expect, it } from 'vitest';
import { LoketError } from '../../../common/errors.ts';
import { createEventHub } from '../../../main/contract/events.ts';
import { callerNumber, parseDialTarget } from '../../../main/telephony/dial-target.ts';
import { MediaBridge, MediaFailedError, MediaUnavailableError, type MediaAttachment } from '../../../main/telephony/media-bridge.ts';
import type { CallView, Registration } from '../../../common/contract/telephony.ts';
import type { CallLogEntry } from '../../../main/data/data-front.ts';
import { callLogListener } from '../../../main/telephony/call-log.ts';
import { derivePresence, PresenceTracker } from '../../../main/telephony/presence.ts';
import { estimateQuality, intervalLoss } from '../../../main/telephony/quality.ts';

// The softphone's pure parts and the media bridge's bookkeeping. Calls themselves are proven on
// the real peers in test/telephony/.

describe('dialling', () => {
  it('reads any notation in the dial country as E.164, keeps extensions, takes the user of a SIP address', () => {
    for (const typed of ['06 12 34 56 78', '+31 6 1234 5678', '0031 6 1234 5678', '06-12 34 56 78']) {
      expect(parseDialTarget(typed, 'NL').user, typed).toBe('+31612345678');
    }
    expect(parseDialTarget('1002', 'NL').user).toBe('1002');
    expect(parseDialTarget('sip:2001@pbx.example.com', 'NL').user).toBe('2001');
    expect(parseDialTarget('0470 12 34 56', 'BE').user).toBe('+32470123456');
  });

  it('refuses what is not a number with phone.badNumber', () => {
    for (const bad of ['', '+31 6 123', 'sip-but-not-a-number', '12ab', '*97']) {
      expect(() => parseDialTarget(bad, 'NL'), bad).toThrow(LoketError);
      try {
        parseDialTarget(bad, 'NL');
      } catch (error) {
        expect((error as LoketError).code).toBe('phone.badNumber');
      }
    }
  });

  it('shows a caller as E.164 when it reads as a number, else as it came', () => {
    expect(callerNumber('0612345678', 'NL')).toBe('+31612345678');
    expect(callerNumber('2001', 'NL')).toBe('2001');
    expect(callerNumber('', 'NL')).toBe('anonymous');
    expect(callerNumber('reception', 'NL')).toBe('reception');
  });
});

describe('call quality', () => {
  it('rates a clean local line good and a lossy, slow one poor', () => {
    expect(estimateQuality({ rttMs: 2, jitterMs: 1, loss: 0 })).toMatchObject({ rating: 'good' });
    expect(estimateQuality({ rttMs: 2, jitterMs: 1, loss: 0 }).mos).toBeGreaterThan(4.3);
    const bad = estimateQuality({ rttMs: 600, jitterMs: 60, loss: 0.1 });
    expect(bad.rating).toBe('poor');
    expect(bad.mos).toBeLessThan(3);
  });

  it('takes loss over the last interval from cumulative counters', () => {
    expect(intervalLoss(undefined, { packetsReceived: 90, packetsLost: 10 })).toBeCloseTo(0.1);
    expect(intervalLoss({ packetsReceived: 90, packetsLost: 10 }, { packetsReceived: 190, packetsLost: 10 })).toBe(0);
    expect(intervalLoss({ packetsReceived: 5, packetsLost: 0 }, { packetsReceived: 5, packetsLost: 0 })).toBe(0);
  });
});

describe('presence', () => {
  const base = { chosen: 'available' as const, registered: true, onCall: false, wrapUp: null, wrapUpSeconds: 30, now: 100_000 };
  const wrapUp = (endsAt: number) => ({ callId: 'call-1', interactionId: '01970000-0000-7000-8000-000000000001', endsAt, extended: false });
  it('follows the phone: offline, on call, wrap-up after a call, then what the agent chose', () => {
    expect(derivePresence({ ...base, registered: false })).toEqual({ state: 'offline', until: null });
    expect(derivePresence({ ...base, onCall: true })).toEqual({ state: 'onCall', until: null });
    expect(derivePresence({ ...base, wrapUp: wrapUp(120_000) })).toMatchObject({ state: 'wrapUp', until: 120_000, wrapUp: { callId: 'call-1', extended: false, extendSeconds: 30 } });
    expect(derivePresence({ ...base, wrapUp: wrapUp(90_000) })).toEqual({ state: 'available', until: null });
    expect(derivePresence({ ...base, chosen: 'break', wrapUp: wrapUp(90_000) })).toEqual({ state: 'break', until: null });
  });
});

describe('the media bridge', () => {
  function bridgeWithRecorder() {
    const events = createEventHub();
    const sent: { name: string; payload: unknown; to: string | undefined }[] = [];
    events.subscribe((name, payload, to) => sent.push({ name, payload, to }));
    const bridge = new MediaBridge(events, 1_000);
    const attachments: MediaAttachment[] = [];
    bridge.onAttachment((attachment) => attachments.push(attachment));
    return { events, sent, bridge, attachments };
  }

  it('fails at once without a page, and sends commands only to the attached page', async () => {
    const { bridge, sent } = bridgeWithRecorder();
    await expect(bridge.call('call-1', { op: 'close' })).rejects.toBeInstanceOf(MediaUnavailableError);
    bridge.attach('engine-a-0001', 'socket-1');
    const pending = bridge.call('call-1', { op: 'mute', on: true });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ name: 'media.command', to: 'socket-1' });
    const { id } = sent[0]?.payload as { id: number };
    expect(bridge.result({ engineId: 'another-engine', id, ok: true, value: true })).toBe(false);
    expect(bridge.result({ engineId: 'engine-a-0001', id, ok: true, value: true })).toBe(true);
    await expect(pending).resolves.toBe(true);
  });

  it('rejects what the page left unanswered when it goes away, and tells a new page from a returning one', async () => {
    const { bridge, events, attachments, sent } = bridgeWithRecorder();
    bridge.attach('engine-a-0001', 'socket-1');
    const pending = bridge.call('call-1', { op: 'rollback' });
    events.senderGone('socket-1');
    await expect(pending).rejects.toBeInstanceOf(MediaUnavailableError);
    expect(bridge.attached).toBe(false);
    bridge.attach('engine-a-0001', 'socket-2');
    bridge.attach('engine-b-0002', 'socket-3');
    expect(attachments.map((a) => a.kind)).toEqual(['fresh', 'detached', 'resumed', 'detached', 'fresh']);
    const failing = bridge.call('call-1', { op: 'mute', on: false });
    const { id } = sent.at(-1)?.payload as { id: number };
    bridge.result({ engineId: 'engine-b-0002', id, ok: false, error: 'NotAllowedError' });
    await expect(failing).rejects.toBeInstanceOf(MediaFailedError);
  });
});

const view = (patch: Partial<CallView>): CallView => ({
  id: 'call-1', direction: 'inbound', state: 'ringing', remoteNumber: '+31612345678', remoteName: null, sipCallId: 'sip-1', startedAt: 1_000, answeredAt: null,
  endedAt: null, endReason: null, held: false, muted: false, recovering: false, consultFor: null, transfer: null, transfers: 0, quality: null,
  interactionId: '01970000-0000-7000-8000-000000000001', customerId: null, ...patch,
});
const registered: Registration = { state: 'registered', error: null, since: 0, retryAt: null, aor: '1001@loket.test' };

describe('the presence listener', () => {
  function tracker(now: { value: number }) {
    const published: string[] = [];
    let expired = 0;
    const presence = new PresenceTracker({ wrapUpSeconds: () => 30, publish: async (status) => void published.push(status), onExpired: () => (expired += 1), now: () => now.value });
    return { presence, published, expired: () => expired };
  }

  it('publishes each change of state to the hub: on call, wrap-up after it, then available', () => {
    const now = { value: 100_000 };
    const { presence, published } = tracker(now);
    expect(presence.update(registered, [view({ state: 'active', answeredAt: 90_000 })])).toEqual({ state: 'onCall', until: null });
    presence.callEnded(view({ state: 'ended', answeredAt: 90_000, endedAt: 100_000 }));
    expect(presence.update(registered, [view({ state: 'ended', answeredAt: 90_000, endedAt: 100_000 })])).toMatchObject({ state: 'wrapUp', until: 130_000 });
    now.value = 131_000;
    expect(presence.update(registered, [])).toEqual({ state: 'available', until: null });
    expect(published).toEqual(['on_call', 'wrap_up', 'available']);
    presence.dispose();
  });

  it('ends the wrap-up only for the call that ended last; a call ringing meanwhile does not end it', () => {
    const { presence } = tracker({ value: 100_000 });
    presence.callEnded(view({ interactionId: '01970000-0000-7000-8000-00000000000a', answeredAt: 90_000, endedAt: 99_000 }));
    presence.callEnded(view({ interactionId: '01970000-0000-7000-8000-00000000000b', answeredAt: 90_000, endedAt: 99_500 }));
    expect(presence.update(registered, [view({ state: 'ringing' })]).state).toBe('wrapUp');
    expect(presence.update(registered, []).state).toBe('wrapUp');
    expect(presence.wrapUpDone('01970000-0000-7000-8000-00000000000a')).toBe(false);
    expect(presence.wrapUpDone('01970000-0000-7000-8000-00000000000b')).toBe(true);
    expect(presence.update(registered, []).state).toBe('available');
    presence.choose('break');
    expect(presence.update(registered, []).state).toBe('break');
    expect(presence.update({ ...registered, state: 'reconnecting' }, []).state).toBe('offline');
    expect(presence.update({ ...registered, state: 'reconnecting' }, [view({ state: 'active' })]).state).toBe('onCall');
    presence.dispose();
  });
});

describe('the call-log listener', () => {
  it('creates the interaction when a call starts, completes it when it ends, links it when named later', () => {
    const written: CallLogEntry[] = [];
    const listen = callLogListener((entry) => written.push(entry));
    // Named before it started (the cache's one match): the start carries the customer, no link.
    listen({ type: 'linked', call: view({ customerId: '01970000-0000-7000-8000-00000000000a' }) });
    listen({ type: 'started', call: view({ customerId: '01970000-0000-7000-8000-00000000000a' }) });
    listen({ type: 'ended', call: view({ state: 'ended', endedAt: 5_000, customerId: '01970000-0000-7000-8000-00000000000a' }) });
    expect(written.map((e) => [e.phase, e.customerId, e.endedAt])).toEqual([
      ['start', '01970000-0000-7000-8000-00000000000a', null],
      ['end', '01970000-0000-7000-8000-00000000000a', 5_000],
    ]);
    expect(written[0]).toMatchObject({ id: '01970000-0000-7000-8000-000000000001', direction: 'inbound', remoteNumber: '+31612345678', sipCallId: 'sip-1', startedAt: 1_000, transfers: 0 });

    written.length = 0;
    const other = { id: 'call-2', interactionId: '01970000-0000-7000-8000-000000000002' };
    listen({ type: 'started', call: view(other) });
    listen({ type: 'ended', call: view({ ...other, state: 'ended', endedAt: 6_000 }) });
    listen({ type: 'linked', call: view({ ...other, state: 'ended', endedAt: 6_000, customerId: '01970000-0000-7000-8000-00000000000b' }) });
    listen({ type: 'forgotten', callId: 'call-2' });
    listen({ type: 'linked', call: view({ ...other, customerId: '01970000-0000-7000-8000-00000000000c' }) });
    expect(written.map((e) => e.phase)).toEqual(['start', 'end', 'link']);
  });

  it('keeps a failing write from reaching the softphone', () => {
    const listen = callLogListener(() => {
      throw new Error('disk full');
    });
    expect(() => listen({ type: 'started', call: view({}) })).not.toThrow();
  });
});
