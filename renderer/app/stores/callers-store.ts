import { create } from 'zustand';
import { drop } from '../../../common/assert.ts';
import type { CallerIdentified } from '../../../common/contract/caller-id.ts';
import type { Customer360 } from '../../../common/contract/data.ts';
import { EXTENSION } from '../../../common/phone.ts';
import type { LoketClient } from '../../bridge/index.ts';
import { whenConnected } from '../../bridge/when-connected.ts';
import { usePhoneStore } from './phone-store.ts';

/** A caller's 360 opens the customer screen without a request only this soon after it came. */
export const CALLER_360_FRESH_MS = 5_000;
/** Callers kept after their call (the screen pop keeps its own copy of an unnamed one). */
const KEPT = 50;

/** Who is calling on one call, as main said it (`calls.caller`) or the agent settled it here. */
export interface Caller extends CallerIdentified {
  /** When this answer arrived (ms since epoch): its 360 is used only while fresh. */
  readonly receivedAt: number;
  /** The agent hid the question after the call: the call stays without a customer (no wrap-up). */
  readonly unnamed: boolean;
}

interface CallersState {
  /** By call id, in the order they came (the oldest are dropped beyond a few dozen). */
  readonly callers: Readonly<Record<string, Caller>>;
  /** From main: `calls.caller`, or the `calls.callers` of a reloaded page. */
  receive(callers: readonly CallerIdentified[]): void;
  /** The agent said who called (picked, created or linked a customer); main confirms it too. */
  named(callId: string, customerId: string): void;
  /** The agent hid the question of a call that ended: nobody to wrap it up with. */
  leftUnnamed(callId: string): void;
  reset(): void;
}

function keepNewest(callers: Record<string, Caller>): Record<string, Caller> {
  const ids = Object.keys(callers);
  if (ids.length <= KEPT) return callers;
  return Object.fromEntries(ids.slice(-KEPT).map((id) => [id, callers[id]!]));
}

/**
 * The one place the page keeps "who is calling": the screen pop decides from it, the customer
 * screen paints the caller's 360 from it, the wrap-up takes the customer the agent named from it.
 * Fed by `startCallers`, never at import.
 */
export const useCallersStore = create<CallersState>()((set, get) => {
  /** What the agent settled about a call; a caller long gone from this store is kept again for it. */
  const settle = (callId: string, change: Pick<Caller, 'customerId' | 'unnamed'>) => {
    const before: Caller = get().callers[callId] ?? {
      callId,
      number: '',
      matches: [],
      customerId: null,
      customer: null,
      source: 'agent',
      pending: false,
      hubUnreachable: false,
      receivedAt: Date.now(),
      unnamed: false,
    };
    const after: Caller = change.customerId === null ? { ...before, unnamed: change.unnamed } : { ...before, ...change, source: 'agent', pending: false, hubUnreachable: false };
    set({ callers: { ...get().callers, [callId]: after } });
  };
  return {
    callers: {},
    receive(callers) {
      if (callers.length === 0) return;
      const receivedAt = Date.now();
      const next = { ...get().callers };
      for (const caller of callers) {
        // Re-inserted: a caller that changed counts as new for keepNewest.
        const unnamed = next[caller.callId]?.unnamed ?? false;
        delete next[caller.callId];
        next[caller.callId] = { ...caller, receivedAt, unnamed };
      }
      set({ callers: keepNewest(next) });
    },
    named: (callId, customerId) => settle(callId, { customerId, unnamed: false }),
    leftUnnamed: (callId) => settle(callId, { customerId: null, unnamed: true }),
    reset: () => set({ callers: {} }),
  };
});

/** A caller's customer without asking the agent: the linked one, or the only match. */
export function callerCustomer(caller: { readonly customerId: string | null; readonly matches: readonly { readonly id: string }[] } | undefined): string | null {
  if (!caller) return null;
  if (caller.customerId !== null) return caller.customerId;
  const [only, ...rest] = caller.matches;
  return only && rest.length === 0 ? only.id : null;
}

/** A number on an internal extension: a colleague or a queue, not a customer contact. */
export function isExtension(remoteNumber: string): boolean {
  return EXTENSION.test(remoteNumber.trim());
}

/** The 360 a caller event brought for this customer, while it is fresh (else null: ask main). */
export function freshCaller360(callers: CallersState['callers'], customerId: string, now = Date.now()): Customer360 | null {
  for (const caller of Object.values(callers)) {
    if (caller.customer?.customer.id === customerId && now - caller.receivedAt < CALLER_360_FRESH_MS) return caller.customer;
  }
  return null;
}

/**
 * Follows main's answers to "who is calling?" for the page's lifetime: every `calls.caller`, and
 * `calls.callers` whenever the link to main comes up (a reloaded page, a reconnected socket).
 * Returns the function that stops following.
 */
export function startCallers(client: LoketClient): () => void {
  const store = useCallersStore.getState();
  const off = client.on('calls.caller', (caller) => {
    // User Timing mark: when the page learned who is calling (the screen-pop benchmark reads it).
    performance.mark('loket:caller');
    store.receive([caller]);
  });
  const load = () => drop(client.request('calls.callers', {}).then(({ callers }) => store.receive(callers)), () => undefined);
  const offStatus = whenConnected(client, load);
  return () => {
    off();
    offStatus();
  };
}

/**
 * Runs `follow` now and whenever main's calls (the phone store) or their callers change: what a
 * feature that reacts to calls starts with the app. Returns the function that stops following.
 */
export function followCalls(follow: () => void): () => void {
  follow();
  const offPhone = usePhoneStore.subscribe((state, previous) => {
    if (state.status !== previous.status) follow();
  });
  const offCallers = useCallersStore.subscribe((state, previous) => {
    if (state.callers !== previous.callers) follow();
  });
  return () => {
    offPhone();
    offCallers();
  };
}
