import { create } from 'zustand';

interface OpenEscalationState {
  /** The escalation whose detail the Escalations screen shows (null: the lists alone). */
  readonly id: string | null;
  open(id: string | null): void;
}

/** Kept outside the screen so a notification's "Open" and a return to the screen find it. */
export const useOpenEscalationStore = create<OpenEscalationState>()((set) => ({
  id: null,
  open: (id) => set({ id }),
}));
