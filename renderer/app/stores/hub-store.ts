import type { HubStatus } from '../../../common/contract/contract.ts';
import { createStatusStore } from './status-store.ts';

/** The console's session with the team's hub, as main reports it. */
export const useHubStore = createStatusStore<HubStatus>({ state: 'off' });
