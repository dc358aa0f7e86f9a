import { create } from 'zustand';
import type { HubStatus } from '../../../common/contract/contract.ts';

interface HubState {
  readonly status: HubStatus;
  setStatus(status: HubStatus): void;
}

/** The console's session with the team's hub, as main reports it. */
export const useHubStore = create<HubState>()((set) => ({
  status: { state: 'off' },
  setStatus: (status) => set({ status }),
}));
