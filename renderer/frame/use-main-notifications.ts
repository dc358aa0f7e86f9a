import { useEffect } from 'react';
import { drop } from '../../common/assert.ts';
import { showOsNotification } from '../app/os-notification.ts';
import { useClient } from '../app/client-context.ts';

/**
 * The web shell's OS notifications: main decides (one policy for both shells) and sends
 * `notifications.show`; the page shows each as a Web Notification and tells main of a click, which
 * answers with what to open. Main withdraws one with `notifications.close` (the call stopped
 * ringing, a group replaced it). The Electron shell shows its own and sends neither event.
 */
export function useMainNotifications(): void {
  const client = useClient();
  useEffect(() => {
    const shown = new Map<string, Notification>();
    const offShow = client.on('notifications.show', (notice) => {
      const notification = showOsNotification(`loket-${notice.id}`, { title: notice.title, body: notice.body }, () => {
        shown.delete(notice.id);
        drop(client.request('notifications.act', { id: notice.id, action: 'click' }), () => undefined);
      });
      if (notification) shown.set(notice.id, notification);
    });
    const offClose = client.on('notifications.close', ({ id }) => {
      shown.get(id)?.close();
      shown.delete(id);
    });
    return () => {
      offShow();
      offClose();
      for (const notification of shown.values()) notification.close();
      shown.clear();
    };
  }, [client]);
}
