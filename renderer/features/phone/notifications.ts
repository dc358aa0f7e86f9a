// The web shell's permission for Web Notifications: main decides what to show (main/notifications),
// the page shows it (frame/use-main-notifications.ts). The Electron shell notifies from main itself.

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
