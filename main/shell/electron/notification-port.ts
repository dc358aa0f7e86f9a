import type { NotificationShow } from '../../../common/contract/desktop.ts';
import type { NotificationPort } from '../../notifications/notifier.ts';

// The desktop app's notifications: the notifier's port drawn with Electron's `Notification`,
// with Answer/Decline buttons where the OS offers them (macOS). Kept free of `electron` so it is
// tested; desktop-integration.ts hands it a factory that makes real ones.

/** What this port needs of an Electron Notification. */
export interface OsNotification {
  on(event: 'click', listener: () => void): void;
  on(event: 'action', listener: (event: unknown, index: number) => void): void;
  on(event: 'close', listener: () => void): void;
  show(): void;
  close(): void;
}

export interface OsNotificationOptions {
  readonly title: string;
  readonly body: string;
  readonly urgency: 'critical' | 'normal';
  readonly actions: readonly { type: 'button'; text: string }[];
}

export interface ElectronPortOptions {
  readonly create: (options: OsNotificationOptions) => OsNotification;
  /**
   * Whether the OS reads a notification's body as markup: Linux notification servers do (<b>,
   * <i>, <a href>, <img src>; Electron hands the body to libnotify as it is), macOS and Windows
   * show text.
   */
  readonly bodyMarkup: boolean;
  /** A click or a button: the notifier opens the target or answers/declines the call. */
  readonly act: (id: string, action: 'click' | 'answer' | 'decline') => void;
  /** The agent (or the OS) closed it. */
  readonly closed: (id: string) => void;
}

/** Text as markup that shows exactly this text: the caller's name is whatever their phone sends. */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function electronNotificationPort(options: ElectronPortOptions): NotificationPort {
  const shown = new Map<string, OsNotification>();
  return {
    show(notice: NotificationShow) {
      const notification = options.create({
        title: notice.title,
        body: options.bodyMarkup ? escapeMarkup(notice.body) : notice.body,
        urgency: notice.urgent ? 'critical' : 'normal',
        actions: notice.actions.map((action) => ({ type: 'button' as const, text: action.title })),
      });
      notification.on('click', () => options.act(notice.id, 'click'));
      notification.on('action', (_event, index) => {
        const action = notice.actions[index]?.action;
        if (action) options.act(notice.id, action);
      });
      notification.on('close', () => {
        // Closed by us (withdrawn) or by the agent: either way it is gone.
        if (shown.delete(notice.id)) options.closed(notice.id);
      });
      shown.set(notice.id, notification);
      notification.show();
    },
    close(id: string) {
      const notification = shown.get(id);
      if (!notification) return;
      shown.delete(id);
      notification.close();
    },
  };
}
