import { v7 as uuidv7 } from 'uuid';
import { create } from 'zustand';
import type { ContactChannel, Outcome } from '../../../common/contract/data.ts';
import type { CallView } from '../../../common/contract/telephony.ts';
import { useCustomerStore } from '../../app/stores/customer-store.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { callerCustomer, followCalls, isExtension, useCallersStore, type Caller } from '../../app/stores/callers-store.ts';

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
  /** Who called or was called on THAT call: the customer it is linked to, else the caller's display name. */
  readonly callerName: string | null;
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
  /** Opens a wrap-up for every answered call that ended (from the phone store and the callers). */
  follow(calls: readonly CallView[], callers: Readonly<Record<string, Caller>>): void;
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
    return { wrapUps: wrapUps.map((w) => ({ ...w, callerName: w.callerName ?? null, form: { ...EMPTY_FORM, ...w.form, note: '' } })), done: Array.isArray(parsed.done) ? parsed.done : [] };
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

    follow(calls, callers) {
      const { wrapUps, done } = get();
      let next = wrapUps;
      for (const call of calls) {
        if (call.consultFor !== null) continue; // a colleague consulted, not a customer contact
        if (isExtension(call.remoteNumber)) continue; // a colleague's extension, not a customer contact
        if (call.direction === 'outbound' && !dialledFrom.has(call.id)) dialledFrom.set(call.id, useCustomerStore.getState().customerId);
        const customerId = call.customerId ?? callerCustomer(callers[call.id]) ?? (call.direction === 'outbound' ? (dialledFrom.get(call.id) ?? null) : null);
        const callerName = nameOf(call, customerId, callers[call.id]);
        const open = next.find((wrapUp) => wrapUp.interactionId === call.interactionId);
        if (open) {
          if ((open.customerId === null && customerId !== null) || (open.callerName === null && callerName !== null)) {
            next = next.map((wrapUp) => (wrapUp === open ? { ...wrapUp, customerId: wrapUp.customerId ?? customerId, callerName: wrapUp.callerName ?? callerName } : wrapUp));
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
            callerName,
            startedAt: call.startedAt,
            endedAt: call.endedAt,
            form: EMPTY_FORM,
          },
        ];
      }
      const settled = settledByAgent(next, done, callers);
      if (settled.next !== wrapUps) commit(settled.next, settled.closed);
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
          callerName: null,
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

/** The name a wrap-up shows for its call: the linked customer's (as caller id matched it), else the display name the call came with. */
function nameOf(call: CallView, customerId: string | null, caller: Caller | undefined): string | null {
  const matched = customerId === null ? undefined : caller?.matches.find((match) => match.id === customerId);
  const opened = caller?.customer?.customer;
  return matched?.name ?? (opened !== undefined && opened.id === customerId ? opened.name : null) ?? call.remoteName ?? null;
}

/**
 * What the agent settled about a call in the screen pop (the callers store), also after main
 * forgot the call: a customer named fills its wrap-up in; a question hidden after the call
 * closes it (the agent chose not to wrap it up with a customer).
 */
function settledByAgent(wrapUps: readonly WrapUp[], done: readonly string[], callers: Readonly<Record<string, Caller>>) {
  let next = wrapUps;
  let closed = done;
  for (const wrapUp of wrapUps) {
    const caller = wrapUp.callId === null ? undefined : callers[wrapUp.callId];
    if (!caller || wrapUp.customerId !== null) continue;
    if (caller.unnamed) {
      next = next.filter((open) => open !== wrapUp);
      closed = [...closed, wrapUp.interactionId].slice(-DONE_KEPT);
    } else if (caller.customerId !== null) {
      const customerId = caller.customerId;
      next = next.map((open) => (open === wrapUp ? { ...open, customerId } : open));
    }
  }
  return { next, closed };
}

/**
 * Wrap-ups follow the phone and the callers wherever the agent is, from the app's start: no
 * screen has to be open for a call to get one. Returns the function that stops following.
 */
export function startWrapUps(): () => void {
  return followCalls(() => useWrapUpStore.getState().follow(usePhoneStore.getState().status?.calls ?? [], useCallersStore.getState().callers));
}
