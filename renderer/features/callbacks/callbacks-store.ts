import { create } from 'zustand';
import type { CallbackScope, CallbackState } from '../../../common/contract/callbacks.ts';

interface CallbacksState {
  /** The list's filter: whose callbacks, and which (due today, overdue, done). */
  readonly scope: CallbackScope;
  readonly state: CallbackState;
  /** A callback to bring into view (a reminder's toast or notification opened it). */
  readonly focus: string | null;
  /** The callback whose outcome form is open (after its Call, or its Outcome button). */
  readonly outcomeFor: string | null;
  setFilter(filter: { scope?: CallbackScope; state?: CallbackState }): void;
  /** Brings a callback into view (a reminder), with its outcome form open when it was called. */
  open(id: string, outcome: boolean): void;
  setOutcomeFor(id: string | null): void;
  /** The agent moved on from the callback a reminder brought into view. */
  clearFocus(): void;
}

/** What the Callbacks screen shows, kept across screens (and set by the due-callback reminder). */
export const useCallbacksStore = create<CallbacksState>()((set) => ({
  scope: 'mine',
  state: 'due',
  focus: null,
  outcomeFor: null,
  setFilter: (filter) => set(filter),
  open: (id, outcome) => set((state) => ({ focus: id, outcomeFor: outcome ? id : state.outcomeFor })),
  setOutcomeFor: (outcomeFor) => set((state) => ({ outcomeFor, focus: outcomeFor === null ? null : state.focus })),
  clearFocus: () => set({ focus: null }),
}));
