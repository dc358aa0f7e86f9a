import type { Page } from 'playwright-core';

// The OS notifications a console's page showed, for tests in Chromium: an init script wraps the
// page's `Notification` constructor and a service worker registration's `showNotification` (the
// way to offer actions such as Answer) and keeps each title and body.

/** Records every `new Notification(...)` the page makes (title and body), in `window.__shownNotifications`. */
export const RECORD_NOTIFICATIONS = `
  (() => {
    const shown = [];
    window.__shownNotifications = shown;
    const Registration = window.ServiceWorkerRegistration;
    if (Registration && Registration.prototype.showNotification) {
      const show = Registration.prototype.showNotification;
      Registration.prototype.showNotification = function (title, options) {
        shown.push({ title, body: (options && options.body) || '' });
        return show.call(this, title, options);
      };
    }
    const Native = window.Notification;
    if (!Native) return;
    class Recorded extends Native {
      constructor(title, options) { super(title, options); shown.push({ title, body: (options && options.body) || '' }); }
    }
    Object.defineProperty(Recorded, 'permission', { get: () => Native.permission });
    Recorded.requestPermission = (...args) => Native.requestPermission(...args);
    window.Notification = Recorded;
  })();
`;

export function shownNotifications(page: Page): Promise<{ title: string; body: string }[]> {
  return page.evaluate(() => (window as unknown as { __shownNotifications?: { title: string; body: string }[] }).__shownNotifications ?? []);
}
