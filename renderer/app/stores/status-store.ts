import { create } from 'zustand';

export interface StatusState<S> {
  readonly status: S;
  setStatus(status: S): void;
}

/** A store that holds one status as it is reported, replaced whole by every report. */
export function createStatusStore<S>(initial: S) {
  return create<StatusState<S>>()((set) => ({
    status: initial,
    setStatus: (status) => set({ status }),
  }));
}
