import type { LoketBridge } from '../../common/contract/bridge.ts';
import type { LoketClient } from './client.ts';
import { createPreloadClient } from './preload-client.ts';
import { createSocketClient } from './socket-client.ts';

export type { ConnectionStatus, LoketClient } from './client.ts';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the web shell. */
    readonly loket?: LoketBridge;
  }
}

const TOKEN_KEY = 'loket.launchToken';

/**
 * The web shell opens the page as `/#token=…`. The token moves to sessionStorage (so a reload
 * keeps working) and leaves the address bar (so it is not copied along with a screenshot).
 */
export function takeLaunchToken(location: Location, storage: Storage, history: History): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match?.[1]) {
    storage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', location.pathname + location.search);
    return match[1];
  }
  return storage.getItem(TOKEN_KEY);
}

/** Picks the transport: the preload's bridge in Electron, the socket in the web shell. */
export function connectToMain(): LoketClient {
  if (window.loket) return createPreloadClient(window.loket);
  const token = takeLaunchToken(window.location, window.sessionStorage, window.history) ?? '';
  // Pasting the new address after a restart changes only the fragment, which does not reload
  // the page: take the new token and start over with it.
  window.addEventListener('hashchange', () => {
    const fresh = takeLaunchToken(window.location, window.sessionStorage, window.history);
    if (fresh && fresh !== token) window.location.reload();
  });
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createSocketClient({ origin: `${scheme}//${window.location.host}`, token });
}
