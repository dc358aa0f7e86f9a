// An OS notification from the page (Web Notifications: the web shell, and Electron's page too).
// The OS or the browser may refuse it, so every caller also shows the same news in the window.

export interface OsNotificationText {
  readonly title: string;
  readonly body: string;
}

/**
 * Shows a notification when the agent allowed them (Settings → Phone asks); a click brings
 * Loket's window forward and runs `onClick`. `tag` replaces an earlier one of the same thing.
 */
export function showOsNotification(tag: string, text: OsNotificationText, onClick?: () => void): Notification | null {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return null;
  try {
    const notification = new Notification(text.title, { body: text.body, tag, requireInteraction: true });
    notification.onclick = () => {
      window.focus();
      notification.close();
      onClick?.();
    };
    return notification;
  } catch {
    // Some browsers only allow notifications from a service worker; the toast is there anyway.
    return null;
  }
}
