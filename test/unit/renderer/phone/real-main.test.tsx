import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../../renderer/frame/App.tsx';
import { ClientContext } from '../../../../renderer/app/client-context.ts';
import { useNavigationStore } from '../../../../renderer/app/stores/navigation-store.ts';
import { usePhoneStore } from '../../../../renderer/app/stores/phone-store.ts';
import { useSettingsStore } from '../../../../renderer/app/stores/settings-store.ts';
import { createI18n } from '../../../../renderer/i18n/i18n.ts';
import { useAccessStore } from '../../../../renderer/features/access/access-store.ts';
import { createServices, type Services } from '../../../../main/services.ts';
import { inProcessClient } from '../../../support/in-process-client.ts';
import { tempDir } from '../../../support/temp-dir.ts';
import { resetStores } from './phone-fixture.tsx';

vi.mock('../../../../renderer/features/phone/audio-devices.ts', () => ({
  listAudioDevices: () => Promise.resolve({ microphones: [], speakers: [] }),
  watchDevices: () => () => undefined,
  startLevelMeter: () => () => undefined,
  playTestTone: () => Promise.resolve(),
}));

// The same screens over main's real softphone service (no SIP server behind it): what a fresh
// console shows, and the account round trip. Calls themselves are the e2e tests' job.

let services: Services;
let removeDir: () => Promise<void>;

beforeEach(async () => {
  resetStores();
  useAccessStore.getState().reset();
  const temp = await tempDir();
  removeDir = temp.cleanup;
  services = await createServices({ shell: 'web', version: '0.1.0', dataDir: temp.dir, osLocale: 'en-GB', development: true });
});

afterEach(async () => {
  cleanup();
  await services.dispose();
  await removeDir();
});

describe('the phone over main’s real service', () => {
  it('says "Not set up" on a fresh console, and keeps a saved account without showing its password', async () => {
    const i18n = await createI18n('en');
    render(
      <I18nextProvider i18n={i18n}>
        <ClientContext.Provider value={inProcessClient(services)}>
          <App />
        </ClientContext.Provider>
      </I18nextProvider>,
    );
    await waitFor(() => expect(useSettingsStore.getState().loaded).toBe(true));
    await waitFor(() => expect(usePhoneStore.getState().status).not.toBeNull());
    // A fresh console opens on the access screens' first screen; "Not now" opens the console.
    fireEvent.click(await screen.findByTestId('access-look-around'));
    const pill = screen.getByTestId('phone-status');
    expect(pill.dataset.registration).toBe('unconfigured');
    expect(screen.getByTestId('phone-status-text').textContent).toBe('Not set up');

    act(() => useNavigationStore.getState().navigate('settings'));
    await screen.findByTestId('sip-account-form');
    fireEvent.change(screen.getByTestId('sip-server'), { target: { value: 'ws://127.0.0.1:9' } });
    fireEvent.change(screen.getByTestId('sip-username'), { target: { value: '1001' } });
    fireEvent.change(screen.getByTestId('sip-password'), { target: { value: 'secret' } });
    fireEvent.click(screen.getByTestId('sip-account-save'));
    await waitFor(() => expect((screen.getByTestId('sip-password') as HTMLInputElement).placeholder).toBe('Stored'));
    expect((screen.getByTestId('sip-password') as HTMLInputElement).value).toBe('');
    // Nothing answers on port 9: the top bar says so, and never "ready".
    await waitFor(() => expect(screen.getByTestId('phone-status-text').textContent).toBe('Phone server unreachable'));
    expect(screen.getByTestId('phone-status').dataset.registration).toBe('reconnecting');
    expect(screen.getByTestId('phone-status').textContent).toMatch(/Reconnecting( in \d+ s|…)/);
  });
});
