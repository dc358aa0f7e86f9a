// Web Notifications for incoming calls in the web shell (the Electron shell notifies from main).

export type NotificationPermissionState = NotificationPermission | 'unsupported';

export function notificationPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/**
 * Asks once, from a click (browsers ignore or penalise prompts without one): on saving the phone
 * account, on turning the phone on, or from the button in Settings → Phone.
 */
export async function requestNotificationPermission(): Promise<NotificationPermissionState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

export interface CallNotificationText {
  readonly title: string;
  readonly body: string;
}

/** Shows the OS notification for a ringing call; clicking it brings Loket's window forward. */
export function showCallNotification(callId: string, text: CallNotificationText): Notification | null {
  if (notificationPermission() !== 'granted') return null;
  try {
    const notification = new Notification(text.title, { body: text.body, tag: `loket-call-${callId}`, requireInteraction: true });
    notification.onclick = () => {
      window.focus();
      notification.close();
    };
    return notification;
  } catch {
    // Some browsers only allow notifications from a service worker; the banner is there anyway.
    return null;
  }
}
