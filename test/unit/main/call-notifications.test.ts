import { describe, expect, it } from 'vitest';
import type { CallView, PhoneStatus } from '../../../common/contract/telephony.ts';
import { createEventHub } from '../../../main/contract/events.ts';
import { createMainTranslator } from '../../../main/i18n.ts';
import { notifyIncomingCalls, type CallNotice } from '../../../main/shell/electron/call-notifications.ts';

// The desktop app's incoming-call notification, through a recording port instead of Electron's
// Notification (which needs the runtime); the translations are the real ones.

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

describe('call notifications (desktop app)', () => {
  it('shows one translated notification per ringing call, answers or declines from it, and closes it when the ringing stops', async () => {
    const events = createEventHub();
    const t = await createMainTranslator('nl');
    const shown: { notice: CallNotice; click(): void; action(index: number): void; closed: boolean }[] = [];
    const answered: string[] = [];
    const declined: string[] = [];
    let fronted = 0;
    const stop = notifyIncomingCalls({
      events,
      t: () => t,
      bodyMarkup: false,
      phone: { answer: async (id) => answered.push(id), decline: async (id) => declined.push(id) },
      bringToFront: () => fronted++,
      port: {
        show: (notice, on) => {
          const entry = { notice, ...on, closed: false };
          shown.push(entry);
          return { close: () => (entry.closed = true) };
        },
      },
    });

    events.emit('phone.changed', status([call({})]));
    events.emit('phone.changed', status([call({})]));
    expect(shown).toHaveLength(1);
    expect(shown[0]?.notice).toEqual({ title: 'Inkomend gesprek', body: '+31612345678 belt', actions: ['Opnemen', 'Weigeren'] });
    expect(fronted).toBe(1);

    shown[0]?.action(0);
    expect(answered).toEqual(['call-1']);
    events.emit('phone.changed', status([call({ state: 'active', answeredAt: 2 })]));
    expect(shown[0]?.closed).toBe(true);

    events.emit('phone.changed', status([call({ id: 'call-2', remoteName: 'Anna de Vries' })]));
    expect(shown[1]?.notice.body).toBe('Anna de Vries (+31612345678) belt');
    shown[1]?.action(1);
    expect(declined).toEqual(['call-2']);
    events.emit('phone.changed', status([call({ id: 'call-3', direction: 'outbound', state: 'dialing' })]));
    expect(shown).toHaveLength(2);
    stop();
    expect(shown[1]?.closed).toBe(true);
  });

  it("shows markup in a caller's name as text: intact where the OS shows plain text, escaped where it reads markup (Linux)", async () => {
    // The display name is whatever the calling party's phone sends in its From header.
    const remoteName = `<img src="https://evil.example/x.png" onerror=alert(1)> <a href="https://evil.example">Eve</a> & <b>Co</b>`;
    const shown = async (bodyMarkup: boolean) => {
      const events = createEventHub();
      const t = await createMainTranslator('en');
      const notices: CallNotice[] = [];
      notifyIncomingCalls({
        events, t: () => t, bodyMarkup, bringToFront: () => undefined,
        phone: { answer: async () => undefined, decline: async () => undefined },
        port: { show: (notice) => (notices.push(notice), { close: () => undefined }) },
      });
      events.emit('phone.changed', status([call({ remoteName })]));
      return notices[0];
    };
    // macOS and Windows show the body as text: the name exactly as sent, nothing escaped or dropped.
    expect(await shown(false)).toEqual({ title: 'Incoming call', body: `${remoteName} (+31612345678) is calling`, actions: ['Answer', 'Decline'] });
    // Linux notification servers read the body as markup (<b>, <i>, <a href>, <img src>): escaped,
    // so the server shows the same text and neither loads the image nor offers the link.
    const linux = await shown(true);
    expect(linux?.title).toBe('Incoming call');
    expect(linux?.body).not.toMatch(/<|&(?!(amp|lt|gt);)/);
    const asMarkupShowsIt = linux?.body.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(asMarkupShowsIt).toBe(`${remoteName} (+31612345678) is calling`);
  });
});
