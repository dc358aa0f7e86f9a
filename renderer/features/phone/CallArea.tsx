import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { useT } from '../../i18n/use-t.ts';
import { CallPanel } from './CallPanel.tsx';
import { IncomingCall } from './IncomingCall.tsx';
import { arrangeCalls, callStateText, partyText, ringingCalls } from './phone-model.ts';
import './call.css';

/**
 * Under the top bar, above every screen: the ringing call's banner and the call in progress. A
 * live region says what happens to the call (connected, on hold, ended and why).
 */
export function CallArea() {
  const { t } = useT();
  const status = usePhoneStore((state) => state.status);
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  const calls = status?.calls ?? [];
  const ringing = ringingCalls(calls);
  const { primary, others } = arrangeCalls(calls);
  const first = ringing[0];
  const announcement = primary ? t('phone:call.announce', { party: partyText(t, primary, dialCountry), state: callStateText(t, primary) }) : '';

  return (
    <div className="call-area">
      <div className="visually-hidden" role="status" data-testid="call-announcer">
        {announcement}
      </div>
      {first && status ? (
        <IncomingCall key={first.id} call={first} waiting={ringing.length - 1} mediaAttached={status.mediaAttached} dialCountry={dialCountry} />
      ) : null}
      {primary ? <CallPanel key={primary.id} call={primary} calls={calls} others={others} dialCountry={dialCountry} /> : null}
    </div>
  );
}
