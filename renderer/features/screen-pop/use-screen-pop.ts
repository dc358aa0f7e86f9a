import { startTransition, useEffect } from 'react';
import type { CallView } from '../../../common/contract/telephony.ts';
import { useClient } from '../../app/client-context.ts';
import { prefetchCustomer, receivePreview } from '../customer/customer-prefetch.ts';
import { openCustomer } from '../../app/stores/customer-store.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
// Imported for its side effect too: wrap-ups follow the phone from the moment the frame mounts.
import { useWrapUpStore } from '../wrap-up/wrap-up-store.ts';
import { useScreenPopStore } from './screen-pop-store.ts';

/**
 * The screen pop, mounted once in the frame: a ringing call whose number belongs to one known
 * customer (or that main linked to one) opens that customer at once, before the agent answers,
 * so their history is on screen by the time they say hello. Once per call: an agent who leaves
 * the customer during the call is not pulled back. Keyboard focus stays where it is.
 */
export function useScreenPop(): void {
  const client = useClient();
  useEffect(() => {
    const follow = (calls: readonly CallView[]) => {
      for (const customerId of useScreenPopStore.getState().follow(calls)) {
        // Asked of main now, while React is still to render the ringing call (see customer-prefetch.ts).
        performance.mark('loket:screen-pop');
        prefetchCustomer(client, customerId);
        // A transition: the ringing banner renders first, the customer screen right after.
        startTransition(() => openCustomer(customerId));
      }
    };
    const offPreview = client.on('customers.preview', receivePreview);
    follow(usePhoneStore.getState().status?.calls ?? []);
    useWrapUpStore.getState().follow(usePhoneStore.getState().status?.calls ?? []);
    const offPhone = usePhoneStore.subscribe((state, previous) => {
      if (state.status !== previous.status) follow(state.status?.calls ?? []);
    });
    return () => {
      offPreview();
      offPhone();
    };
  }, [client]);
}
