import { followCalls, useCallersStore } from '../../app/stores/callers-store.ts';
import { openCustomer } from '../../app/stores/customer-store.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { useScreenPopStore } from './screen-pop-store.ts';

/**
 * The screen pop, started once with the app: a ringing call whose caller is one known customer
 * (one match, or linked by main or the agent) opens that customer at once, before the agent
 * answers, so their history is on screen by the time they say hello. Once per call: an agent who
 * leaves the customer during the call is not pulled back. Keyboard focus stays where it is.
 * Several matches or none become the pop's question (`ScreenPop`). Returns the function that stops.
 */
export function startScreenPop(): () => void {
  return followCalls(() => {
    const calls = usePhoneStore.getState().status?.calls ?? [];
    for (const customerId of useScreenPopStore.getState().follow(calls, useCallersStore.getState().callers)) {
      // User Timing mark: the screen-pop benchmark reads when the page decided to open the caller.
      performance.mark('loket:screen-pop');
      // Not a transition: the customer screen (its header from the caller's 360 in the callers
      // store, without asking main; its history and orders mount after the first paint) renders
      // in the same commit as the ringing banner, so both show in the same frame.
      openCustomer(customerId);
    }
  });
}
