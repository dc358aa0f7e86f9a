import { describe, expect, it } from 'vitest';
import type { CallView, Registration } from '../../../common/contract/telephony.ts';
import { LoketError } from '../../../common/errors.ts';
import { extendWrapUp, PresenceTracker, startsWrapUp } from '../../../main/telephony/presence.ts';

// The wrap-up policy of main/telephony/presence.ts: which calls get a wrap-up time, that no call
// is offered while it runs (the softphone answers 486 Busy Here), "Ready", and "Extend" once.

const FIRST = '01970000-0000-7000-8000-0000000000f1';
const SECOND = '01970000-0000-7000-8000-0000000000f2';

const call = (patch: Partial<CallView>): CallView => ({
  id: 'call-1', direction: 'inbound', state: 'ended', remoteNumber: '+31612345678', remoteName: null, sipCallId: 'sip-1', startedAt: 10_000, answeredAt: 12_000,
  endedAt: 100_000, endReason: 'remoteHangup', held: false, muted: false, recovering: false, consultFor: null, transfer: null, transfers: 0, quality: null,
  interactionId: FIRST, customerId: null, ...patch,
});
const registered: Registration = { state: 'registered', error: null, since: 0, retryAt: null, aor: '1001@loket.test' };

function tracker(seconds = 30) {
  const now = { value: 100_000 };
  const published: string[] = [];
  const presence = new PresenceTracker({ wrapUpSeconds: () => seconds, publish: async (status) => void published.push(status), onExpired: () => undefined, now: () => now.value });
  return { presence, published, now };
}

describe('which calls start a wrap-up time', () => {
  it('an answered customer call does; a declined, missed or unanswered one, a consult call and a colleague’s extension do not', () => {
    expect(startsWrapUp(call({}))).toBe(true);
    expect(startsWrapUp(call({ direction: 'outbound' }))).toBe(true);
    expect(startsWrapUp(call({ answeredAt: null, endReason: 'declined' }))).toBe(false);
    expect(startsWrapUp(call({ answeredAt: null, endReason: 'cancelled' }))).toBe(false);
    expect(startsWrapUp(call({ direction: 'outbound', answeredAt: null, endReason: 'busy' }))).toBe(false);
    expect(startsWrapUp(call({ consultFor: 'call-0' }))).toBe(false);
    expect(startsWrapUp(call({ remoteNumber: '1002' }))).toBe(false);
  });

  it('a declined call after an answered one keeps the first call’s wrap-up, naming that call', () => {
    const { presence, now } = tracker();
    presence.callEnded(call({ id: 'call-1', interactionId: FIRST }));
    now.value = 109_000;
    presence.callEnded(call({ id: 'call-2', interactionId: SECOND, answeredAt: null, endReason: 'declined', endedAt: 109_000 }));
    const shown = presence.update(registered, []);
    expect(shown).toMatchObject({ state: 'wrapUp', until: 130_000, wrapUp: { callId: 'call-1', interactionId: FIRST } });
    presence.dispose();
  });

  it('a declined call with no wrap-up running leaves the agent available', () => {
    const { presence, published } = tracker();
    presence.update(registered, []);
    presence.callEnded(call({ answeredAt: null, endReason: 'declined' }));
    expect(presence.update(registered, [])).toEqual({ state: 'available', until: null });
    expect(presence.offersCalls()).toBe(true);
    expect(published).toEqual(['available']);
    presence.dispose();
  });
});

describe('while the wrap-up time runs', () => {
  it('no call is offered, and the hub hears wrap_up; once it ran out calls are offered again', () => {
    const { presence, published, now } = tracker();
    presence.update(registered, [call({ state: 'active', endedAt: null, endReason: null })]);
    presence.callEnded(call({}));
    expect(presence.update(registered, [])).toMatchObject({ state: 'wrapUp', until: 130_000 });
    now.value = 129_999;
    expect(presence.offersCalls()).toBe(false);
    now.value = 130_000;
    expect(presence.offersCalls()).toBe(true);
    expect(presence.update(registered, [])).toEqual({ state: 'available', until: null });
    expect(published).toEqual(['on_call', 'wrap_up', 'available']);
    presence.dispose();
  });

  it('a ringing call (offered before the wrap-up began) does not turn presence to available', () => {
    const { presence, now } = tracker();
    presence.callEnded(call({}));
    now.value = 109_000;
    expect(presence.update(registered, [call({ id: 'call-2', state: 'ringing', answeredAt: null, endedAt: null, endReason: null })]).state).toBe('wrapUp');
    presence.dispose();
  });

  it('with a wrap-up length of 0 there is no wrap-up time: the next call is offered at once', () => {
    const { presence } = tracker(0);
    presence.callEnded(call({}));
    expect(presence.offersCalls()).toBe(true);
    expect(presence.update(registered, []).state).toBe('available');
    presence.dispose();
  });
});

describe('Ready and Extend', () => {
  it('"Ready" ends the wrap-up time at once and makes the agent available (also from a break)', () => {
    const { presence, published } = tracker();
    presence.choose('break');
    presence.callEnded(call({}));
    presence.update(registered, []);
    presence.ready();
    expect(presence.offersCalls()).toBe(true);
    expect(presence.update(registered, [])).toEqual({ state: 'available', until: null });
    expect(published).toEqual(['wrap_up', 'available']);
    presence.dispose();
  });

  it('"Extend" adds the configured length once; a second time, or after it ran out, is refused', () => {
    const { presence, now } = tracker();
    presence.callEnded(call({}));
    now.value = 125_000;
    presence.extend();
    expect(presence.update(registered, [])).toMatchObject({ state: 'wrapUp', until: 160_000, wrapUp: { extended: true, extendSeconds: 30 } });
    expect(() => presence.extend()).toThrow(LoketError);
    now.value = 159_000;
    expect(presence.offersCalls()).toBe(false);
    now.value = 160_000;
    expect(presence.offersCalls()).toBe(true);
    presence.dispose();
  });

  it('refuses to extend what is not running, with phone.wrapUpNotExtendable', () => {
    const running = { callId: 'call-1', interactionId: FIRST, endsAt: 130_000, extended: false };
    expect(extendWrapUp(running, 30, 100_000).endsAt).toBe(160_000);
    for (const [wrapUp, now] of [[null, 100_000], [running, 130_000], [{ ...running, extended: true }, 100_000]] as const) {
      try {
        extendWrapUp(wrapUp, 30, now);
        expect.unreachable('extended');
      } catch (error) {
        expect((error as LoketError).code).toBe('phone.wrapUpNotExtendable');
      }
    }
  });

  it('saving the wrap-up of the call the time follows ends it; saving an older one does not', () => {
    const { presence } = tracker();
    presence.callEnded(call({ id: 'call-1', interactionId: FIRST }));
    presence.callEnded(call({ id: 'call-2', interactionId: SECOND }));
    expect(presence.wrapUpDone(FIRST)).toBe(false);
    expect(presence.offersCalls()).toBe(false);
    expect(presence.wrapUpDone(SECOND)).toBe(true);
    expect(presence.offersCalls()).toBe(true);
    presence.dispose();
  });
});
