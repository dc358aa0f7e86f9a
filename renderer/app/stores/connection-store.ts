import { create } from 'zustand';
import type { ConnectionStatus } from '../../bridge/index.ts';

interface ConnectionState {
  readonly status: ConnectionStatus;
  setStatus(status: ConnectionStatus): void;
}

/** The state of the link to main (socket in the web shell); later also the hub's state. */
export const useConnectionStore = create<ConnectionState>()((set) => ({
  status: { state: 'connecting' },
  setStatus: (status) => set({ status }),
}));
