import { usePhoneStore } from './stores/phone-store.ts';

/** Why a click-to-call button is off: the phone is not registered, or a call is on already. */
export type CannotCall = 'notReady' | 'onCall' | null;

/** Whether a click-to-call button may dial now (screens say why not in their own words). */
export function useCannotCall(): CannotCall {
  const ready = usePhoneStore((state) => state.status?.registration.state === 'registered');
  const busy = usePhoneStore((state) => state.status?.calls.some((call) => call.state === 'active' || call.state === 'dialing') ?? false);
  return !ready ? 'notReady' : busy ? 'onCall' : null;
}
