import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../common/contract/contract.ts';
import { App } from '../../../renderer/frame/App.tsx';
import { ClientContext } from '../../../renderer/app/client-context.ts';
import { useNavigationStore } from '../../../renderer/app/stores/navigation-store.ts';
import { usePhoneStore } from '../../../renderer/app/stores/phone-store.ts';
import { useSettingsStore } from '../../../renderer/app/stores/settings-store.ts';
import { useToastStore } from '../../../renderer/app/stores/toast-store.ts';
import { useAccessStore } from '../../../renderer/features/access/access-store.ts';
import type { LoketClient } from '../../../renderer/bridge/index.ts';
import { createI18n } from '../../../renderer/i18n/i18n.ts';
import { createServices, type Services } from '../../../main/services.ts';
import { SettingsStore } from '../../../main/settings/settings-store.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { tempDir } from '../../support/temp-dir.ts';

// Links from outside and Settings → Desktop, on main's real services (web shell) and the whole
// app: a tel: link fills the dial pad and waits for the agent's click; a hostile one is refused
// with a message; global shortcuts are off by default and recorded by pressing them.

let services: Services;
let client: LoketClient;
let dataDir: string;
let removeDir: () => Promise<void>;

beforeEach(async () => {
  const temp = await tempDir();
  dataDir = temp.dir;
  removeDir = temp.cleanup;
  services = await createServices({
    shell: 'web',
    version: '0.1.0',
    dataDir,
    osLocale: 'en-GB',
    development: true,
    hub: { method: 'password', url: 'http://127.0.0.1:9', email: 'agent@shop.example', password: 'not-checked' },
  });
  client = inProcessClient(services);
  useAccessStore.getState().reset();
  useNavigationStore.setState({ view: 'customer', shortcutHelpOpen: false });
  useToastStore.setState({ toasts: [] });
  useSettingsStore.setState({ settings: DEFAULT_SETTINGS, info: null, loaded: false });
  usePhoneStore.setState({ status: null, eventCount: 0, popover: null, keypadFor: null, transferFor: null, dialPrefill: null });
});

afterEach(async () => {
  cleanup();
  await services.dispose();
  await removeDir();
});

async function renderApp(language: 'en' | 'de' = 'en') {
  const i18n = await createI18n(language);
  render(
    <I18nextProvider i18n={i18n}>
      <ClientContext.Provider value={client}>
        <App />
      </ClientContext.Provider>
    </I18nextProvider>,
  );
  await waitFor(() => expect(useSettingsStore.getState().loaded).toBe(true));
  await screen.findByRole('navigation');
}

describe('links from outside', () => {
  it('puts a tel: number in the dial pad with focus on Call, and dials nothing by itself', async () => {
    await renderApp();
    // The pad's Call button waits while the phone is not registered (it cannot take focus then):
    // the page is told the phone is registered, as main says once a SIP server answers.
    await waitFor(() => expect(usePhoneStore.getState().status).not.toBeNull());
    act(() => {
      const status = usePhoneStore.getState().status!;
      usePhoneStore.setState({ status: { ...status, registration: { ...status.registration, state: 'registered', error: null } } });
    });
    await act(async () => {
      expect(await client.request('links.open', { url: 'tel:+31-20-123-4567' })).toEqual({ ok: true, kind: 'dial' });
    });
    const pad = await screen.findByTestId('dial-pad');
    await waitFor(() => expect((within(pad).getByTestId('dial-input') as HTMLInputElement).value).toBe('+31201234567'));
    await waitFor(() => expect(document.activeElement?.getAttribute('data-testid')).toBe('dial-call'));
    expect(services.phone.status().calls).toEqual([]);
    // A second link while the pad is open replaces the number.
    await act(async () => {
      await client.request('links.open', { url: 'callto://+4930123456' });
    });
    await waitFor(() => expect((within(pad).getByTestId('dial-input') as HTMLInputElement).value).toBe('+4930123456'));
    expect(services.phone.status().calls).toEqual([]);
  });

  it('refuses a hostile link with a message and leaves the dial pad closed', async () => {
    await renderApp();
    await act(async () => {
      expect(await client.request('links.open', { url: 'tel:*21*0900123456%23' })).toEqual({ ok: false, reason: 'serviceCode' });
    });
    await waitFor(() => expect(useToastStore.getState().toasts.map((toast) => toast.message)).toContain("The link contains a service code (* or #). Such codes can change your phone's settings, so Loket did not use it."));
    expect(screen.queryByTestId('dial-pad')).toBeNull();
  });
});

describe('Settings → Desktop', () => {
  it('keeps global shortcuts off by default, says the web shell cannot use them, and records a new combination', async () => {
    await renderApp();
    act(() => useNavigationStore.getState().navigate('settings'));
    const section = await screen.findByTestId('settings-desktop');
    expect(within(section).getByTestId('shortcuts-unsupported').textContent).toBe('Only the desktop app can use global shortcuts.');
    const enabled = within(section).getByTestId('shortcuts-enabled') as HTMLInputElement;
    expect(enabled.checked).toBe(false);
    fireEvent.click(enabled);
    await waitFor(async () => expect((await SettingsStore.open(dataDir)).get().globalShortcuts.enabled).toBe(true));

    const record = within(section).getByTestId('shortcut-mute-record');
    fireEvent.click(record);
    expect(record.textContent).toContain('Press the new key combination');
    // A bare letter would swallow typing in every application: refused.
    fireEvent.keyDown(record, { key: 'q', code: 'KeyQ' });
    expect(within(section).getByTestId('shortcut-problem').textContent).toContain('Use at least one of Ctrl, Alt or Cmd');
    // The answer shortcut's keys: refused for mute.
    fireEvent.keyDown(record, { key: 'a', code: 'KeyA', ctrlKey: true, altKey: true });
    expect(within(section).getByTestId('shortcut-problem').textContent).toBe('Each action needs its own key combination.');
    fireEvent.keyDown(record, { key: 'k', code: 'KeyK', ctrlKey: true, altKey: true });
    await waitFor(async () => expect((await SettingsStore.open(dataDir)).get().globalShortcuts.mute).toBe('CommandOrControl+Alt+K'));
    await waitFor(() => expect(within(section).getByTestId('shortcut-mute-keys').textContent).toBe('Ctrl+Alt+K'));
    expect(within(section).queryByTestId('shortcut-problem')).toBeNull();
  });
});
