import { DialPadButton } from './DialPad.tsx';
import { PhoneStatusControl } from './PhoneStatusControl.tsx';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import './phone.css';

/** The phone's place in the top bar: its status and menu, and the dial pad. */
export function PhoneTopBar() {
  const status = usePhoneStore((state) => state.status);
  // Until main has answered there is nothing true to say about the phone.
  if (!status) return null;
  return (
    <div className="phone-bar">
      <PhoneStatusControl status={status} />
      <DialPadButton />
    </div>
  );
}
