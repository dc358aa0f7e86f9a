import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import type { AccessStatus } from '../../common/contract/access.ts';
import type { NotificationAction, NotificationShow } from '../../common/contract/desktop.ts';
import type { PhoneStatus } from '../../common/contract/telephony.ts';
import type { EventHub } from '../contract/events.ts';
import type { MenuT } from '../i18n.ts';
import { createLogger } from '../log.ts';
import { NotificationPolicy, type Notice, type NoticeEffect, type NoticeRequest } from './policy.ts';

const log = createLogger('notifications');

/** The hub must stay out of reach this long before "hub lost" is worth a notification (a reconnect is quicker). */
export const HUB_LOST_AFTER_MS = 30_000;

/** Where notices are drawn: Electron's Notification, or the web shell's page (`notifications.show`). */
export interface NotificationPort {
  show(notice: NotificationShow): void;
  close(id: string): void;
}

export interface NotifierOptions {
  readonly events: EventHub;
  readonly phone: { answer(callId: string): Promise<unknown>; decline(callId: string): Promise<unknown> };
  /** The customer's name from the local cache, for a callback's notice (null: the number is shown). */
  readonly customerName?: (customerId: string) => Promise<string | null>;
  /** The country national numbers are read in (Settings → Phone), to write numbers as agents read them. */
  readonly dialCountry?: () => string;
  readonly now?: () => number;
  readonly hubLostAfterMs?: number;
}

const EscalationAssigned = z.object({ escalationId: z.string().min(1), customerName: z.string().catch(''), priority: z.string().catch('normal'), summary: z.string().catch('') });
const CallbackDue = z.object({ callbackId: z.string().min(1), customerId: z.string().nullable().catch(null), dueAt: z.string(), phone: z.string().catch('') });

/**
 * Feeds the notification policy from main's own events — the phone's calls, the hub's live
 * `escalation.assigned` and `callback.due`, the sync connection, the access life cycle — and
 * draws what it decides through a port. A click opens the notice's target in the page
 * (`ui.command` `open`); Answer/Decline go to the phone.
 */
export class Notifier {
  private readonly policy = new NotificationPolicy();
  private readonly now: () => number;
  private port: NotificationPort;
  private translate: MenuT = (key) => key;
  private locale = 'en';
  private focus: () => void = () => undefined;
  private ringing = new Map<string, NoticeRequest>();
  private hubOnline: boolean | null = null;
  private hubLostTimer: ReturnType<typeof setTimeout> | undefined;
  /** The latest phone status not decided on yet (see the constructor), and its scheduled turn. */
  private pendingPhone: PhoneStatus | null = null;
  private phoneTurn: ReturnType<typeof setImmediate> | undefined;
  private phoneDecided: Promise<void> = Promise.resolve();
  private resolvePhoneDecided: () => void = () => undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: NotifierOptions) {
    this.now = options.now ?? Date.now;
    this.port = webPort(options.events);
    this.unsubscribe = options.events.subscribe((name, payload) => {
      // A ringing call's notice waits for a turn of the event loop: this listener runs before the
      // shell's, and drawing the notice (number formatting, the OS notification, or the web
      // shell's `notifications.show` reaching the page first) would delay the ringing call
      // reaching the page — the screen pop. Statuses of one burst are decided once, on the latest.
      if (name === 'phone.changed') return this.phoneLater(payload as PhoneStatus);
      // Any other event is decided after the phone status that came before it (e.g. "on a call").
      this.decidePhone();
      this.decide(() => {
        if (name === 'hub.live') this.live(payload as { kind: string; payload: Record<string, unknown> });
        else if (name === 'sync.changed') this.connection((payload as { connection: string }).connection === 'online');
        else if (name === 'access.changed') this.access(payload as AccessStatus);
      });
    });
  }

  /** Resolves once the phone statuses received so far were decided on (their notices drawn or withdrawn). */
  settled(): Promise<void> {
    return this.phoneDecided;
  }

  /** The Electron shell draws notices itself (and brings its window forward on a click). */
  usePort(port: NotificationPort, focus: () => void): void {
    this.port = port;
    this.focus = focus;
  }

  /** Main's translator and the locale dates are written in (both follow the language setting). */
  setTranslator(t: MenuT, locale: string): void {
    this.translate = t;
    this.locale = locale;
  }

  /** The agent clicked a notice or one of its buttons (`notifications.act`, or Electron's events). */
  act(id: string, action: 'click' | NotificationAction): boolean {
    this.decidePhone();
    const notice = this.policy.notice(id);
    if (!notice) return false;
    this.policy.dismissed(id);
    this.port.close(id);
    const callId = notice.target?.view === 'phone' ? notice.target.callId : null;
    if (action !== 'decline') this.focus();
    if (action === 'answer' && callId) void this.options.phone.answer(callId).catch((error: unknown) => log.warn('answer from a notification failed', error));
    else if (action === 'decline' && callId) void this.options.phone.decline(callId).catch((error: unknown) => log.warn('decline from a notification failed', error));
    else if (notice.target) this.options.events.emit('ui.command', { command: 'open', target: notice.target });
    return true;
  }

  /** The OS closed a notice (the agent swiped it away): not shown again. */
  closed(id: string): void {
    this.policy.dismissed(id);
  }

  dispose(): void {
    this.unsubscribe();
    clearImmediate(this.phoneTurn);
    this.pendingPhone = null;
    this.resolvePhoneDecided();
    clearTimeout(this.hubLostTimer);
    for (const id of this.policy.openIds()) this.port.close(id);
  }

  private phoneLater(status: PhoneStatus): void {
    this.pendingPhone = status;
    if (this.phoneTurn !== undefined) return;
    this.phoneDecided = new Promise((resolve) => (this.resolvePhoneDecided = resolve));
    this.phoneTurn = setImmediate(() => this.decidePhone());
  }

  /** Decides on the pending phone status now (its turn came, or another event must follow it). */
  private decidePhone(): void {
    const status = this.pendingPhone;
    clearImmediate(this.phoneTurn);
    this.phoneTurn = undefined;
    this.pendingPhone = null;
    if (status) this.decide(() => this.phoneChanged(status));
    this.resolvePhoneDecided();
  }

  private decide(work: () => void): void {
    try {
      work();
    } catch (error) {
      log.warn('a notification could not be decided', error);
    }
  }

  private phoneChanged(status: PhoneStatus): void {
    const ringing = new Map<string, NoticeRequest>();
    for (const call of status.calls) {
      if (call.direction !== 'inbound' || call.state !== 'ringing') continue;
      const number = this.formatNumber(call.remoteNumber);
      const caller = call.remoteName ? `${call.remoteName} (${number})` : number;
      ringing.set(call.id, this.ringing.get(call.id) ?? { kind: 'incomingCall', callId: call.id, caller });
    }
    const onCall = status.calls.some((call) => call.state === 'active' || call.state === 'dialing');
    // Answered, declined, or the caller gave up: the notice has nothing left to offer.
    for (const [id, request] of this.ringing) if (!ringing.has(id)) this.apply(this.policy.withdraw(request));
    this.ringing = ringing;
    this.apply(this.policy.setOnCall(onCall, this.now()));
    for (const request of ringing.values()) this.apply(this.policy.offer(request, this.now()));
  }

  private live(event: { kind: string; payload: Record<string, unknown> }): void {
    if (event.kind === 'escalation.assigned') {
      const assigned = EscalationAssigned.safeParse(event.payload);
      if (!assigned.success) return;
      const { escalationId, customerName, priority, summary } = assigned.data;
      this.apply(this.policy.offer({ kind: 'escalationAssigned', escalationId, urgent: priority === 'urgent', customer: customerName, summary }, this.now()));
    } else if (event.kind === 'callback.due') {
      const due = CallbackDue.safeParse(event.payload);
      if (!due.success) return;
      const { callbackId, customerId, dueAt, phone } = due.data;
      const named = customerId && this.options.customerName ? this.options.customerName(customerId).catch(() => null) : Promise.resolve(null);
      void named.then((name) =>
        this.apply(this.policy.offer({ kind: 'callbackDue', callbackId, dueAt, customerId, name: name ?? null, number: this.formatNumber(phone) }, this.now())),
      );
    }
  }

  /** International with spaces (`+31 6 12345678`), as the page writes numbers; unchanged when it does not parse. */
  private formatNumber(number: string): string {
    const country = (this.options.dialCountry?.() ?? 'NL').toUpperCase() as CountryCode;
    const parsed = /^\+?[0-9][0-9\s().-]{5,}$/.test(number.trim()) ? parsePhoneNumberFromString(number.trim(), country) : undefined;
    return parsed?.isValid() ? parsed.formatInternational() : number;
  }

  private connection(online: boolean): void {
    const was = this.hubOnline;
    this.hubOnline = online;
    if (online) {
      clearTimeout(this.hubLostTimer);
      this.hubLostTimer = undefined;
      if (was === false) this.apply(this.policy.offer({ kind: 'hubBack' }, this.now()));
      return;
    }
    // Only an outage after being online, and only once it lasts: a reconnect is not news.
    if (was !== true || this.hubLostTimer) return;
    this.hubLostTimer = setTimeout(() => {
      this.hubLostTimer = undefined;
      if (this.hubOnline === false) this.apply(this.policy.offer({ kind: 'hubLost' }, this.now()));
    }, this.options.hubLostAfterMs ?? HUB_LOST_AFTER_MS);
    this.hubLostTimer.unref?.();
  }

  private access(status: AccessStatus): void {
    if (status.state === 'active' && status.endingSoon && status.accessEndsAt) {
      this.apply(this.policy.offer({ kind: 'accessEnding', endsAt: status.accessEndsAt }, this.now()));
    }
  }

  private apply(effects: readonly NoticeEffect[]): void {
    for (const effect of effects) {
      if (effect.type === 'close') this.port.close(effect.id);
      else this.port.show(this.draw(effect.notice));
    }
  }

  private draw(notice: Notice): NotificationShow {
    const t = this.translate;
    const [first] = notice.requests;
    const texts = first ? noticeTexts(t, this.locale, first, notice.requests.length) : { title: '', body: '' };
    return {
      id: notice.id,
      title: texts.title.slice(0, 200),
      body: texts.body.slice(0, 1_000),
      urgent: notice.urgent,
      actions: notice.actions.map((action) => ({ action, title: t(ACTION_TEXT[action]) })),
    };
  }
}

const ACTION_TEXT = { answer: 'notifications:action.answer', decline: 'notifications:action.decline' } as const satisfies Record<NotificationAction, string>;

function noticeTexts(t: MenuT, locale: string, request: NoticeRequest, count: number): { title: string; body: string } {
  switch (request.kind) {
    case 'incomingCall':
      return { title: t('notifications:incomingCall.title'), body: t('notifications:incomingCall.body', { caller: request.caller }) };
    case 'escalationAssigned':
      return {
        title: t(request.urgent ? 'notifications:escalationAssigned.urgentTitle' : 'notifications:escalationAssigned.title'),
        body: t('notifications:escalationAssigned.body', { customer: request.customer, summary: request.summary }),
      };
    case 'callbackDue':
      return count > 1
        ? { title: t('notifications:callbackDue.groupTitle', { count }), body: t('notifications:callbackDue.groupBody') }
        : {
            title: t('notifications:callbackDue.title'),
            body: request.name ? t('notifications:callbackDue.body', { name: request.name, number: request.number }) : t('notifications:callbackDue.bodyNumber', { number: request.number }),
          };
    case 'hubLost':
      return { title: t('notifications:hubLost.title'), body: t('notifications:hubLost.body') };
    case 'hubBack':
      return { title: t('notifications:hubBack.title'), body: t('notifications:hubBack.body') };
    case 'accessEnding':
      return { title: t('notifications:accessEnding.title'), body: t('notifications:accessEnding.body', { date: formatDate(request.endsAt, locale) }) };
  }
}

function formatDate(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(date);
}

/** The web shell's port: the page shows each notice as a Web Notification and answers with `notifications.act`. */
export function webPort(events: EventHub): NotificationPort {
  return {
    show: (notice) => events.emit('notifications.show', notice),
    close: (id) => events.emit('notifications.close', { id }),
  };
}
