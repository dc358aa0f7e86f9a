import { describe, expect, it } from 'vitest';
import type { CallView, PhoneStatus } from '../../../common/contract/telephony.ts';
import { DEFAULT_GLOBAL_SHORTCUTS } from '../../../common/contract/desktop.ts';
import { quitQuestion } from '../../../common/desktop/quit-guard.ts';
import { applyGlobalShortcuts, runShortcut } from '../../../main/desktop/global-shortcuts.ts';
import { linkFromArgv } from '../../../main/desktop/link-from-argv.ts';
import { createMainTranslator } from '../../../main/i18n.ts';
import { trayIconBitmap } from '../../../main/shell/electron/tray-icon.ts';
import { buildTrayTemplate, trayStateOf, trayTooltip } from '../../../main/shell/electron/tray-menu.ts';

// The desktop shell's rules, without Electron: the tray's menu, the quit guard, the global
// shortcuts and the link on the command line. desktop-integration.ts only wires these.

const call = (patch: Partial<CallView>): CallView => ({
  id: 'call-1', direction: 'inbound', state: 'active', remoteNumber: '+31612345678', remoteName: null, sipCallId: 'abc',
  startedAt: 1, answeredAt: 2, endedAt: null, endReason: null, held: false, muted: false, recovering: false,
  consultFor: null, transfer: null, transfers: 0, quality: null,
  interactionId: '01970000-0000-7000-8000-000000000001', customerId: null, ...patch,
});
const phone = (calls: CallView[], presence: PhoneStatus['presence']['state'] = 'available'): PhoneStatus => ({
  registration: { state: 'registered', error: null, since: 0, retryAt: null, aor: '1001@pbx' },
  calls,
  presence: { state: presence, until: null },
  mediaAttached: true,
});

describe('tray menu', () => {
  it('shows status, call and hub, offers the two presences the agent picks, open and quit — translated', async () => {
    const t = await createMainTranslator('de');
    const picked: string[] = [];
    let quit = 0;
    const state = trayStateOf(phone([call({ remoteName: 'Anna de Vries' })], 'onCall'), 'offline');
    const template = buildTrayTemplate(t, state, { setPresence: (presence) => picked.push(presence), open: () => undefined, quit: () => quit++ });
    expect(template.filter((item) => item.label).map((item) => item.label)).toEqual([
      'Status: Im Gespräch',
      'Im Gespräch mit Anna de Vries',
      'Hub: nicht erreichbar',
      'Status festlegen',
      'Loket öffnen',
      'Loket beenden',
    ]);
    // On a call the phone decides the status.
    expect(template.find((item) => item.label === 'Status festlegen')?.enabled).toBe(false);
    template.at(-1)?.click?.({} as never, undefined, {} as never);
    expect(quit).toBe(1);
    expect(trayTooltip(t, state)).toBe('Loket – Im Gespräch');

    const free = buildTrayTemplate(t, trayStateOf(phone([], 'break'), 'online'), { setPresence: (presence) => picked.push(presence), open: () => undefined, quit: () => undefined });
    const presenceMenu = free.find((item) => item.label === 'Status festlegen');
    expect(presenceMenu?.enabled).toBe(true);
    const choices = presenceMenu?.submenu as { label: string; checked: boolean; click(): void }[];
    expect(choices.map((choice) => [choice.label, choice.checked])).toEqual([['Verfügbar', false], ['Pause', true]]);
    choices[0]?.click();
    expect(picked).toEqual(['available']);
  });
});

describe('quit guard', () => {
  it('asks only while a call is on or writes wait for the hub', () => {
    expect(quitQuestion({ activeCalls: 0, outboxPending: 0 })).toEqual({ ask: false });
    expect(quitQuestion({ activeCalls: 1, outboxPending: 0 })).toEqual({ ask: true, callActive: true, outboxPending: 0 });
    expect(quitQuestion({ activeCalls: 0, outboxPending: 3 })).toEqual({ ask: true, callActive: false, outboxPending: 3 });
  });
});

describe('global shortcuts', () => {
  const registrar = (taken: string[] = []) => {
    const registered = new Map<string, () => void>();
    return {
      registered,
      register: (accelerator: string, run: () => void) => {
        if (taken.includes(accelerator)) return false;
        registered.set(accelerator, run);
        return true;
      },
      unregisterAll: () => registered.clear(),
    };
  };

  it('registers nothing while off (the default) and reports a combination another application holds', () => {
    const keys = registrar(['CommandOrControl+Alt+H']);
    expect(applyGlobalShortcuts(DEFAULT_GLOBAL_SHORTCUTS, keys, () => undefined)).toEqual({ shortcuts: { answer: 'off', hangUp: 'off', mute: 'off' } });
    expect(keys.registered.size).toBe(0);
    const ran: string[] = [];
    const status = applyGlobalShortcuts({ ...DEFAULT_GLOBAL_SHORTCUTS, enabled: true }, keys, (action) => ran.push(action));
    expect(status).toEqual({ shortcuts: { answer: 'registered', hangUp: 'taken', mute: 'registered' } });
    keys.registered.get('CommandOrControl+Alt+M')?.();
    expect(ran).toEqual(['mute']);
    // Turned off again: everything released.
    applyGlobalShortcuts(DEFAULT_GLOBAL_SHORTCUTS, keys, () => undefined);
    expect(keys.registered.size).toBe(0);
  });

  it('registers a combination two actions share only once', () => {
    const keys = registrar();
    const status = applyGlobalShortcuts({ enabled: true, answer: 'Ctrl+Alt+A', hangUp: 'Alt+Control+a', mute: 'Ctrl+Alt+M' }, keys, () => undefined);
    expect(status.shortcuts).toEqual({ answer: 'registered', hangUp: 'taken', mute: 'registered' });
  });

  it('answers the ringing call, hangs up or (un)mutes the one being talked on, and does nothing without one', async () => {
    const done: string[] = [];
    const port = (calls: CallView[]) => ({
      status: () => phone(calls),
      answer: async (id: string) => done.push(`answer ${id}`),
      hangup: async (id: string) => done.push(`hangup ${id}`),
      mute: async (id: string, on: boolean) => done.push(`mute ${id} ${on}`),
    });
    expect(await runShortcut('answer', port([]))).toBe(false);
    expect(await runShortcut('answer', port([call({ id: 'ring', state: 'ringing' })]))).toBe(true);
    const talking = [call({ id: 'held', held: true }), call({ id: 'talk', muted: true })];
    expect(await runShortcut('mute', port(talking))).toBe(true);
    expect(await runShortcut('hangUp', port(talking))).toBe(true);
    expect(await runShortcut('hangUp', port([call({ id: 'ring', state: 'ringing' })]))).toBe(false);
    expect(done).toEqual(['answer ring', 'mute talk false', 'hangup talk']);
  });
});

describe('links on the command line', () => {
  it('finds a whole link argument after the executable, ignoring switches and other arguments', () => {
    expect(linkFromArgv(['/opt/Loket/loket', '--no-sandbox', 'tel:+31201234567'])).toBe('tel:+31201234567');
    expect(linkFromArgv(['Loket.exe', '--allow-file-access-from-files', 'loket://enroll?hub=x&code=y'])).toBe('loket://enroll?hub=x&code=y');
    expect(linkFromArgv(['electron', '.', 'CALLTO://+4930123456'])).toBe('CALLTO://+4930123456');
    expect(linkFromArgv(['tel:+31201234567'])).toBeNull();
    expect(linkFromArgv(['loket', '--open=tel:+31201234567', 'https://example.com', 'notes.txt'])).toBeNull();
    expect(linkFromArgv(['loket', `tel:${'1'.repeat(5_000)}`])).toBeNull();
  });
});

describe('tray icon', () => {
  it('is an opaque disc on a transparent square, in BGRA', () => {
    const size = 32;
    const pixels = trayIconBitmap(size);
    expect(pixels.length).toBe(size * size * 4);
    expect(pixels[3]).toBe(0);
    const centre = (16 * size + 16) * 4;
    expect([...pixels.subarray(centre, centre + 4)]).toEqual([0xeb, 0x63, 0x25, 0xff]);
  });
});
