import type { UiState } from '../../common/contract/contract.ts';
import type { LoketClient } from '../bridge/index.ts';
import { useCustomerStore } from './stores/customer-store.ts';
import { useNavigationStore } from './stores/navigation-store.ts';

/**
 * Brings back what the page had open before it reloaded (a renderer crash the desktop app
 * reloaded, F5 in the web shell): main remembers the open customer and screen in memory
 * (`ui.remember`), and a fresh page asks for it once (`ui.restore`). Note drafts come back by
 * themselves (they are kept in the cache). Only after the answer does the page start telling main
 * what it has open, so the empty first screen never overwrites what was remembered.
 * Returns the stop function.
 */
export function startUiRestore(client: LoketClient): () => void {
  let stopped = false;
  let unsubscribe: (() => void) | null = null;
  let last = '';

  const tell = () => {
    const state: UiState = { customerId: useCustomerStore.getState().customerId, view: useNavigationStore.getState().view };
    const key = `${state.view}|${state.customerId ?? ''}`;
    if (key === last) return;
    last = key;
    client.request('ui.remember', state).catch(() => undefined); // main gone: nothing to remember in
  };

  const follow = () => {
    if (stopped) return;
    const stopCustomer = useCustomerStore.subscribe(tell);
    const stopView = useNavigationStore.subscribe(tell);
    unsubscribe = () => {
      stopCustomer();
      stopView();
    };
    tell();
  };

  client.request('ui.restore', {}).then(
    ({ state }) => {
      // Something opened meanwhile (a call's screen pop) wins over what was open before.
      if (!stopped && state && useCustomerStore.getState().customerId === null && useNavigationStore.getState().view === 'home') {
        if (state.customerId !== null) useCustomerStore.getState().setCustomer(state.customerId);
        useNavigationStore.getState().navigate(state.view);
      }
      follow();
    },
    () => follow(),
  );

  return () => {
    stopped = true;
    unsubscribe?.();
  };
}
