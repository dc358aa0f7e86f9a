import type { PhoneStatus } from '../../../common/contract/telephony.ts';
import type { EventHub } from '../../contract/events.ts';
import type { MenuT } from '../../i18n.ts';

// The desktop app's ring: an OS notification for each incoming call, with Answer and Decline
// where the OS offers buttons (macOS), and the window brought to the front on a click. Kept free
// of `electron` so its logic is tested; main.ts gives it Electron's Notification as the port.

export interface CallNotice {
  readonly title: string;
  readonly body: string;
  /** Button labels: [answer, decline]. */
  readonly actions: readonly [string, string];
}

export interface NoticePort {
  show(notice: CallNotice, on: { click(): void; action(index: number): void }): { close(): void };
}

export interface CallNotificationsOptions {
  readonly events: EventHub;
  readonly phone: { answer(callId: string): Promise<unknown>; decline(callId: string): Promise<unknown> };
  readonly port: NoticePort;
  /** The translator for the current UI language (it changes with the setting). */
  readonly t: () => MenuT;
  /**
   * Whether the OS reads a notification's body as markup: Linux notification servers do (<b>,
   * <i>, <a href>, <img src>; Electron hands the body to libnotify as it is), macOS and Windows
   * show text.
   */
  readonly bodyMarkup: boolean;
  bringToFront(): void;
}

/** Text as markup that shows exactly this text: the caller's name is whatever their phone sends. */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function notifyIncomingCalls(options: CallNotificationsOptions): () => void {
  const shown = new Map<string, { close(): void }>();
  const unsubscribe = options.events.subscribe((name, payload) => {
    if (name !== 'phone.changed') return;
    const ringing = (payload as PhoneStatus).calls.filter((call) => call.direction === 'inbound' && call.state === 'ringing');
    for (const call of ringing) {
      if (shown.has(call.id)) continue;
      const t = options.t();
      const caller = call.remoteName ? `${call.remoteName} (${call.remoteNumber})` : call.remoteNumber;
      const body = t('menu:incomingCall.body', { caller });
      const notice = options.port.show(
        {
          title: t('menu:incomingCall.title'),
          body: options.bodyMarkup ? escapeMarkup(body) : body,
          actions: [t('menu:incomingCall.answer'), t('menu:incomingCall.decline')],
        },
        {
          click: () => options.bringToFront(),
          action: (index) => {
            if (index === 0) {
              options.bringToFront();
              void options.phone.answer(call.id).catch(() => undefined);
            } else {
              void options.phone.decline(call.id).catch(() => undefined);
            }
          },
        },
      );
      shown.set(call.id, notice);
      options.bringToFront();
    }
    // Answered, declined, or the caller gave up: the notification has nothing left to offer.
    for (const [id, notice] of shown) {
      if (ringing.some((call) => call.id === id)) continue;
      notice.close();
      shown.delete(id);
    }
  });
  return () => {
    unsubscribe();
    for (const notice of shown.values()) notice.close();
    shown.clear();
  };
}
