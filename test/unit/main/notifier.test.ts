import { describe, expect, it } from 'vitest';
import type { EventName } from '../../../common/contract/contract.ts';
import type { SyncStatus } from '../../../common/contract/data.ts';
import type { CallView, PhoneStatus } from '../../../common/contract/telephony.ts';
import { createEventHub } from '../../../main/contract/events.ts';
import { createMainTranslator } from '../../../main/i18n.ts';
import { Notifier } from '../../../main/notifications/notifier.ts';
import { electronNotificationPort, type OsNotification, type OsNotificationOptions } from '../../../main/shell/electron/notification-port.ts';

// Main's notifier fed with real events through the real event hub and translations, drawn by the
// Electron port on recording notifications (Electron's own needs the runtime) or by the web port
// as `notifications.show`/`close` events for the page.

const CUSTOMER = '0b0e4a57-3b6c-4d1e-9f4c-6a1f0a2b3c4d';
const call = (patch: Partial<CallView>): CallView => ({
  id: 'call-1', direction: 'inbound', state: 'ringing', remoteNumber: '+31612345678', remoteName: null, sipCallId: 'abc',
  startedAt: 1, answeredAt: null, endedAt: null, endReason: null, held: false, muted: false, recovering: false,
  consultFor: null, transfer: null, transfers: 0, quality: null,
  interactionId: '01970000-0000-7000-8000-000000000001', customerId: null, ...patch,
});
const status = (calls: CallView[]): PhoneStatus => ({
  registration: { state: 'registered', error: null, since: 0, retryAt: null, aor: '1001@pbx' },
  calls,
  presence: { state: 'available', until: null },
  mediaAttached: true,
});

class RecordedNotification implements OsNotification {
  closed = false;
  readonly listeners = new Map<string, (...args: unknown[]) => void>();
  constructor(readonly options: OsNotificationOptions) {}
  on(event: string, listener: (...args: never[]) => void): void {
    this.listeners.set(event, listener as (...args: unknown[]) => void);
  }
  show(): void {}
  close(): void {
    this.closed = true;
    this.listeners.get('close')?.();
  }
  click(): void {
    this.listeners.get('click')?.();
  }
  action(index: number): void {
    this.listeners.get('action')?.({}, index);
  }
}

async function desktopNotifier(language: 'en' | 'nl', bodyMarkup = false) {
  const events = createEventHub();
  const answered: string[] = [];
  const declined: string[] = [];
  const notifier = new Notifier({
    events,
    phone: { answer: async (id) => answered.push(id), decline: async (id) => declined.push(id) },
    customerName: async (id) => (id === CUSTOMER ? 'Anna de Vries' : null),
    hubLostAfterMs: 20,
  });
  notifier.setTranslator(await createMainTranslator(language), language);
  const shown: RecordedNotification[] = [];
  let fronted = 0;
  notifier.usePort(
    electronNotificationPort({
      create: (options) => {
        const notification = new RecordedNotification(options);
        shown.push(notification);
        return notification;
      },
      bodyMarkup,
      act: (id, action) => notifier.act(id, action),
      closed: (id) => notifier.closed(id),
    }),
    () => fronted++,
  );
  const commands: unknown[] = [];
  events.subscribe((name, payload) => {
    if (name === 'ui.command') commands.push(payload);
  });
  return { events, notifier, shown, answered, declined, commands, fronted: () => fronted };
}

const until = async (condition: () => boolean) => {
  for (let tries = 0; tries < 500 && !condition(); tries++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

describe('notifier (desktop app port)', () => {
  it('shows one translated, urgent notification per ringing call, answers or declines from it, and withdraws it when the ringing stops', async () => {
    const desk = await desktopNotifier('nl');
    desk.events.emit('phone.changed', status([call({})]));
    await desk.notifier.settled();
    desk.events.emit('phone.changed', status([call({})]));
    await desk.notifier.settled();
    expect(desk.shown).toHaveLength(1);
    expect(desk.shown[0]?.options).toEqual({
      title: 'Inkomend gesprek',
      body: '+31 6 12345678 belt',
      urgency: 'critical',
      actions: [{ type: 'button', text: 'Opnemen' }, { type: 'button', text: 'Weigeren' }],
    });

    desk.shown[0]?.action(0);
    expect(desk.answered).toEqual(['call-1']);
    expect(desk.fronted()).toBe(1);
    expect(desk.shown[0]?.closed).toBe(true);

    desk.events.emit('phone.changed', status([call({ id: 'call-2', remoteName: 'Anna de Vries' })]));
    await desk.notifier.settled();
    expect(desk.shown[1]?.options.body).toBe('Anna de Vries (+31 6 12345678) belt');
    desk.events.emit('phone.changed', status([]));
    await desk.notifier.settled();
    expect(desk.shown[1]?.closed).toBe(true);
    expect(desk.declined).toEqual([]);

    desk.events.emit('phone.changed', status([call({ id: 'call-3' })]));
    await desk.notifier.settled();
    desk.shown[2]?.action(1);
    expect(desk.declined).toEqual(['call-3']);
  });

  it("shows markup in a caller's name as text: intact where the OS shows plain text, escaped where it reads markup (Linux)", async () => {
    const remoteName = `<img src="https://evil.example/x.png" onerror=alert(1)> <a href="https://evil.example">Eve</a> & <b>Co</b>`;
    const plain = await desktopNotifier('en', false);
    plain.events.emit('phone.changed', status([call({ remoteName })]));
    await plain.notifier.settled();
    expect(plain.shown[0]?.options.body).toBe(`${remoteName} (+31 6 12345678) is calling`);
    const linux = await desktopNotifier('en', true);
    linux.events.emit('phone.changed', status([call({ remoteName })]));
    await linux.notifier.settled();
    const body = linux.shown[0]?.options.body ?? '';
    expect(body).not.toMatch(/[<>]/);
    expect(body).toContain('&lt;img src="https://evil.example/x.png" onerror=alert(1)&gt;');
    expect(body).toContain('&amp; &lt;b&gt;Co&lt;/b&gt;');
  });

  it('keeps quiet during a call except for an urgent escalation, then shows what was held; a click opens the escalation', async () => {
    const desk = await desktopNotifier('en');
    desk.events.emit('phone.changed', status([call({ state: 'active', answeredAt: 2 })]));
    const assigned = (escalationId: string, priority: string) => ({ escalationId, customerId: CUSTOMER, customerName: 'Anna de Vries', priority, summary: 'Refund not received' });
    desk.events.emit('hub.live', { kind: 'escalation.assigned', payload: assigned('esc-normal', 'normal') });
    expect(desk.shown).toHaveLength(0);
    desk.events.emit('hub.live', { kind: 'escalation.assigned', payload: assigned('esc-urgent', 'urgent') });
    expect(desk.shown.map((shown) => shown.options.title)).toEqual(['Urgent escalation assigned to you']);
    expect(desk.shown[0]?.options.body).toBe('Anna de Vries: Refund not received');

    desk.events.emit('phone.changed', status([]));
    await desk.notifier.settled();
    expect(desk.shown.map((shown) => shown.options.title)).toEqual(['Urgent escalation assigned to you', 'Escalation assigned to you']);
    desk.shown[1]?.click();
    expect(desk.commands).toEqual([{ command: 'open', target: { view: 'escalations', escalationId: 'esc-normal' } }]);
    // Offered again (a reconnect replays it): never twice.
    desk.events.emit('hub.live', { kind: 'escalation.assigned', payload: assigned('esc-normal', 'normal') });
    expect(desk.shown).toHaveLength(2);
  });

  it('groups callbacks falling due together into one notice that replaces the earlier, named from the cache', async () => {
    const desk = await desktopNotifier('en');
    const due = (callbackId: string, customerId: string) => ({ callbackId, customerId, dueAt: '2026-12-06T09:00:00.000Z', phone: '+31201234567' });
    desk.events.emit('hub.live', { kind: 'callback.due', payload: due('cb-1', CUSTOMER) });
    await until(() => desk.shown.length === 1);
    expect(desk.shown[0]?.options).toMatchObject({ title: 'Callback due', body: 'Call Anna de Vries back on +31 20 123 4567.', urgency: 'normal' });
    desk.events.emit('hub.live', { kind: 'callback.due', payload: due('cb-2', '1b0e4a57-3b6c-4d1e-9f4c-6a1f0a2b3c4d') });
    desk.events.emit('hub.live', { kind: 'callback.due', payload: due('cb-3', CUSTOMER) });
    await until(() => desk.shown.length === 3);
    expect(desk.shown.map((shown) => [shown.options.title, shown.closed])).toEqual([
      ['Callback due', true],
      ['2 callbacks due', true],
      ['3 callbacks due', false],
    ]);
    desk.shown[2]?.click();
    expect(desk.commands).toEqual([{ command: 'open', target: { view: 'callbacks' } }]);
  });

  it('tells of a lasting hub outage once and replaces it when the hub is back; a short blip says nothing', async () => {
    const desk = await desktopNotifier('en');
    const sync = (connection: 'online' | 'offline') => desk.events.emit('sync.changed', syncStatus(connection));
    sync('online');
    sync('offline');
    sync('online');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(desk.shown).toHaveLength(0);
    sync('offline');
    await until(() => desk.shown.length === 1);
    expect(desk.shown[0]?.options.title).toBe('Connection to the hub lost');
    sync('offline');
    sync('online');
    expect(desk.shown.map((shown) => [shown.options.title, shown.closed])).toEqual([
      ['Connection to the hub lost', true],
      ['Connection to the hub restored', false],
    ]);
  });
});

describe('notifier (web shell port)', () => {
  it('hands the page each notice and its withdrawal as events, and takes the click back through act()', async () => {
    const events = createEventHub();
    const notifier = new Notifier({ events, phone: { answer: async () => undefined, decline: async () => undefined } });
    notifier.setTranslator(await createMainTranslator('de'), 'de');
    const sent: [EventName, unknown][] = [];
    // Subscribed after the notifier, as the web shell is: the ringing call reaches the page
    // before its notice (drawing the notice must not hold the screen pop back).
    const order: EventName[] = [];
    events.subscribe((name, payload) => {
      order.push(name);
      if (name.startsWith('notifications.') || name === 'ui.command') sent.push([name, payload]);
    });
    events.emit('phone.changed', status([call({})]));
    expect(order).toEqual(['phone.changed']);
    await notifier.settled();
    expect(order).toEqual(['phone.changed', 'notifications.show']);
    const [[name, shown]] = sent as [[EventName, { id: string }]];
    expect(name).toBe('notifications.show');
    expect(shown).toMatchObject({ title: 'Eingehender Anruf', urgent: true, actions: [{ action: 'answer', title: 'Annehmen' }, { action: 'decline', title: 'Ablehnen' }] });
    expect(notifier.act(shown.id, 'click')).toBe(true);
    expect(sent.slice(1)).toEqual([
      ['notifications.close', { id: shown.id }],
      ['ui.command', { command: 'open', target: { view: 'phone', callId: 'call-1' } }],
    ]);
    expect(notifier.act(shown.id, 'click')).toBe(false);
    expect(notifier.act('made-up', 'answer')).toBe(false);
  });

  it('warns once when access ends soon, with the date in the agent language', async () => {
    const events = createEventHub();
    const notifier = new Notifier({ events, phone: { answer: async () => undefined, decline: async () => undefined } });
    notifier.setTranslator(await createMainTranslator('en'), 'en');
    const shown: { title: string; body: string; urgent: boolean }[] = [];
    events.subscribe((name, payload) => {
      if (name === 'notifications.show') shown.push(payload as never);
    });
    const active = { state: 'active', hub: 'https://hub.example.com', agentName: 'Olga', accessEndsAt: '2026-12-08T17:00:00.000Z', endingSoon: true } as const;
    events.emit('access.changed', active);
    events.emit('access.changed', active);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: 'Your access ends soon', urgent: true });
    expect(shown[0]?.body).toContain('December 8, 2026');
  });
});

function syncStatus(connection: 'online' | 'offline'): SyncStatus {
  return { connection, phase: 'idle', progress: null, pending: 0, setAside: 0, lastSyncedAt: null, retryAt: null, cache: { state: 'ready' } };
}
