import type { LoketBridge } from '../../common/contract/bridge.ts';
import { unwrap, type ConnectionStatus, type LoketClient } from './client.ts';

const CONNECTED: ConnectionStatus = { state: 'connected' };

/** The Electron transport: `window.loket` from the preload, always connected. */
export function createPreloadClient(bridge: LoketBridge): LoketClient {
  return {
    request: async (channel, payload) => unwrap(await bridge.request(channel, payload)),
    on: (name, listener) => bridge.on(name, listener as (payload: unknown) => void),
    status: () => CONNECTED,
    onStatus: () => () => undefined,
  };
}
