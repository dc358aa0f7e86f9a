import { useEffect } from 'react';
import { drop } from '../../../common/assert.ts';
import { useClient } from '../../app/client-context.ts';
import { useHubStore } from '../../app/stores/hub-store.ts';
import { whenConnected } from '../../bridge/when-connected.ts';
import { useAccessStore } from './access-store.ts';
import { takeLinkFromAddress } from './link-from-address.ts';

/**
 * Follows main's access life cycle: asks at start and whenever the link to main comes back (events
 * sent meanwhile are lost), then listens to `access.changed`. The first time the link is up, a
 * `?link=` in the page's address (the web shell's form of a `loket://` or `tel:` link) goes to
 * main's `links.open` and leaves the address bar.
 */
export function useAccessLink(): void {
  const client = useClient();
  useEffect(() => {
    const store = useAccessStore.getState();
    const off = client.on('access.changed', (status) => useAccessStore.getState().receive(status));
    let linkTaken = false;
    const reload = () =>
      drop(
        client.request('access.status', {}).then((status) => useAccessStore.getState().receive(status)),
        () => store.failed(),
      );
    const load = () => {
      reload();
      if (linkTaken) return;
      linkTaken = true;
      const link = takeLinkFromAddress(window.location, window.history);
      // What main says about the link arrives as `access.changed` (enrolment) or `ui.command`
      // (a phone number, a refusal); the answer itself has nothing more to show.
      if (link) drop(client.request('links.open', { url: link }), () => undefined);
    };
    const offStatus = whenConnected(client, load);
    // A password sign-in (or sign-out) from the first screen or Settings moves access too: ask
    // again when the hub session changes, in case its `access.changed` came before this listener.
    const offHub = useHubStore.subscribe((state, previous) => {
      if (state.status.state !== previous.status.state) reload();
    });
    return () => {
      off();
      offStatus();
      offHub();
    };
  }, [client]);
}
