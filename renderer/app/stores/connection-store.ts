import type { ConnectionStatus } from '../../bridge/index.ts';
import { createStatusStore } from './status-store.ts';

/** The state of the link to main (socket in the web shell); later also the hub's state. */
export const useConnectionStore = createStatusStore<ConnectionStatus>({ state: 'connecting' });
