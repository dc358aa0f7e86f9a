import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useT } from '../../i18n/use-t.ts';
import { Panel } from '../../ui/Panel.tsx';
import { CallSettings } from './CallSettings.tsx';
import { DeviceSettings } from './DeviceSettings.tsx';
import { IceServersEditor } from './IceServersEditor.tsx';
import { NotificationSetting } from './NotificationSetting.tsx';
import { PHONE_SETTINGS_ID } from './PhoneStatusControl.tsx';
import { SipAccountForm } from './SipAccountForm.tsx';
import './phone-settings.css';

/** Settings → Phone: the SIP account, audio devices, call settings and connection servers. */
export function PhoneSettingsSection() {
  const { t } = useT();
  const shell = useSettingsStore((state) => state.info?.shell);
  return (
    <div className="phone-settings" id={PHONE_SETTINGS_ID} data-testid="phone-settings">
      {/* Its title takes focus when the top bar's phone status opens these settings. */}
      <Panel title={t('phone:settings.account.title')} focusableTitle>
        <SipAccountForm />
      </Panel>
      <DeviceSettings />
      <CallSettings />
      <IceServersEditor />
      {shell === 'web' ? <NotificationSetting /> : null}
    </div>
  );
}
