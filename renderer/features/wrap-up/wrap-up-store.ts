import { v7 as uuidv7 } from 'uuid';
import { create } from 'zustand';
import type { ContactChannel, Outcome } from '../../../common/contract/data.ts';
import type { CallView } from '../../../common/contract/telephony.ts';
import { useCustomerStore } from '../../app/stores/customer-store.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { isExtension, knownCustomer } from '../screen-pop/screen-pop-model.ts';

export const wrapUpDraftKey = (interactionId: string) => `wrapup:${interactionId}`;

/** What the agent has filled in so far; kept here so leaving the customer screen loses nothing. */
export interface WrapUpForm {
  readonly reasons: readonly string[];
  readonly outcome: Outcome | null;
  /** The agent's own tick; null while untouched, when the suggestion shows. */
  readonly firstContactFix: boolean | null;
  readonly orderId: string | null;
  /** Also saved as a draft in main (`wrapup:<interactionId>`), which survives a crash. */
  readonly note: string;
}

export interface WrapUp {
  readonly interactionId: string;
  /** Null until the caller is known (the screen pop links them). */
  readonly customerId: string | null;
  /** The call it wraps up; null for a contact wrapped up on demand. */
  readonly callId: string | null;
  readonly channel: ContactChannel;
  readonly direction: 'inbound' | 'outbound' | 'internal';
  /** Opened from "Wrap up a contact": the contact is logged by the save (`create`). */
  readonly onDemand: boolean;
  readonly transfers: number;
  readonly remoteNumber: string | null;
  /** ms since epoch */
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly form: WrapUpForm;
}

const EMPTY_FORM: WrapUpForm = { reasons: [], outcome: null, firstContactFix: null, orderId: null, note: '' };

interface WrapUpState {
  /** Wrap-ups not saved yet, oldest first (an agent may take a second call before the first is done). */
  readonly wrapUps: readonly WrapUp[];
  /** Interactions wrapped up or dropped here: an ended call reported again opens nothing. */
  readonly done: readonly string[];
  /** Opens a wrap-up for every answered call that ended (from the phone store). */
  follow(calls: readonly CallView[]): void;
  /** "Wrap up a contact" on a customer: a new contact, logged when saved. Returns its interaction id. */
  openOnDemand(customerId: string): string;
  setCustomer(interactionId: string, customerId: string): void;
  setChannel(interactionId: string, channel: ContactChannel): void;
  updateForm(interactionId: string, patch: Partial<WrapUpForm>): void;
  /** Saved, or dropped by the agent. */
  close(interactionId: string): void;
  reset(): void;
}

const STORAGE_KEY = 'loket.wrapUps';
const DONE_KEPT = 200;

interface Stored {
  readonly wrapUps: WrapUp[];
  readonly done: string[];
}

/** Open wrap-ups survive a reload of the window (main forgets an ended call after seconds). */
function load(): Stored {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (!raw) return { wrapUps: [], done: [] };
    const parsed = JSON.parse(raw) as Partial<Stored>;
    const wrapUps = Array.isArray(parsed.wrapUps) ? parsed.wrapUps.filter((w) => typeof w?.interactionId === 'string') : [];
    return { wrapUps: wrapUps.map((w) => ({ ...w, form: { ...EMPTY_FORM, ...w.form, note: '' } })), done: Array.isArray(parsed.done) ? parsed.done : [] };
  } catch {
    return { wrapUps: [], done: [] };
  }
}

function store(state: Stored): void {
  try {
    // The note is main's draft (encrypted at rest with the rest of the cache), not local storage's.
    const wrapUps = state.wrapUps.map((w) => ({ ...w, form: { ...w.form, note: '' } }));
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify({ wrapUps, done: state.done.slice(-DONE_KEPT) }));
  } catch {
    // No storage (private mode, quota): wrap-ups then live as long as the window.
  }
}

/** For an outbound call main knows no customer of: the customer open when it was dialled. */
const dialledFrom = new Map<string, string | null>();

export const useWrapUpStore = create<WrapUpState>()((set, get) => {
  const commit = (wrapUps: readonly WrapUp[], done = get().done) => {
    set({ wrapUps, done });
    store({ wrapUps: [...wrapUps], done: [...done] });
  };
  const patch = (interactionId: string, change: (wrapUp: WrapUp) => WrapUp) =>
    commit(get().wrapUps.map((wrapUp) => (wrapUp.interactionId === interactionId ? change(wrapUp) : wrapUp)));

  return {
    ...load(),

    follow(calls) {
      const { wrapUps, done } = get();
      let next = wrapUps;
      for (const call of calls) {
        if (call.consultFor !== null) continue; // a colleague consulted, not a customer contact
        if (isExtension(call.remoteNumber)) continue; // a colleague's extension, not a customer contact
        if (call.direction === 'outbound' && !dialledFrom.has(call.id)) dialledFrom.set(call.id, useCustomerStore.getState().customerId);
        const customerId = knownCustomer(call) ?? (call.direction === 'outbound' ? (dialledFrom.get(call.id) ?? null) : null);
        const open = next.find((wrapUp) => wrapUp.interactionId === call.interactionId);
        if (open) {
          if (open.customerId === null && customerId !== null) {
            next = next.map((wrapUp) => (wrapUp === open ? { ...wrapUp, customerId } : wrapUp));
          }
          continue;
        }
        if (call.state !== 'ended' || call.answeredAt === null || done.includes(call.interactionId)) continue;
        dialledFrom.delete(call.id);
        next = [
          ...next,
          {
            interactionId: call.interactionId,
            customerId,
            callId: call.id,
            channel: 'phone',
            direction: call.direction,
            onDemand: false,
            transfers: call.transfers,
            remoteNumber: call.remoteNumber,
            startedAt: call.startedAt,
            endedAt: call.endedAt,
            form: EMPTY_FORM,
          },
        ];
      }
      if (next !== wrapUps) commit(next);
    },

    openOnDemand(customerId) {
      // One blank on-demand wrap-up per customer at a time: pressing the button twice opens one.
      const blank = get().wrapUps.find(
        (wrapUp) => wrapUp.onDemand && wrapUp.customerId === customerId && wrapUp.form.reasons.length === 0 && wrapUp.form.note === '',
      );
      if (blank) return blank.interactionId;
      const interactionId = uuidv7();
      const now = Date.now();
      commit([
        ...get().wrapUps,
        {
          interactionId,
          customerId,
          callId: null,
          channel: 'phone',
          direction: 'inbound',
          onDemand: true,
          transfers: 0,
          remoteNumber: null,
          startedAt: now,
          endedAt: null,
          form: EMPTY_FORM,
        },
      ]);
      return interactionId;
    },

    setCustomer: (interactionId, customerId) => patch(interactionId, (wrapUp) => ({ ...wrapUp, customerId })),
    setChannel: (interactionId, channel) =>
      patch(interactionId, (wrapUp) => ({ ...wrapUp, channel, direction: channel === 'note' ? 'internal' : wrapUp.direction === 'internal' ? 'inbound' : wrapUp.direction })),
    updateForm: (interactionId, change) => patch(interactionId, (wrapUp) => ({ ...wrapUp, form: { ...wrapUp.form, ...change } })),

    close(interactionId) {
      const { wrapUps, done } = get();
      commit(
        wrapUps.filter((wrapUp) => wrapUp.interactionId !== interactionId),
        done.includes(interactionId) ? done : [...done, interactionId].slice(-DONE_KEPT),
      );
    },

    reset() {
      dialledFrom.clear();
      commit([], []);
    },
  };
});

// Wrap-ups follow the phone wherever the agent is: no screen has to be open for a call to get one.
usePhoneStore.subscribe((state, previous) => {
  if (state.status !== previous.status) useWrapUpStore.getState().follow(state.status?.calls ?? []);
});
