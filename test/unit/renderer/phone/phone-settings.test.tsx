import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useNavigationStore } from '../../../../renderer/app/stores/navigation-store.ts';
import { parseIceRows } from '../../../../renderer/features/phone/ice-servers-model.ts';
import { validateAccount } from '../../../../renderer/features/phone/sip-account-model.ts';
import { fakeMain, renderApp, resetStores, type FakeMain } from './phone-fixture.tsx';

const media = vi.hoisted(() => ({
  levelListener: null as ((level: number) => void) | null,
  meterFor: [] as string[],
  stopped: 0,
  tones: [] as string[],
}));

vi.mock('../../../../renderer/features/phone/audio-devices.ts', () => ({
  listAudioDevices: () =>
    Promise.resolve({
      microphones: [
        { id: 'mic-headset', label: 'Jabra Evolve2 65' },
        { id: 'mic-laptop', label: '' },
      ],
      speakers: [
        { id: 'out-headset', label: 'Jabra Evolve2 65' },
        { id: 'out-laptop', label: 'Laptop speakers' },
      ],
    }),
  watchDevices: () => () => undefined,
  startLevelMeter: (microphoneId: string, onLevel: (level: number) => void) => {
    media.meterFor.push(microphoneId);
    media.levelListener = onLevel;
    return () => {
      media.stopped += 1;
    };
  },
  playTestTone: (sinkId: string) => {
    media.tones.push(sinkId);
    return Promise.resolve();
  },
}));

beforeEach(() => {
  resetStores();
  Object.assign(media, { levelListener: null, meterFor: [], stopped: 0, tones: [] });
});
afterEach(cleanup);

async function openSettings(main: FakeMain, language = 'en') {
  await renderApp(main, language);
  act(() => useNavigationStore.getState().navigate('settings'));
  return screen.findByTestId('phone-settings');
}

describe('Settings → Phone: the SIP account', () => {
  it('checks the form before sending and says what is wrong, field by field', async () => {
    const main = fakeMain();
    await openSettings(main);
    await waitFor(() => expect(main.sent('phone.account.get')).toHaveLength(1));
    fireEvent.click(screen.getByTestId('sip-account-save'));
    expect(screen.getByTestId('sip-server-error').textContent).toBe('Enter the address of the phone server.');
    expect(screen.getByTestId('sip-username-error').textContent).toBe('Enter your user name, usually your extension.');
    expect(screen.getByTestId('sip-account-error').textContent).toBe('Correct the 2 fields marked below.');
    expect(screen.getByTestId('sip-server').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('sip-server'));

    fireEvent.change(screen.getByTestId('sip-server'), { target: { value: 'ws://pbx.example.com:8088/ws' } });
    fireEvent.change(screen.getByTestId('sip-username'), { target: { value: '1001@pbx' } });
    fireEvent.click(screen.getByTestId('sip-account-save'));
    expect(screen.getByTestId('sip-server-error').textContent).toContain('An unencrypted ws:// address is only allowed for a server on this computer.');
    expect(screen.getByTestId('sip-username-error').textContent).toBe('Enter only the user name, without @ and the domain.');
    fireEvent.change(screen.getByTestId('sip-server'), { target: { value: 'https://pbx.example.com' } });
    fireEvent.click(screen.getByTestId('sip-account-save'));
    expect(screen.getByTestId('sip-server-error').textContent).toContain('starts with wss://');
    expect(main.sent('phone.account.set')).toEqual([]);
  });

  it('saves a valid account, never shows the password back, and asks about notifications', async () => {
    const requestPermission = vi.fn(() => Promise.resolve('granted'));
    vi.stubGlobal('Notification', Object.assign(class {}, { permission: 'default', requestPermission }));
    const main = fakeMain();
    await openSettings(main);
    fireEvent.change(screen.getByTestId('sip-server'), { target: { value: ' wss://pbx.example.com:7443 ' } });
    fireEvent.change(screen.getByTestId('sip-username'), { target: { value: '1001' } });
    fireEvent.change(screen.getByTestId('sip-password'), { target: { value: 's3cret!' } });
    fireEvent.change(screen.getByTestId('sip-displayName'), { target: { value: 'Eva (Klantenservice)' } });
    fireEvent.click(screen.getByTestId('sip-account-save'));
    await waitFor(() =>
      expect(main.sent('phone.account.set')).toEqual([
        { server: 'wss://pbx.example.com:7443', username: '1001', password: 's3cret!', domain: '', authorizationUser: '', displayName: 'Eva (Klantenservice)' },
      ]),
    );
    expect(requestPermission).toHaveBeenCalled();
    await waitFor(() => expect((screen.getByTestId('sip-password') as HTMLInputElement).value).toBe(''));
    expect((screen.getByTestId('sip-password') as HTMLInputElement).placeholder).toBe('Stored');
    expect((screen.getByTestId('sip-server') as HTMLInputElement).value).toBe('wss://pbx.example.com:7443');
    vi.unstubAllGlobals();
  });

  it('accepts ws:// for a server on this computer', () => {
    const draft = { server: 'ws://127.0.0.1:5066', username: '1001', password: '', domain: '', authorizationUser: '', displayName: '' };
    expect(validateAccount(draft).input).toMatchObject({ server: 'ws://127.0.0.1:5066', username: '1001' });
    expect(validateAccount({ ...draft, domain: 'pbx.example.com/x' }).problems.domain).toBe('phone:settings.account.errors.domainInvalid');
    expect(validateAccount({ ...draft, displayName: 'x'.repeat(101) }).problems.displayName).toBe('phone:settings.account.errors.tooLong');
  });
});

describe('Settings → Phone: devices and calls', () => {
  it('lists the devices, saves a choice, meters the microphone and plays test sounds', async () => {
    const main = fakeMain({ settings: { speakerId: 'out-headset', ringerId: 'out-gone' } });
    await openSettings(main);
    const microphone = (await screen.findByTestId('device-microphone')) as HTMLSelectElement;
    await waitFor(() => expect([...microphone.options].map((option) => option.text)).toEqual(['Same as the system', 'Jabra Evolve2 65', 'Microphone 2']));
    const ringer = screen.getByTestId('device-ringer') as HTMLSelectElement;
    expect(ringer.selectedOptions[0]?.text).toBe('Chosen device (not connected)');

    fireEvent.change(microphone, { target: { value: 'mic-headset' } });
    await waitFor(() => expect(main.sent('settings.set')).toEqual([{ microphoneId: 'mic-headset' }]));
    await waitFor(() => expect(media.meterFor).toEqual(['', 'mic-headset']));
    expect(media.stopped).toBe(1);

    const meter = screen.getByTestId('mic-level');
    expect(meter.getAttribute('role')).toBe('meter');
    expect(meter.getAttribute('aria-label')).toBe('Microphone level');
    act(() => media.levelListener?.(0.62));
    expect(meter.getAttribute('aria-valuenow')).toBe('60');

    fireEvent.click(screen.getByTestId('speaker-test'));
    fireEvent.click(screen.getByTestId('ringer-test'));
    await waitFor(() => expect(media.tones).toEqual(['out-headset', 'out-gone']));
  });

  it('keeps the wrap-up time within bounds, with plural forms', async () => {
    const main = fakeMain({ settings: { language: 'pl' } });
    await openSettings(main, 'pl');
    await waitFor(() => expect(screen.getByTestId('wrap-up-hint').textContent).toContain('masz 30 sekund'));
    const input = screen.getByTestId('wrap-up-seconds');
    fireEvent.change(input, { target: { value: '601' } });
    fireEvent.click(screen.getByTestId('wrap-up-save'));
    expect(screen.getByTestId('wrap-up-hint').textContent).toBe('Wpisz liczbę całkowitą od 0 do 600.');
    expect(main.sent('settings.set')).toEqual([]);
    fireEvent.change(input, { target: { value: '22' } });
    fireEvent.click(screen.getByTestId('wrap-up-save'));
    await waitFor(() => expect(main.sent('settings.set')).toEqual([{ wrapUpSeconds: 22 }]));
    await waitFor(() => expect(screen.getByTestId('wrap-up-hint').textContent).toContain('masz 22 sekundy'));
  });

  it('offers European countries by their names in the UI language', async () => {
    const main = fakeMain({ settings: { language: 'de' } });
    await openSettings(main, 'de');
    const select = (await screen.findByTestId('dial-country')) as HTMLSelectElement;
    await waitFor(() => expect(select.selectedOptions[0]?.text).toBe('Niederlande'));
    const names = [...select.options].map((option) => option.text);
    expect(names).toContain('Deutschland');
    expect(names).toContain('Polen');
    expect(names.indexOf('Belgien')).toBeLessThan(names.indexOf('Österreich'));
    fireEvent.change(select, { target: { value: 'BE' } });
    await waitFor(() => expect(main.sent('settings.set')).toEqual([{ dialCountry: 'BE' }]));
  });
});

describe('Settings → Phone: connection servers', () => {
  it('starts empty, saying no external server is contacted, and saves a checked list', async () => {
    const main = fakeMain();
    await openSettings(main);
    const editor = screen.getByTestId('ice-servers');
    expect(within(editor).getByTestId('ice-empty').textContent).toBe('No servers: Loket contacts no external server to set up calls.');
    fireEvent.click(within(editor).getByTestId('ice-add'));
    fireEvent.change(within(editor).getByTestId('ice-urls'), { target: { value: 'turn.example.com' } });
    fireEvent.click(within(editor).getByTestId('ice-save'));
    expect(within(editor).getByTestId('ice-error').textContent).toContain('starting with stun:, stuns:, turn: or turns:');
    fireEvent.change(within(editor).getByTestId('ice-urls'), { target: { value: 'turns:turn.example.com:443' } });
    fireEvent.click(within(editor).getByTestId('ice-save'));
    expect(within(editor).getByTestId('ice-error').textContent).toBe('A TURN server needs a user name and a password.');
    fireEvent.change(within(editor).getByTestId('ice-username'), { target: { value: 'loket' } });
    fireEvent.change(within(editor).getByTestId('ice-credential'), { target: { value: 'pw' } });
    fireEvent.click(within(editor).getByTestId('ice-save'));
    await waitFor(() =>
      expect(main.sent('settings.set')).toEqual([{ iceServers: [{ urls: 'turns:turn.example.com:443', username: 'loket', credential: 'pw' }] }]),
    );
    fireEvent.click(within(editor).getByTestId('ice-remove'));
    fireEvent.click(within(editor).getByTestId('ice-save'));
    await waitFor(() => expect(main.sent('settings.set').at(-1)).toEqual({ iceServers: [] }));
  });

  it('parses several addresses of one server', () => {
    expect(parseIceRows([{ urls: 'stun:a.example.com, stun:b.example.com:3478', username: '', credential: '' }]).servers).toEqual([
      { urls: ['stun:a.example.com', 'stun:b.example.com:3478'] },
    ]);
  });
});
