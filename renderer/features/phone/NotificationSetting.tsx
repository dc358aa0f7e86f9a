import { Bell } from 'lucide-react';
import { useState } from 'react';
import { useT } from '../../i18n/use-t.ts';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { Panel } from '../../ui/Panel.tsx';
import { notificationPermission, requestNotificationPermission, type NotificationPermissionState } from './notifications.ts';

/** Settings → Phone → Notifications (web shell only): whether a ringing call may show one. */
export function NotificationSetting() {
  const { t } = useT();
  const [permission, setPermission] = useState<NotificationPermissionState>(() => notificationPermission());
  let text: string;
  switch (permission) {
    case 'granted':
      text = t('phone:settings.notifications.granted');
      break;
    case 'denied':
      text = t('phone:settings.notifications.denied');
      break;
    case 'default':
      text = t('phone:settings.notifications.default');
      break;
    case 'unsupported':
      text = t('phone:settings.notifications.unsupported');
      break;
  }
  return (
    <Panel title={t('phone:settings.notifications.title')} testId="phone-notifications" data-permission={permission}>
      <p className="hint" aria-live="polite">
        {text}
      </p>
      {permission === 'default' ? (
        <FormActions>
          <ActionButton
            small
            icon={Bell}
            label={t('phone:settings.notifications.allow')}
            onClick={() => void requestNotificationPermission().then(setPermission)}
            testId="notifications-allow"
          />
        </FormActions>
      ) : null}
    </Panel>
  );
}
