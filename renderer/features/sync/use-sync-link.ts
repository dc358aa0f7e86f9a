import { useEffect } from 'react';
import { drop } from '../../../common/assert.ts';
import { useClient } from '../../app/client-context.ts';
import { useSyncStore } from '../../app/stores/sync-store.ts';
import { whenConnected } from '../../bridge/when-connected.ts';

/**
 * Follows main's sync state: asks once at start (and whenever the link to main comes back, since
 * events sent meanwhile are lost) and then listens to `sync.changed` and `outbox.setAsideChanged`.
 */
export function useSyncLink(): void {
  const client = useClient();
  useEffect(() => {
    const store = useSyncStore.getState();
    const offSync = client.on('sync.changed', (status) => useSyncStore.getState().receive(status));
    const offSetAside = client.on('outbox.setAsideChanged', (items) => useSyncStore.getState().receiveSetAside(items));
    // No toast when this fails: the indicator stays away, and every action that needs the cache
    // reports its own error in its own place.
    const load = () => drop(store.load(client), () => undefined);
    const offStatus = whenConnected(client, load);
    return () => {
      offSync();
      offSetAside();
      offStatus();
    };
  }, [client]);
}
