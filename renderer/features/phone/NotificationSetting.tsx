import { Bell } from 'lucide-react';
import { useState } from 'react';
import { useT } from '../../i18n/use-t.ts';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { Panel } from '../../ui/Panel.tsx';
import { notificationPermission, requestNotificationPermission, type NotificationPermissionState } from './notifications.ts';

/** What each permission means for the agent. */
const PERMISSION_TEXTS = {
  granted: 'phone:settings.notifications.granted',
  denied: 'phone:settings.notifications.denied',
  default: 'phone:settings.notifications.default',
  unsupported: 'phone:settings.notifications.unsupported',
} as const satisfies Record<NotificationPermissionState, string>;

/** Settings → Phone → Notifications (web shell only): whether a ringing call may show one. */
export function NotificationSetting() {
  const { t } = useT();
  const [permission, setPermission] = useState<NotificationPermissionState>(() => notificationPermission());
  return (
    <Panel title={t('phone:settings.notifications.title')} testId="phone-notifications" data-permission={permission}>
      <p className="hint" aria-live="polite">
        {t(PERMISSION_TEXTS[permission])}
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
