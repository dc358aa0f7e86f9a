import { create } from 'zustand';
import type { AccessStatus } from '../../../common/contract/access.ts';

interface AccessState {
  /** Main's last word on the access life cycle; null until it answered. */
  readonly status: AccessStatus | null;
  /** Main could not say (an older main without the access service): the console is shown as before. */
  readonly unknown: boolean;
  /** The agent chose to look at the console before setting it up (this page only: a reload asks again). */
  readonly lookingAround: boolean;
  lookAround(): void;
  receive(status: AccessStatus): void;
  failed(): void;
  reset(): void;
}

/** The access life cycle as main reports it: the gate, the banners and the screens read it. */
export const useAccessStore = create<AccessState>()((set) => ({
  status: null,
  unknown: false,
  lookingAround: false,
  lookAround: () => set({ lookingAround: true }),
  receive: (status) => set({ status, unknown: false }),
  failed: () => set((state) => (state.status ? state : { unknown: true })),
  reset: () => set({ status: null, unknown: false, lookingAround: false }),
}));
