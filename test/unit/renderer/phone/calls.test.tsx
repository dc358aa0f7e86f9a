import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoketError } from '../../../../common/errors.ts';
import { useCallersStore } from '../../../../renderer/app/stores/callers-store.ts';
import { call, fakeMain, phoneStatus, renderApp, resetStores } from './phone-fixture.tsx';

vi.mock('../../../../renderer/features/phone/audio-devices.ts', () => ({
  listAudioDevices: () => Promise.resolve({ microphones: [], speakers: [] }),
  watchDevices: () => () => undefined,
  startLevelMeter: () => () => undefined,
  playTestTone: () => Promise.resolve(),
}));

beforeEach(resetStores);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const ringing = (patch: Parameters<typeof call>[0] = {}) =>
  call({ id: 'in-1', state: 'ringing', answeredAt: null, remoteName: 'Anna de Vries', ...patch });

/** Alt+Shift+<letter>, as the shortcut list declares the phone's keys. */
const shortcut = (letter: string, target: Window | Element = window) =>
  fireEvent.keyDown(target, { altKey: true, shiftKey: true, code: `Key${letter}`, key: letter });

describe('an incoming call', () => {
  it('shows a banner with the caller, focuses Answer, and answers with the call id', async () => {
    const main = fakeMain();
    await renderApp(main);
    const note = document.createElement('textarea');
    document.body.append(note);
    note.focus();

    main.push(phoneStatus({ calls: [ringing()] }));
    const banner = screen.getByTestId('incoming-call');
    expect(banner.getAttribute('role')).toBe('alertdialog');
    expect(within(banner).getByTestId('incoming-name').textContent).toBe('Anna de Vries');
    // International notation with spaces, also in the office's own country (NL by default).
    expect(within(banner).getByTestId('incoming-number').textContent).toBe('+31 6 12345678');
    // Once the banner's first frame is painted.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('call-answer')));

    fireEvent.click(screen.getByTestId('call-answer'));
    await waitFor(() => expect(main.sent('phone.answer')).toEqual([{ callId: 'in-1' }]));

    main.push(phoneStatus({ calls: [call({ id: 'in-1', remoteName: 'Anna de Vries' })], presence: { state: 'onCall', until: null } }));
    expect(screen.queryByTestId('incoming-call')).toBeNull();
    expect(screen.getByTestId('call-panel').dataset.callState).toBe('active');
    // The agent is back where they were typing.
    expect(document.activeElement).toBe(note);
    note.remove();
  });

  it('a transferred call from a colleague\'s extension names the hand-off\'s customer, with sender, priority and summary, read out with the banner', async () => {
    const main = fakeMain();
    await renderApp(main);
    const customerId = '01970000-0000-7000-8000-00000000000a';
    // The phone fixture does not follow main's callers: the store gets the caller as main sends it.
    useCallersStore.getState().receive([{
      callId: 'in-handoff', number: '1001', matches: [{ id: customerId, name: 'Anna de Vries', country: 'NL', language: 'nl', emails: [] }], customerId, customer: null,
      source: 'handoff', pending: false, hubUnreachable: false,
      handoff: {
        handoffId: '01970000-0000-7000-8000-0000000000a1', escalationId: '01970000-0000-7000-8000-0000000000e1', customerId, customerName: 'Anna de Vries',
        summary: 'Rash after the protein bars', priority: 'urgent', fromName: 'Anouk de Jong', kind: 'attended',
      },
    }]);
    main.push(phoneStatus({ calls: [ringing({ id: 'in-handoff', remoteName: 'Agent 1001', remoteNumber: '1001', customerId })] }));
    const banner = screen.getByTestId('incoming-call');
    expect(within(banner).getByTestId('incoming-name').textContent).toBe('Anna de Vries');
    expect(within(banner).getByTestId('incoming-handoff-from').textContent).toBe('Anouk de Jong is handing this customer over to you');
    expect(within(banner).getByTestId('incoming-handoff-priority').textContent).toBe('Urgent');
    const summary = within(banner).getByTestId('incoming-handoff-summary');
    expect(summary.textContent).toContain('Rash after the protein bars');
    expect(banner.getAttribute('aria-describedby')?.split(' ')).toContain(summary.parentElement?.id);
    // Answered, the call panel keeps the summary in view while they talk.
    main.push(phoneStatus({ calls: [call({ id: 'in-handoff', remoteName: 'Agent 1001', remoteNumber: '1001', customerId })] }));
    expect(within(screen.getByTestId('call-panel')).getByTestId('call-handoff-summary').textContent).toContain('Rash after the protein bars');
    useCallersStore.getState().reset();
  });

  it('answers with Alt+Shift+A and declines with Alt+Shift+R, even from a text field', async () => {
    const main = fakeMain();
    await renderApp(main);
    main.push(phoneStatus({ calls: [ringing({ remoteName: null, remoteNumber: '+3225551234' })] }));
    // A number abroad is written internationally.
    expect(screen.getByTestId('incoming-number').textContent).toBe('+32 2 555 12 34');
    const field = document.createElement('input');
    document.body.append(field);
    shortcut('A', field);
    await waitFor(() => expect(main.sent('phone.answer')).toEqual([{ callId: 'in-1' }]));
    shortcut('R', field);
    await waitFor(() => expect(main.sent('phone.decline')).toEqual([{ callId: 'in-1' }]));
    field.remove();
  });

  it('declines from the banner, and says which calls wait behind it', async () => {
    const main = fakeMain();
    await renderApp(main);
    main.push(phoneStatus({ calls: [ringing(), ringing({ id: 'in-2', startedAt: Date.now(), remoteNumber: 'anonymous', remoteName: null })] }));
    const banner = screen.getByTestId('incoming-call');
    expect(banner.dataset.callId).toBe('in-1');
    expect(banner.textContent).toContain('1 more call waiting');
    fireEvent.click(within(banner).getByTestId('call-decline'));
    await waitFor(() => expect(main.sent('phone.decline')).toEqual([{ callId: 'in-1' }]));
    main.push(phoneStatus({ calls: [ringing({ id: 'in-2', remoteNumber: 'anonymous', remoteName: null })] }));
    expect(screen.getByTestId('incoming-number').textContent).toBe('Unknown number');
  });

  it("shows main's notification as a Web Notification in the web shell, withdraws it when main says so, and reports a click to main", async () => {
    const shown: { title: string; body: string; closed: boolean; notification: { onclick: (() => void) | null } }[] = [];
    class FakeNotification {
      static permission = 'granted';
      static requestPermission = vi.fn(() => Promise.resolve('granted'));
      onclick: (() => void) | null = null;
      entry: (typeof shown)[number];
      constructor(title: string, options: { body: string }) {
        this.entry = { title, body: options.body, closed: false, notification: this };
        shown.push(this.entry);
      }
      close() {
        this.entry.closed = true;
      }
    }
    vi.stubGlobal('Notification', FakeNotification);
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => undefined);
    const main = fakeMain({ shell: 'web' });
    await renderApp(main);
    // Main decides (main/notifications); the page only draws and reports clicks.
    main.emit('notifications.show', { id: 'incomingCall-1', title: 'Incoming call', body: 'Anna de Vries (+31 6 12345678) is calling', urgent: true, actions: [] });
    await waitFor(() => expect(shown).toHaveLength(1));
    expect(shown[0]).toMatchObject({ title: 'Incoming call', body: 'Anna de Vries (+31 6 12345678) is calling', closed: false });
    main.emit('notifications.close', { id: 'incomingCall-1' });
    await waitFor(() => expect(shown[0]?.closed).toBe(true));
    expect(focus).not.toHaveBeenCalled();

    main.emit('notifications.show', { id: 'callbackDue-2', title: 'Callback due', body: 'Call Anna de Vries back on +31 6 12345678.', urgent: false, actions: [] });
    await waitFor(() => expect(shown).toHaveLength(2));
    shown[1]?.notification.onclick?.();
    await waitFor(() => expect(main.sent('notifications.act')).toEqual([{ id: 'callbackDue-2', action: 'click' }]));
    expect(focus).toHaveBeenCalled();
  });

  it('leaves the notification to main in the Electron shell', async () => {
    const created = vi.fn();
    vi.stubGlobal(
      'Notification',
      class {
        static permission = 'granted';
        constructor() {
          created();
        }
        close() {}
      },
    );
    const main = fakeMain({ shell: 'electron' });
    await renderApp(main);
    main.push(phoneStatus({ calls: [ringing()] }));
    expect(screen.getByTestId('incoming-call')).toBeTruthy();
    expect(created).not.toHaveBeenCalled();
  });
});

describe('the call panel', () => {
  it('shows who, how long, how it sounds; holds, mutes and hangs up', async () => {
    const main = fakeMain({
      status: phoneStatus({
        calls: [call({ answeredAt: Date.now() - 65_000, quality: { rttMs: 42, jitterMs: 3.4, loss: 0.012, mos: 4.31, rating: 'good' } })],
      }),
    });
    await renderApp(main);
    const panel = screen.getByTestId('call-panel');
    expect(panel.dataset).toMatchObject({ callState: 'active', held: 'false', muted: 'false' });
    expect(within(panel).getByTestId('call-party').textContent).toBe('+31 6 12345678');
    expect(within(panel).getByTestId('call-timer').textContent).toMatch(/1:0[5-6]$/);
    const quality = within(panel).getByTestId('call-quality');
    expect(quality.dataset.rating).toBe('good');
    expect(quality.title).toBe('Call quality: MOS 4.3 · round trip 42 ms · jitter 3 ms · packet loss 1.2%');
    expect(screen.getByTestId('call-announcer').textContent).toBe('Call with +31 6 12345678: Connected');

    fireEvent.click(within(panel).getByTestId('call-hold'));
    await waitFor(() => expect(main.sent('phone.hold')).toEqual([{ callId: 'call-1', on: true }]));
    main.push(phoneStatus({ calls: [call({ held: true })] }));
    expect(screen.getByTestId('call-panel').dataset.held).toBe('true');
    expect(screen.getByTestId('call-hold').textContent).toBe('Resume');
    expect(screen.getByTestId('call-announcer').textContent).toBe('Call with +31 6 12345678: On hold');

    fireEvent.click(screen.getByTestId('call-mute'));
    await waitFor(() => expect(main.sent('phone.mute')).toEqual([{ callId: 'call-1', on: true }]));
    main.push(phoneStatus({ calls: [call({ held: true, muted: true })] }));
    expect(screen.getByTestId('call-panel').dataset.muted).toBe('true');
    expect(screen.getByTestId('call-mute').textContent).toBe('Unmute');

    fireEvent.click(screen.getByTestId('call-hangup'));
    await waitFor(() => expect(main.sent('phone.hangup')).toEqual([{ callId: 'call-1' }]));
  });

  it('takes Alt+Shift+H, M and E for hold, mute and hang up', async () => {
    const main = fakeMain({ status: phoneStatus({ calls: [call()] }) });
    await renderApp(main);
    shortcut('H');
    shortcut('M');
    shortcut('E');
    await waitFor(() => expect(main.sent('phone.hangup')).toEqual([{ callId: 'call-1' }]));
    expect(main.sent('phone.hold')).toEqual([{ callId: 'call-1', on: true }]);
    expect(main.sent('phone.mute')).toEqual([{ callId: 'call-1', on: true }]);
  });

  it('says when the audio is being repaired, and why a call ended', async () => {
    const main = fakeMain({ status: phoneStatus({ calls: [call({ recovering: true })] }) });
    await renderApp(main);
    expect(screen.getByTestId('call-state').textContent).toBe('Reconnecting audio…');
    main.push(phoneStatus({ calls: [call({ state: 'ended', endedAt: Date.now(), endReason: 'remoteHangup' })] }));
    const panel = screen.getByTestId('call-panel');
    expect(panel.dataset.callState).toBe('ended');
    expect(within(panel).getByTestId('call-ended-reason').textContent).toBe('The other side hung up.');
    expect(within(panel).queryByTestId('call-hangup')).toBeNull();
    main.push(phoneStatus({ calls: [call({ direction: 'outbound', state: 'ended', answeredAt: null, endedAt: Date.now(), endReason: 'busy' })] }));
    expect(screen.getByTestId('call-ended-reason').textContent).toBe('The line is busy.');
    main.push(phoneStatus({ calls: [] }));
    expect(screen.queryByTestId('call-panel')).toBeNull();
  });

  it('sends DTMF from the keypad, by click and by typing digits while it is open', async () => {
    const main = fakeMain({ status: phoneStatus({ calls: [call()] }) });
    await renderApp(main);
    fireEvent.click(screen.getByTestId('call-keypad-toggle'));
    expect(screen.getByTestId('call-keypad-toggle').getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(screen.getByTestId('dtmf-5'));
    fireEvent.click(screen.getByTestId('dtmf-#'));
    fireEvent.keyDown(window, { key: '1', code: 'Digit1' });
    fireEvent.keyDown(window, { key: '*', code: 'Digit8', shiftKey: true });
    await waitFor(() => expect(main.sent('phone.dtmf')).toHaveLength(4));
    expect(main.sent('phone.dtmf')).toEqual(['5', '#', '1', '*'].map((digits) => ({ callId: 'call-1', digits })));
    expect(screen.getByTestId('dtmf-sent').textContent).toBe('Sent: 5#1*');
    // Digits typed in a text field stay there.
    const note = document.createElement('textarea');
    document.body.append(note);
    fireEvent.keyDown(note, { key: '7', code: 'Digit7' });
    note.remove();
    // Alt+Shift+K closes it; digits are keys again.
    shortcut('K');
    expect(screen.queryByTestId('call-keypad')).toBeNull();
    fireEvent.keyDown(window, { key: '9', code: 'Digit9' });
    expect(main.sent('phone.dtmf')).toHaveLength(4);
  });

  it('transfers blind, after checking the target', async () => {
    const main = fakeMain({ status: phoneStatus({ calls: [call()] }) });
    await renderApp(main);
    fireEvent.click(screen.getByTestId('call-transfer'));
    // The colleague picker has the focus; a number can still be typed below it.
    expect(document.activeElement).toBe(screen.getByTestId('transfer-colleague-input'));
    const target = screen.getByTestId('transfer-target');
    fireEvent.change(target, { target: { value: '12ab' } });
    fireEvent.click(screen.getByTestId('transfer-blind'));
    expect(screen.getByTestId('transfer-error').textContent).toContain('“12ab” is not a number that can be called');
    expect(main.sent('phone.transfer')).toEqual([]);
    fireEvent.change(target, { target: { value: '1002' } });
    fireEvent.click(screen.getByTestId('transfer-blind'));
    await waitFor(() => expect(main.sent('phone.transfer')).toEqual([{ callId: 'call-1', target: '1002' }]));
    await waitFor(() => expect(screen.queryByTestId('transfer-form')).toBeNull());
    main.push(phoneStatus({ calls: [call({ transfer: { kind: 'blind', target: '1002', state: 'trying' } })] }));
    expect(screen.getByTestId('transfer-status').textContent).toBe('Transferring to 1002…');
    main.push(phoneStatus({ calls: [call({ state: 'ended', endedAt: Date.now(), endReason: 'transferred', transfer: { kind: 'blind', target: '1002', state: 'done' } })] }));
    expect(screen.getByTestId('call-ended-reason').textContent).toBe('The call was transferred.');
  });

  it('transfers to a colleague picked from the directory by skill: their extension is dialled, free ones first, no extension no option', async () => {
    const main = fakeMain({ status: phoneStatus({ calls: [call()] }) });
    const colleague = (id: string, displayName: string, status: 'available' | 'on_call', extension: string | null, skills: string[]) => ({
      id, displayName, role: 'expert' as const, office: { code: 'ams', name: 'Amsterdam' }, languages: ['nl', 'en'], skills, extension, status, since: null,
    });
    main.handle('directory.list', () => ({
      colleagues: [
        colleague('01970000-0000-7000-8000-0000000000a1', 'Iris van Dijk', 'available', '1003', ['nutrition']),
        colleague('01970000-0000-7000-8000-0000000000a2', 'Sem Bakker', 'on_call', '1004', ['nutrition']),
        colleague('01970000-0000-7000-8000-0000000000a3', 'Noor Smit', 'available', null, ['nutrition']),
      ],
    }));
    await renderApp(main);
    fireEvent.click(screen.getByTestId('call-transfer'));
    const picker = screen.getByTestId('transfer-colleague-input');
    fireEvent.change(picker, { target: { value: 'nutrition' } });
    await waitFor(() => expect(screen.getAllByTestId('transfer-colleague-option').map((option) => option.textContent)).toHaveLength(2));
    const options = screen.getAllByTestId('transfer-colleague-option');
    expect(options[0]?.textContent).toContain('Iris van Dijk');
    expect(options.some((option) => option.textContent?.includes('Noor Smit'))).toBe(false);
    fireEvent.mouseDown(options[0] as HTMLElement);
    expect((screen.getByTestId('transfer-target') as HTMLInputElement).value).toBe('1003');
    fireEvent.click(screen.getByTestId('transfer-blind'));
    await waitFor(() => expect(main.sent('phone.transfer')).toEqual([{ callId: 'call-1', target: '1003' }]));
  });

  it('consults first (Enter), then completes the transfer or goes back to the customer', async () => {
    const main = fakeMain({ status: phoneStatus({ calls: [call({ remoteName: 'Anna de Vries' })] }) });
    await renderApp(main);
    shortcut('T');
    const target = screen.getByTestId('transfer-target');
    fireEvent.change(target, { target: { value: '06 87 65 43 21' } });
    fireEvent.submit(target.closest('form') as HTMLFormElement);
    await waitFor(() => expect(main.sent('phone.consult')).toEqual([{ callId: 'call-1', target: '+31687654321' }]));

    const customer = call({ remoteName: 'Anna de Vries', held: true });
    const consult = call({ id: 'consult-1', direction: 'outbound', state: 'active', remoteNumber: '+31687654321', consultFor: 'call-1', startedAt: Date.now() });
    main.push(phoneStatus({ calls: [customer, consult] }));
    const panel = screen.getByTestId('call-panel');
    expect(panel.dataset.callId).toBe('consult-1');
    expect(within(panel).getByTestId('consult-controls').textContent).toContain('Anna de Vries is on hold');
    expect(within(panel).queryByTestId('call-transfer')).toBeNull();
    expect(screen.getByTestId('call-other').textContent).toContain('On hold, waiting for the transfer');

    fireEvent.click(screen.getByTestId('transfer-cancel'));
    await waitFor(() => expect(main.sent('phone.cancelTransfer')).toEqual([{ callId: 'consult-1' }]));
    fireEvent.click(screen.getByTestId('transfer-complete'));
    await waitFor(() => expect(main.sent('phone.completeTransfer')).toEqual([{ callId: 'consult-1' }]));
  });

  it('keeps the transfer form open with main’s refusal in it', async () => {
    const main = fakeMain({ status: phoneStatus({ calls: [call()] }) });
    main.handle('phone.consult', () => {
      throw new LoketError('phone.callFailed', { status: 486 });
    });
    await renderApp(main);
    fireEvent.click(screen.getByTestId('call-transfer'));
    fireEvent.change(screen.getByTestId('transfer-target'), { target: { value: '1002' } });
    fireEvent.click(screen.getByTestId('transfer-consult'));
    await waitFor(() => expect(screen.getByTestId('transfer-error').textContent).toBe('The call could not be set up (486). Check the number and try again.'));
  });

  it('offers nothing but hang up while dialling', async () => {
    const main = fakeMain({ status: phoneStatus({ calls: [call({ direction: 'outbound', state: 'dialing', answeredAt: null })] }) });
    await renderApp(main);
    expect(screen.getByTestId('call-state').textContent).toBe('Calling…');
    expect(screen.queryByTestId('call-timer')).toBeNull();
    for (const id of ['call-hold', 'call-mute', 'call-keypad-toggle', 'call-transfer']) expect((screen.getByTestId(id) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('call-hangup') as HTMLButtonElement).disabled).toBe(false);
  });
});
