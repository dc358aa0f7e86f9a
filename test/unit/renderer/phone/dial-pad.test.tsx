import { act, cleanup, fireEvent, renderHook, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoketError } from '../../../../common/errors.ts';
import { ClientContext } from '../../../../renderer/app/client-context.ts';
import { checkDialTarget, formatCallDuration, formatPhoneNumber } from '../../../../renderer/features/phone/phone-model.ts';
import { useCallNumber } from '../../../../renderer/app/use-call-number.ts';
import { useToastStore } from '../../../../renderer/app/stores/toast-store.ts';
import { createI18n } from '../../../../renderer/i18n/i18n.ts';
import { call, fakeMain, phoneStatus, renderApp, resetStores } from './phone-fixture.tsx';

vi.mock('../../../../renderer/features/phone/audio-devices.ts', () => ({
  listAudioDevices: () => Promise.resolve({ microphones: [], speakers: [] }),
  watchDevices: () => () => undefined,
  startLevelMeter: () => () => undefined,
  playTestTone: () => Promise.resolve(),
}));

beforeEach(resetStores);
afterEach(cleanup);

async function openDialPad() {
  fireEvent.click(screen.getByTestId('dial-pad-toggle'));
  const input = screen.getByTestId('dial-input') as HTMLInputElement;
  expect(document.activeElement).toBe(input);
  return input;
}

function dial(input: HTMLInputElement, value: string) {
  fireEvent.change(input, { target: { value } });
  fireEvent.click(screen.getByTestId('dial-call'));
}

describe('the dial pad', () => {
  it('refuses what cannot be a number, with a message, and sends nothing', async () => {
    const main = fakeMain();
    await renderApp(main);
    const input = await openDialPad();
    dial(input, '12ab');
    expect(screen.getByTestId('dial-error').textContent).toBe(
      '“12ab” is not a number that can be called. Check the digits; for a number abroad, start with + and the country code.',
    );
    expect(input.getAttribute('aria-invalid')).toBe('true');
    dial(input, '+31 6 123');
    expect(screen.getByTestId('dial-error').textContent).toContain('“+31 6 123” is not a number');
    dial(input, '   ');
    expect(screen.getByTestId('dial-error').textContent).toBe('Type a number or an extension first.');
    expect(main.sent('phone.dial')).toEqual([]);
    // Typing again clears the message.
    fireEvent.change(input, { target: { value: '06' } });
    expect(screen.queryByTestId('dial-error')).toBeNull();
  });

  it('calls a number in the office’s notation as E.164, and closes', async () => {
    const main = fakeMain();
    await renderApp(main);
    dial(await openDialPad(), '06 12 34 56 78');
    await waitFor(() => expect(main.sent('phone.dial')).toEqual([{ target: '+31612345678' }]));
    await waitFor(() => expect(screen.queryByTestId('dial-pad')).toBeNull());
  });

  it('calls an internal extension as it is, and other notations too', async () => {
    const main = fakeMain();
    await renderApp(main);
    dial(await openDialPad(), '1002');
    await waitFor(() => expect(main.sent('phone.dial')).toEqual([{ target: '1002' }]));
    dial(await openDialPad(), '0032 2 555 12 34');
    await waitFor(() => expect(main.sent('phone.dial')).toHaveLength(2));
    expect(main.sent('phone.dial')[1]).toEqual({ target: '+3225551234' });
  });

  it('builds the number from its keys', async () => {
    const main = fakeMain();
    await renderApp(main);
    const input = await openDialPad();
    for (const key of ['plus', '3', '1', '6', '1', '2', '3', '4', '5', '6', '7', '8', '9']) fireEvent.click(screen.getByTestId(`dial-key-${key}`));
    expect(input.value).toBe('+3161234567' + '89');
    fireEvent.click(screen.getByTestId('dial-delete'));
    expect(input.value).toBe('+316123456' + '78');
    fireEvent.click(screen.getByTestId('dial-call'));
    await waitFor(() => expect(main.sent('phone.dial')).toEqual([{ target: '+31612345678' }]));
  });

  it('shows main’s refusal in place', async () => {
    const main = fakeMain();
    main.handle('phone.dial', ({ target }) => {
      throw new LoketError('phone.badNumber', { target });
    });
    await renderApp(main);
    dial(await openDialPad(), '1002');
    await waitFor(() => expect(screen.getByTestId('dial-error').textContent).toContain('“1002” is not a number that can be called'));
    expect(screen.getByTestId('dial-pad')).toBeTruthy();
    main.handle('phone.dial', () => {
      throw new LoketError('phone.notRegistered');
    });
    fireEvent.click(screen.getByTestId('dial-call'));
    await waitFor(() => expect(screen.getByTestId('dial-error').textContent).toContain('The phone is not connected.'));
  });

  it('reads numbers in the dial country from the settings', async () => {
    const main = fakeMain({ settings: { dialCountry: 'DE' } });
    await renderApp(main);
    const input = await openDialPad();
    expect(screen.getByTestId('dial-pad').textContent).toContain('Country for numbers without a country code: Germany.');
    dial(input, '030 1234567');
    await waitFor(() => expect(main.sent('phone.dial')).toEqual([{ target: '+49301234567' }]));
  });

  it('opens with Alt+Shift+K without a call, and says when the phone is not ready', async () => {
    const main = fakeMain({ status: phoneStatus({ registration: { state: 'unregistered' }, presence: { state: 'offline', until: null } }) });
    await renderApp(main);
    fireEvent.keyDown(window, { altKey: true, shiftKey: true, code: 'KeyK', key: 'K' });
    expect(screen.getByTestId('dial-not-ready').textContent).toContain('Phone off: no calls can be made right now.');
    fireEvent.keyDown(screen.getByTestId('dial-input'), { key: 'Escape', code: 'Escape' });
    expect(screen.queryByTestId('dial-pad')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('dial-pad-toggle'));
  });

  it('stays reachable, and Alt+Shift+K opens the call keypad instead, during a call', async () => {
    const main = fakeMain({ status: phoneStatus({ calls: [call()] }) });
    await renderApp(main);
    fireEvent.keyDown(window, { altKey: true, shiftKey: true, code: 'KeyK', key: 'K' });
    expect(screen.getByTestId('call-keypad')).toBeTruthy();
    expect(screen.queryByTestId('dial-pad')).toBeNull();
    fireEvent.click(screen.getByTestId('dial-pad-toggle'));
    expect(screen.getByTestId('dial-pad')).toBeTruthy();
  });
});

describe('click-to-call for other screens', () => {
  it('checks the number like the dial pad and dials, or says why not', async () => {
    const main = fakeMain();
    const i18n = await createI18n('en');
    const wrapper = ({ children }: { children: ReactNode }) => (
      <I18nextProvider i18n={i18n}>
        <ClientContext.Provider value={main.client}>{children}</ClientContext.Provider>
      </I18nextProvider>
    );
    const { result } = renderHook(() => useCallNumber(), { wrapper });
    let id: string | null = null;
    await act(async () => {
      id = await result.current('+31 6 1234 5678');
    });
    expect(id).toBe('dialled-1');
    expect(main.sent('phone.dial')).toEqual([{ target: '+31612345678' }]);
    await act(async () => {
      id = await result.current('12ab');
    });
    expect(id).toBeNull();
    expect(main.sent('phone.dial')).toHaveLength(1);
    expect(useToastStore.getState().toasts.at(-1)?.message).toContain('“12ab” is not a number');
  });
});

describe('dialling rules', () => {
  it('takes extensions, numbers in any notation and SIP addresses, and nothing else', () => {
    expect(checkDialTarget('1002', 'NL')).toEqual({ ok: true, target: '1002', kind: 'extension' });
    expect(checkDialTarget(' 10 02 ', 'NL')).toEqual({ ok: true, target: '1002', kind: 'extension' });
    expect(checkDialTarget('06 12 34 56 78', 'NL')).toEqual({ ok: true, target: '+31612345678', kind: 'number' });
    expect(checkDialTarget('0031 6 1234 5678', 'NL')).toEqual({ ok: true, target: '+31612345678', kind: 'number' });
    expect(checkDialTarget('+31 (0)6-1234-5678', 'NL').ok).toBe(true);
    expect(checkDialTarget('0470 12 34 56', 'BE')).toEqual({ ok: true, target: '+32470123456', kind: 'number' });
    expect(checkDialTarget('sip:2001@pbx.example.com', 'NL')).toEqual({ ok: true, target: 'sip:2001@pbx.example.com', kind: 'sip' });
    for (const bad of ['12ab', '+31 6 123', '1', '1234567', '*97', 'hello', '']) expect(checkDialTarget(bad, 'NL').ok).toBe(false);
  });

  it('formats numbers internationally with spaces everywhere (national input read in the office’s country), durations as m:ss', () => {
    // One notation everywhere: international with spaces, whatever the office's country.
    expect(formatPhoneNumber('+31612345678', 'NL')).toBe('+31 6 12345678');
    expect(formatPhoneNumber('+31612345678', 'DE')).toBe('+31 6 12345678');
    expect(formatPhoneNumber('0612345678', 'NL')).toBe('+31 6 12345678');
    expect(formatPhoneNumber('1002', 'NL')).toBe('1002');
    expect(formatCallDuration(65_400, 'en')).toBe('1:05');
    expect(formatCallDuration(3_725_000, 'pl')).toBe('1:02:05');
  });
});
