import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoketError } from '../../../../common/errors.ts';
import { usePhoneStore } from '../../../../renderer/app/stores/phone-store.ts';
import { NOW, fakeMain, phoneStatus, renderApp, resetStores } from './phone-fixture.tsx';

vi.mock('../../../../renderer/features/phone/audio-devices.ts', () => ({
  listAudioDevices: () => Promise.resolve({ microphones: [], speakers: [] }),
  watchDevices: () => () => undefined,
  startLevelMeter: () => () => undefined,
  playTestTone: () => Promise.resolve(),
}));

beforeEach(resetStores);
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const pill = () => screen.getByTestId('phone-status');
const text = () => screen.getByTestId('phone-status-text').textContent;

describe('the phone in the top bar', () => {
  it('says "Phone ready" with the presence only while registered', async () => {
    const main = fakeMain();
    await renderApp(main);
    expect(pill().dataset.registration).toBe('registered');
    expect(pill().dataset.presence).toBe('available');
    expect(text()).toBe('Phone ready');
    expect(screen.getByTestId('phone-presence').textContent).toBe('Available');
    // Screen readers hear the change without the countdown.
    expect(within(pill()).getByRole('status').textContent).toBe('Phone: Phone ready');
  });

  it('reflects every registration state honestly, and never says ready otherwise', async () => {
    const main = fakeMain();
    await renderApp(main);
    const cases = [
      [phoneStatus({ registration: { state: 'connecting' }, presence: { state: 'offline', until: null } }), 'Connecting…'],
      [phoneStatus({ registration: { state: 'reconnecting', retryAt: Date.now() + 2_500 }, presence: { state: 'offline', until: null } }), 'Reconnecting in 3 s'],
      [
        phoneStatus({ registration: { state: 'reconnecting', error: 'phone.keepAliveLost', retryAt: Date.now() + 9_000 }, presence: { state: 'offline', until: null } }),
        'Connection lost — no answer from the phone server',
      ],
      [phoneStatus({ registration: { state: 'failed', error: 'phone.authFailed' }, presence: { state: 'offline', until: null } }), 'Wrong user name or password'],
      [phoneStatus({ registration: { state: 'unconfigured', aor: null }, presence: { state: 'offline', until: null } }), 'Not set up'],
      [phoneStatus({ registration: { state: 'unregistered' }, presence: { state: 'offline', until: null } }), 'Phone off'],
      [phoneStatus({ registration: { state: 'reconnecting', retryAt: null }, presence: { state: 'offline', until: null } }), 'Reconnecting…'],
    ] as const;
    for (const [status, expected] of cases) {
      main.push(status);
      expect(pill().dataset.registration).toBe(status.registration.state);
      expect(text()).toBe(expected);
      expect(pill().textContent).not.toContain('Phone ready');
      expect(screen.queryByTestId('phone-presence')).toBeNull();
    }
    // The keep-alive loss also says when the next attempt comes.
    main.push(phoneStatus({ registration: { state: 'reconnecting', error: 'phone.keepAliveLost', retryAt: Date.now() + 4_200 } }));
    expect(pill().textContent).toContain('Reconnecting in 5 s');
  });

  it('does not call a registered phone without audio "ready"', async () => {
    const main = fakeMain({ status: phoneStatus({ mediaAttached: false }) });
    await renderApp(main);
    expect(text()).toBe('Phone connected · no audio in this window');
  });

  it('speaks the UI language, Polish plurals included', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const main = fakeMain({ status: phoneStatus({ presence: { state: 'wrapUp', until: Date.now() + 22_200 } }), settings: { language: 'pl' } });
    await renderApp(main, 'pl');
    await waitFor(() => expect(text()).toBe('Telefon gotowy'));
    expect(text()).toBe('Telefon gotowy');
    expect(screen.getByTestId('phone-presence').textContent).toBe('Po rozmowie 0:23');
    fireEvent.click(screen.getByTestId('phone-menu-toggle'));
    expect(screen.getByTestId('wrap-up-countdown').textContent).toContain('zostały 23 sekundy');
    main.push(phoneStatus({ presence: { state: 'wrapUp', until: Date.now() + 4_500 } }));
    await waitFor(() => expect(screen.getByTestId('wrap-up-countdown').textContent).toContain('zostało 5 sekund'));
  });

  it('shows nothing when main has no phone to report', async () => {
    const main = fakeMain();
    main.handle('phone.status', () => {
      throw new LoketError('request.unknownChannel', { channel: 'phone.status' });
    });
    await renderApp(main, 'en', { phone: false });
    expect(usePhoneStore.getState().status).toBeNull();
    expect(screen.queryByTestId('phone-status')).toBeNull();
    expect(screen.queryByTestId('dial-pad-toggle')).toBeNull();
  });
});

describe('the phone menu', () => {
  it('sets the presence and shows the wrap-up countdown', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const main = fakeMain({ status: phoneStatus({ presence: { state: 'wrapUp', until: Date.now() + 29_500 } }) });
    await renderApp(main);
    expect(screen.getByTestId('phone-presence').textContent).toBe('Wrap-up 0:30');
    fireEvent.click(screen.getByTestId('phone-menu-toggle'));
    const menu = screen.getByTestId('phone-menu');
    expect(within(menu).getByTestId('wrap-up-countdown').textContent).toContain('30 seconds left');
    fireEvent.click(within(menu).getByTestId('presence-break'));
    await waitFor(() => expect(main.sent('phone.setPresence')).toEqual([{ state: 'break' }]));
    main.push(phoneStatus({ presence: { state: 'break', until: null } }));
    expect(pill().dataset.presence).toBe('break');
    expect((within(menu).getByTestId('presence-break') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(menu).getByTestId('presence-available'));
    await waitFor(() => expect(main.sent('phone.setPresence')).toEqual([{ state: 'break' }, { state: 'available' }]));
  });

  it('turns the phone off and on', async () => {
    const main = fakeMain();
    await renderApp(main);
    fireEvent.click(screen.getByTestId('phone-menu-toggle'));
    fireEvent.click(screen.getByTestId('phone-unregister'));
    await waitFor(() => expect(main.sent('phone.unregister')).toHaveLength(1));
    main.push(phoneStatus({ registration: { state: 'unregistered' }, presence: { state: 'offline', until: null } }));
    expect(screen.queryByTestId('presence-available')).toBeNull();
    fireEvent.click(screen.getByTestId('phone-register'));
    await waitFor(() => expect(main.sent('phone.register')).toHaveLength(1));
  });

  it('closes with Escape and gives focus back to its button', async () => {
    const main = fakeMain();
    await renderApp(main);
    const toggle = screen.getByTestId('phone-menu-toggle');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const menu = screen.getByTestId('phone-menu');
    expect(menu.contains(document.activeElement)).toBe(true);
    fireEvent.keyDown(document.activeElement ?? menu, { key: 'Escape', code: 'Escape' });
    expect(screen.queryByTestId('phone-menu')).toBeNull();
    expect(document.activeElement).toBe(toggle);
  });

  it('points to the settings when no account is set up, and opens them', async () => {
    const main = fakeMain({ status: phoneStatus({ registration: { state: 'unconfigured', aor: null }, presence: { state: 'offline', until: null } }) });
    await renderApp(main);
    fireEvent.click(screen.getByTestId('phone-menu-toggle'));
    expect(screen.getByTestId('phone-menu').textContent).toContain('No phone account yet');
    expect(screen.queryByTestId('phone-register')).toBeNull();
    fireEvent.click(screen.getByTestId('phone-open-settings'));
    await screen.findByTestId('phone-settings');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Settings');
  });

  it('shows a refused request as a translated toast', async () => {
    const main = fakeMain();
    main.handle('phone.setPresence', () => {
      throw new LoketError('phone.notRegistered');
    });
    await renderApp(main);
    fireEvent.click(screen.getByTestId('phone-menu-toggle'));
    fireEvent.click(screen.getByTestId('presence-break'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The phone is not connected.');
  });
});
