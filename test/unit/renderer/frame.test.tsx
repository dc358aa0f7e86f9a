import { rm, writeFile } from 'node:fs/promises';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../common/contract/contract.ts';
import { App } from '../../../renderer/frame/App.tsx';
import { ClientContext } from '../../../renderer/app/client-context.ts';
import { useNavigationStore } from '../../../renderer/app/stores/navigation-store.ts';
import { useSettingsStore } from '../../../renderer/app/stores/settings-store.ts';
import { useToastStore } from '../../../renderer/app/stores/toast-store.ts';
import { useAccessStore } from '../../../renderer/features/access/access-store.ts';
import { createI18n } from '../../../renderer/i18n/i18n.ts';
import { createServices, type Services } from '../../../main/services.ts';
import { SettingsStore } from '../../../main/settings/settings-store.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { tempDir } from '../../support/temp-dir.ts';

let services: Services;
let dataDir: string;
let removeDir: () => Promise<void>;

beforeEach(async () => {
  const temp = await tempDir();
  dataDir = temp.dir;
  removeDir = temp.cleanup;
  // A console set up for a hub (one nobody answers at): a fresh install without one opens on the
  // access screens instead of the frame (access-gate.test.tsx).
  services = await createServices({
    shell: 'web',
    version: '0.1.0',
    dataDir,
    osLocale: 'en-GB',
    development: true,
    hub: { method: 'password', url: 'http://127.0.0.1:9', email: 'agent@shop.example', password: 'not-checked' },
  });
  useAccessStore.getState().reset();
  useNavigationStore.setState({ view: 'customer', shortcutHelpOpen: false });
  useToastStore.setState({ toasts: [] });
  useSettingsStore.setState({ settings: DEFAULT_SETTINGS, info: null, loaded: false });
});

afterEach(async () => {
  cleanup();
  await services.dispose();
  await removeDir();
});

async function renderApp() {
  const i18n = await createI18n('en');
  render(
    <I18nextProvider i18n={i18n}>
      <ClientContext.Provider value={inProcessClient(services)}>
        <App />
      </ClientContext.Provider>
    </I18nextProvider>,
  );
  await waitFor(() => expect(useSettingsStore.getState().loaded).toBe(true));
  await screen.findByRole('navigation');
  return i18n;
}

const nav = () => screen.getByRole('navigation');

describe('the application frame', () => {
  it('shows the navigation and the customer screen’s empty state', async () => {
    await renderApp();
    expect(within(nav()).getAllByRole('button').map((b) => b.textContent)).toEqual(['Home', 'Customer', 'Search', 'Escalations', 'Team', 'Callbacks', 'Cart follow-ups', 'Settings']);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Customer');
    expect(screen.getByText('No customer open')).toBeTruthy();
  });

  it('switches language live from the top bar and saves the choice in main', async () => {
    const i18n = await renderApp();
    fireEvent.change(screen.getByTestId('language-menu'), { target: { value: 'nl' } });
    await waitFor(() => expect(within(nav()).getByText('Klant')).toBeTruthy());
    expect(i18n.language).toBe('nl');
    expect(document.documentElement.lang).toBe('nl');
    await waitFor(async () => expect((await SettingsStore.open(dataDir)).get().language).toBe('nl'));

    fireEvent.change(screen.getByTestId('language-menu'), { target: { value: 'pl' } });
    await waitFor(() => expect(within(nav()).getByText('Klient')).toBeTruthy());
  });

  it('follows a settings change made elsewhere (another window, the menu)', async () => {
    await renderApp();
    await act(() => services.settings.update({ language: 'de', theme: 'dark' }));
    await waitFor(() => expect(within(nav()).getByText('Einstellungen')).toBeTruthy());
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('navigates with Alt+digit and opens the shortcut help with ?', async () => {
    await renderApp();
    fireEvent.keyDown(window, { altKey: true, code: 'Digit2', key: '2' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Search');
    fireEvent.keyDown(window, { key: '?', code: 'Slash', shiftKey: true });
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Go to Escalations')).toBeTruthy();
    fireEvent.keyDown(window, { key: 'Escape', code: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('leaves ? to a text field but still takes Alt shortcuts there', async () => {
    await renderApp();
    const note = document.createElement('textarea');
    document.body.append(note);
    fireEvent.keyDown(note, { key: '?', code: 'Slash', shiftKey: true });
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.keyDown(note, { altKey: true, code: 'Digit4', key: '4' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Team');
    note.remove();
  });

  it('toggles the dark theme and keeps it', async () => {
    await renderApp();
    fireEvent.click(screen.getByRole('button', { name: 'Switch to the dark theme' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    await waitFor(async () => expect((await SettingsStore.open(dataDir)).get().theme).toBe('dark'));
  });

  it('shows a translated error, and keeps the old setting, when main cannot save', async () => {
    await renderApp();
    fireEvent.change(screen.getByTestId('language-menu'), { target: { value: 'fr' } });
    await waitFor(() => expect(within(nav()).getByText('Client')).toBeTruthy());
    await waitFor(async () => expect((await SettingsStore.open(dataDir)).get().language).toBe('fr'));
    // The data folder becomes a file: the next save fails for real.
    await rm(dataDir, { recursive: true });
    await writeFile(dataDir, 'not a folder');
    fireEvent.click(screen.getByRole('button', { name: 'Passer au thème sombre' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^Impossible d’enregistrer vos paramètres \(E[A-Z]+\)/);
    expect(useSettingsStore.getState().settings.theme).toBe('system');
    await rm(dataDir);
  });
});
