import { create } from 'zustand';
import type { CallView } from '../../../common/contract/telephony.ts';
import { callerCustomer, type Caller } from '../../app/stores/callers-store.ts';
import { isCustomerCall, toPopCall, type PopCall } from './screen-pop-model.ts';

export interface Pop {
  readonly call: PopCall;
  /** Hidden by the agent (Esc, ×). A call that ends answered comes back: its wrap-up needs a customer. */
  readonly dismissed: boolean;
}

type Callers = Readonly<Record<string, Caller>>;

interface ScreenPopState {
  /** Calls whose customer the agent has to name: several matches, or none. */
  readonly pops: readonly Pop[];
  /** `callId customerId` pairs already opened: a call opens its customer once, also when the agent leaves. */
  readonly opened: ReadonlySet<string>;
  /**
   * Follows main's calls and their callers; returns the customers to open now. A caller opens its
   * customer together with its ringing call (main sends the caller a moment before the call): the
   * banner and the customer's header then render in one commit and show in the same frame,
   * instead of the customer screen's render keeping the ringing call's message waiting.
   */
  follow(calls: readonly CallView[], callers: Callers): string[];
  /** The agent said who the caller is: the pop goes, and main's confirmation opens nothing again. */
  linked(callId: string, customerId: string): void;
  dismiss(callId: string): void;
  reset(): void;
}

function samePopCall(a: PopCall, b: PopCall): boolean {
  return (
    a.state === b.state &&
    a.customerId === b.customerId &&
    a.pending === b.pending &&
    a.hubUnreachable === b.hubUnreachable &&
    a.answeredAt === b.answeredAt &&
    a.remoteNumber === b.remoteNumber &&
    a.remoteName === b.remoteName &&
    a.matches.length === b.matches.length &&
    a.matches.every((match, index) => match.id === b.matches[index]?.id)
  );
}

const key = (callId: string, customerId: string) => `${callId} ${customerId}`;

/** The screen pop's memory of calls; the customer screen itself is `openCustomer`'s. */
export const useScreenPopStore = create<ScreenPopState>()((set, get) => ({
  pops: [],
  opened: new Set(),

  follow(calls, callers) {
    const { pops, opened } = get();
    const open: string[] = [];
    const nextOpened = new Set(opened);
    const byId = new Map(pops.map((pop) => [pop.call.id, pop]));
    const seen = new Set<string>();
    const openOnce = (callId: string, customerId: string) => {
      if (nextOpened.has(key(callId, customerId))) return;
      nextOpened.add(key(callId, customerId));
      open.push(customerId);
    };
    for (const call of calls) {
      if (!isCustomerCall(call)) continue;
      seen.add(call.id);
      const caller = callers[call.id];
      const customerId = call.customerId ?? callerCustomer(caller);
      if (customerId !== null) {
        byId.delete(call.id);
        if (call.state !== 'ended') openOnce(call.id, customerId);
        continue;
      }
      // Not known yet who is calling: the question waits for the caller (main sends it as the call arrives).
      if (!caller) continue;
      const before = byId.get(call.id);
      if (call.state === 'ended' && call.answeredAt === null) {
        byId.delete(call.id); // a missed call: nobody to wrap up
        continue;
      }
      const endedNow = call.state === 'ended' && before !== undefined && before.call.state !== 'ended';
      const snapshot = toPopCall(call, caller);
      const dismissed = endedNow ? false : (before?.dismissed ?? false);
      if (before && before.dismissed === dismissed && samePopCall(before.call, snapshot)) continue;
      byId.set(call.id, { call: snapshot, dismissed });
    }
    // Main forgets an ended call after a few seconds; the pop stays until linked or dismissed.
    for (const [id, pop] of byId) {
      if (seen.has(id) || pop.call.state === 'ended') continue;
      if (pop.call.answeredAt === null) byId.delete(id);
      else byId.set(id, { call: { ...pop.call, state: 'ended' }, dismissed: false });
    }
    const nextPops = [...byId.values()];
    const changed = nextPops.length !== pops.length || nextPops.some((pop, index) => pop !== pops[index]) || nextOpened.size !== opened.size;
    if (changed) set({ pops: nextPops, opened: nextOpened });
    return open;
  },

  linked(callId, customerId) {
    const opened = new Set(get().opened);
    opened.add(key(callId, customerId));
    set({ pops: get().pops.filter((pop) => pop.call.id !== callId), opened });
  },

  dismiss(callId) {
    set({ pops: get().pops.map((pop) => (pop.call.id === callId ? { ...pop, dismissed: true } : pop)) });
  },

  reset: () => set({ pops: [], opened: new Set() }),
}));

/** The pop to show: a live call's before an ended one's, the newest first. */
export function currentPop(pops: readonly Pop[]): Pop | null {
  const shown = pops.filter((pop) => !pop.dismissed);
  const rank = (pop: Pop) => (pop.call.state === 'ended' ? 1 : 0);
  return [...shown].sort((a, b) => rank(a) - rank(b) || b.call.startedAt - a.call.startedAt)[0] ?? null;
}
