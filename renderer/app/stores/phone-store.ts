import { create } from 'zustand';
import type { PhoneStatus } from '../../../common/contract/telephony.ts';
import type { LoketClient } from '../../bridge/index.ts';

/** The top bar's phone popovers; one at a time. */
export type PhonePopover = 'menu' | 'dialPad' | null;

interface PhoneState {
  /** Null until main has answered `phone.status` (or while it cannot): then nothing is shown. */
  readonly status: PhoneStatus | null;
  /** Counts `phone.changed` events, so a response that raced an event does not undo it. */
  readonly eventCount: number;
  readonly popover: PhonePopover;
  /** The call whose DTMF keypad is open. */
  readonly keypadFor: string | null;
  /** The call whose transfer form is open. */
  readonly transferFor: string | null;
  /**
   * When each held call was put on hold (ms since epoch), for "On hold 0:42". Main reports only
   * whether a call is held, so this counts from the first status that said so (after a page
   * reload: from the reload).
   */
  readonly heldSince: Readonly<Record<string, number>>;
  /** A number from a link outside Loket, for the dial pad to show (never dialled by itself); `seq` tells two of the same apart. */
  readonly dialPrefill: { readonly number: string; readonly seq: number } | null;

  /** From `phone.changed`: always the newest truth. */
  receive(status: PhoneStatus): void;
  load(client: LoketClient): Promise<void>;
  setPopover(popover: PhonePopover): void;
  /** Opens the dial pad with this number in it, focus on Call. */
  prefillDialPad(number: string): void;
  setKeypad(callId: string | null): void;
  setTransfer(callId: string | null): void;

  register(client: LoketClient): Promise<void>;
  unregister(client: LoketClient): Promise<void>;
  setPresence(client: LoketClient, state: 'available' | 'break'): Promise<void>;
  /** `target` as checked by `checkDialTarget`; resolves with the new call's id. */
  dial(client: LoketClient, target: string): Promise<string>;
  answer(client: LoketClient, callId: string): Promise<void>;
  decline(client: LoketClient, callId: string): Promise<void>;
  hangUp(client: LoketClient, callId: string): Promise<void>;
  hold(client: LoketClient, callId: string, on: boolean): Promise<void>;
  mute(client: LoketClient, callId: string, on: boolean): Promise<void>;
  dtmf(client: LoketClient, callId: string, digits: string): Promise<void>;
  /** Blind transfer: the customer is handed on and this call ends. */
  transfer(client: LoketClient, callId: string, target: string): Promise<void>;
  /** Attended transfer, step 1: main holds the customer and calls the colleague. */
  consult(client: LoketClient, callId: string, target: string): Promise<string>;
  /** Attended transfer, step 2 (with the consult call's id). */
  completeTransfer(client: LoketClient, consultCallId: string): Promise<void>;
  /** Attended transfer cancelled (with the consult call's id): back to the customer. */
  cancelTransfer(client: LoketClient, consultCallId: string): Promise<void>;
}

/**
 * The softphone as main reports it: registration, calls, presence. Signalling lives in main, so
 * this store only mirrors `phone.status` / `phone.changed` and sends the agent's requests.
 */
export const usePhoneStore = create<PhoneState>()((set, get) => {
  /**
   * A request's response carries the status at that moment; an event that arrived while the
   * request was in flight is newer (or as new), so the response is then dropped.
   */
  async function apply(request: Promise<PhoneStatus>): Promise<void> {
    const before = get().eventCount;
    const status = await request;
    if (get().eventCount === before) set({ status, heldSince: heldSinceOf(status, get().heldSince, Date.now()) });
  }

  return {
    status: null,
    eventCount: 0,
    popover: null,
    dialPrefill: null,
    keypadFor: null,
    transferFor: null,
    heldSince: {},

    receive(status) {
      // User Timing marks: what the screen-pop benchmark (and a developer's profile) reads.
      performance.mark('loket:phone-status');
      const live = new Set(status.calls.filter((call) => call.state !== 'ended').map((call) => call.id));
      const { keypadFor, transferFor } = get();
      set({
        status,
        heldSince: heldSinceOf(status, get().heldSince, Date.now()),
        eventCount: get().eventCount + 1,
        // A keypad or transfer form of a call that ended closes with it.
        keypadFor: keypadFor !== null && live.has(keypadFor) ? keypadFor : null,
        transferFor: transferFor !== null && live.has(transferFor) ? transferFor : null,
      });
    },
    async load(client) {
      await apply(client.request('phone.status', {}));
    },
    setPopover: (popover) => set({ popover }),
    prefillDialPad: (number) => set((state) => ({ popover: 'dialPad', dialPrefill: { number, seq: (state.dialPrefill?.seq ?? 0) + 1 } })),
    setKeypad: (keypadFor) => set({ keypadFor, transferFor: keypadFor === null ? get().transferFor : null }),
    setTransfer: (transferFor) => set({ transferFor, keypadFor: transferFor === null ? get().keypadFor : null }),

    register: (client) => apply(client.request('phone.register', {})),
    unregister: (client) => apply(client.request('phone.unregister', {})),
    setPresence: (client, state) => apply(client.request('phone.setPresence', { state })),
    async dial(client, target) {
      return (await client.request('phone.dial', { target })).callId;
    },
    answer: (client, callId) => apply(client.request('phone.answer', { callId })),
    decline: (client, callId) => apply(client.request('phone.decline', { callId })),
    hangUp: (client, callId) => apply(client.request('phone.hangup', { callId })),
    hold: (client, callId, on) => apply(client.request('phone.hold', { callId, on })),
    mute: (client, callId, on) => apply(client.request('phone.mute', { callId, on })),
    dtmf: (client, callId, digits) => apply(client.request('phone.dtmf', { callId, digits })),
    async transfer(client, callId, target) {
      await apply(client.request('phone.transfer', { callId, target }));
      set({ transferFor: null });
    },
    async consult(client, callId, target) {
      const { callId: consultId } = await client.request('phone.consult', { callId, target });
      set({ transferFor: null });
      return consultId;
    },
    completeTransfer: (client, consultCallId) => apply(client.request('phone.completeTransfer', { callId: consultCallId })),
    cancelTransfer: (client, consultCallId) => apply(client.request('phone.cancelTransfer', { callId: consultCallId })),
  };
});

/** The hold start of each live held call: kept while it stays held, now for a call just put on hold. */
function heldSinceOf(status: PhoneStatus, before: Readonly<Record<string, number>>, now: number): Record<string, number> {
  const next: Record<string, number> = {};
  for (const call of status.calls) {
    if (call.held && call.state === 'active') next[call.id] = before[call.id] ?? now;
  }
  return next;
}
