import { useCallback, useState } from 'react';
import { LoketError } from '../../../common/errors.ts';
import { useClient } from '../../app/client-context.ts';
import { useCallersStore } from '../../app/stores/callers-store.ts';
import { openCustomer } from '../../app/stores/customer-store.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { callerNumber, type PopCall } from './screen-pop-model.ts';
import { useScreenPopStore } from './screen-pop-store.ts';

/** Links the call to a customer (adding the caller's number first when asked) and opens them. */
export function useLinkCall(call: PopCall) {
  const client = useClient();
  return useCallback(
    async (customerId: string, options: { addNumber: boolean }) => {
      const number = callerNumber(call.remoteNumber);
      if (options.addNumber && number !== null) await client.request('customers.addPhone', { customerId, phone: number });
      const before = usePhoneStore.getState().eventCount;
      try {
        const status = await client.request('phone.linkCustomer', { callId: call.id, customerId });
        if (usePhoneStore.getState().eventCount === before) usePhoneStore.getState().receive(status);
      } catch (error) {
        // Main forgets an ended call after a few seconds; its wrap-up takes the customer from here.
        const gone = error instanceof LoketError && (error.code === 'phone.noCall' || error.code === 'phone.wrongState');
        if (!(gone && call.state === 'ended')) throw error;
      }
      // Opened here, once: the caller named below opens nothing again.
      useScreenPopStore.getState().linked(call.id, customerId);
      useCallersStore.getState().named(call.id, customerId);
      openCustomer(customerId);
    },
    [client, call],
  );
}

/**
 * Picking a customer for the call from a list: links (adding the number when asked), says which
 * one is being linked while it runs, and keeps the failure to show under the list.
 */
export function useChooseCustomer(call: PopCall, options: { addNumber: boolean }) {
  const link = useLinkCall(call);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const choose = (customer: { readonly id: string } | undefined) => {
    if (!customer || busy) return;
    setBusy(customer.id);
    setError(null);
    link(customer.id, options).then(
      () => setBusy(null),
      (failure: unknown) => {
        setBusy(null);
        setError(failure);
      },
    );
  };
  return { busy, error, choose };
}
