import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../common/contract/contract.ts';
import { LoketError } from '../../../common/errors.ts';
import { createServices, type Services, type ServicesOptions } from '../../../main/services.ts';
import { App } from '../../../renderer/frame/App.tsx';
import { ClientContext } from '../../../renderer/app/client-context.ts';
import { useNavigationStore } from '../../../renderer/app/stores/navigation-store.ts';
import type { LoketClient } from '../../../renderer/bridge/index.ts';
import { openCustomer, useCustomerStore } from '../../../renderer/app/stores/customer-store.ts';
import { useHubStore } from '../../../renderer/app/stores/hub-store.ts';
import { useAccessStore } from '../../../renderer/features/access/access-store.ts';
import { useSearchStore } from '../../../renderer/app/stores/search-store.ts';
import { useSettingsStore } from '../../../renderer/app/stores/settings-store.ts';
import { useSyncStore } from '../../../renderer/app/stores/sync-store.ts';
import { useToastStore } from '../../../renderer/app/stores/toast-store.ts';
import { createI18n } from '../../../renderer/i18n/i18n.ts';
import { openPglite, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { tempDir } from '../../support/temp-dir.ts';

// The console's data screens over the real main services (encrypted cache, sync, outbox) and a
// real hub on PGlite, the way an agent uses them: sign in from Settings, search with the
// keyboard, open a customer, write notes, deal with refused writes, sign out.

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let services: Services;
let removeDir: () => Promise<void>;

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  hub = await startHub(db);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

async function start(options: Partial<ServicesOptions> = {}) {
  const temp = await tempDir();
  removeDir = temp.cleanup;
  services = await createServices({ shell: 'web', version: '0.1.0', dataDir: temp.dir, osLocale: 'en-GB', development: true, ...options });
}

beforeEach(() => {
  // The hub runs on another port than the page's made-up origin; main's fetch is no page fetch.
  (window as unknown as { happyDOM: { settings: { fetch: { disableSameOriginPolicy: boolean } } } }).happyDOM.settings.fetch.disableSameOriginPolicy = true;
  useNavigationStore.setState({ view: 'customer', shortcutHelpOpen: false });
  useToastStore.setState({ toasts: [] });
  useSettingsStore.setState({ settings: DEFAULT_SETTINGS, info: null, loaded: false });
  useHubStore.setState({ status: { state: 'off' } });
  useAccessStore.getState().reset();
  useSyncStore.setState({ status: null, setAside: [], rebuiltNoticeDismissed: false });
  useSearchStore.getState().clear();
  useCustomerStore.setState({ customerId: null });
});

afterEach(async () => {
  cleanup();
  await services?.dispose();
  await removeDir?.();
});

async function renderApp(client: LoketClient = inProcessClient(services)) {
  const i18n = await createI18n('en');
  render(
    <I18nextProvider i18n={i18n}>
      <ClientContext.Provider value={client}>
        <App />
      </ClientContext.Provider>
    </I18nextProvider>,
  );
  await waitFor(() => expect(useSettingsStore.getState().loaded).toBe(true));
  await waitFor(() => expect(useSyncStore.getState().status).not.toBeNull());
  // A console without a hub opens on the access screens' first screen; these tests start from the
  // console and sign in from Settings, so they take "Not now" (access-gate.test.tsx tests the first screen).
  await waitFor(() => expect(useAccessStore.getState().status ?? useAccessStore.getState().unknown).toBeTruthy());
  if (useAccessStore.getState().status?.state === 'none') fireEvent.click(await screen.findByTestId('access-look-around'));
}

const SLOW = { timeout: 15_000 };

/** Signs in from Settings with the fixture's first-line agent (or the given password). */
function submitSignIn(password = PASSWORD) {
  act(() => useNavigationStore.getState().navigate('settings'));
  fireEvent.change(screen.getByTestId('hub-url'), { target: { value: hub.url } });
  fireEvent.change(screen.getByTestId('hub-email'), { target: { value: fixture.agents.first_line.email } });
  fireEvent.change(screen.getByTestId('hub-password'), { target: { value: password } });
  fireEvent.click(screen.getByTestId('hub-sign-in-submit'));
}

async function signInAndSync() {
  submitSignIn();
  await waitFor(() => expect(screen.getByTestId('hub-agent').textContent).toBe('Signed in as Agent first_line (First line)'), SLOW);
  await waitFor(() => expect(services.data.syncer?.lastSyncedAt).toBeTruthy(), SLOW);
  await waitFor(() => expect(screen.getByTestId('sync-status').dataset.connection).toBe('online'), SLOW);
}

const entries = () => screen.queryAllByTestId('timeline-entry');

describe('the console’s data screens over real services and a real hub', () => {
  it('asks to sign in, signs in from Settings, and shows the sync in the top bar', async () => {
    await start();
    await renderApp();
    expect(screen.getByTestId('cache-notice').dataset.reason).toBe('notSignedIn');
    await signInAndSync();
    const status = screen.getByTestId('sync-status');
    expect(status.textContent).toBe('Online');
    expect(status.dataset.pending).toBe('0');
    act(() => useNavigationStore.getState().navigate('customer'));
    expect(screen.queryByTestId('cache-notice')).toBeNull();
  }, 60_000);

  it('finds a customer with the keyboard and opens them: header, counters and history', async () => {
    await start();
    await renderApp();
    await signInAndSync();
    act(() => useNavigationStore.getState().navigate('search'));
    const input = screen.getByTestId('search-input');
    fireEvent.change(input, { target: { value: 'xyzzy' } });
    await waitFor(() => expect(screen.getByTestId('search-state').textContent).toBe('No customer found for “xyzzy”.'));
    fireEvent.change(input, { target: { value: 'anna' } });
    await waitFor(() => expect(screen.getAllByTestId('search-hit')).toHaveLength(1));
    const hit = screen.getByTestId('search-hit');
    expect(hit.textContent).toContain('Anna de Vries');
    // Numbers read the same on every screen: international with spaces (E.164 underneath).
    expect(fixture.customers.anna.phone).toBe('+31612345678');
    expect(hit.textContent).toContain('+31 6 12345678');
    expect(hit.textContent).toContain(fixture.customers.anna.email);
    expect(hit.dataset.matched).toBe('name');
    expect(screen.getByTestId('search-state').textContent).toBe('1 customer found');
    // Esc clears, typing again finds again, and the arrows and Enter open the hit.
    fireEvent.keyDown(input, { key: 'Escape' });
    expect((input as HTMLInputElement).value).toBe('');
    expect(screen.queryAllByTestId('search-hit')).toHaveLength(0);
    fireEvent.change(input, { target: { value: fixture.customers.anna.order } });
    await waitFor(() => expect(screen.getByTestId('search-hit').textContent).toContain(`Order ${fixture.customers.anna.order}`));
    expect(screen.getByTestId('search-hit').dataset.matched).toBe('order');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(screen.getByTestId('search-hit').getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(input, { key: 'Enter' });

    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: 'Anna de Vries' })).toBeTruthy());
    expect(useNavigationStore.getState().view).toBe('customer');
    expect(useCustomerStore.getState().customerId).toBe(fixture.customers.anna.id);
    const header = screen.getByTestId('customer-header');
    expect(within(header).getByText('Netherlands')).toBeTruthy();
    expect(within(header).getByText('Dutch')).toBeTruthy();
    expect(screen.getByTestId('customer-orders').textContent).toBe('1');
    expect(screen.getByTestId('customer-lifetime-value').textContent).toBe('€49.95');
    // One row for the order, its steps (placed three days ago, shipped yesterday) inside it.
    await waitFor(() => expect(entries()).toHaveLength(1));
    expect(entries()[0]?.dataset.kind).toBe('order');
    expect(entries()[0]?.textContent).toContain('shipped');
    expect(entries()[0]?.textContent).toContain('Tracking number 3SABCD1234567');
    expect(entries().map((entry) => entry.dataset.pending)).toEqual(['false']);
    // Older than the cache holds: the next page comes from the hub, which has nothing older.
    fireEvent.click(screen.getByTestId('timeline-older'));
    await waitFor(() => expect(screen.getByText('No older entries.')).toBeTruthy(), SLOW);
    expect(entries()).toHaveLength(1);
  }, 60_000);

  it('adds a note with Ctrl+Enter: pending while the hub does not have it, confirmed after; the draft survives leaving the customer', async () => {
    await start();
    await renderApp();
    await signInAndSync();
    const anna = fixture.customers.anna.id;
    act(() => openCustomer(anna));
    await waitFor(() => expect(entries()).toHaveLength(1)); // her order, its steps inside
    const text = `Parcel left with the neighbour ${uuidv7().slice(-6)}`;
    fireEvent.change(screen.getByTestId('note-input'), { target: { value: text } });
    await waitFor(() => expect(services.data.writes.draft(`note:${anna}`)?.text).toBe(text));

    // Away to another customer and back: the box holds the draft again.
    act(() => openCustomer(fixture.customers.bram.id));
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: 'Bram Jansen' })).toBeTruthy());
    expect((screen.getByTestId('note-input') as HTMLTextAreaElement).value).toBe('');
    act(() => openCustomer(anna));
    await waitFor(() => expect((screen.getByTestId('note-input') as HTMLTextAreaElement).value).toBe(text));

    // The hub is out of reach for writes for a moment: the note is stored here and shown pending.
    services.data.sender?.stop();
    fireEvent.keyDown(screen.getByTestId('note-input'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect((screen.getByTestId('note-input') as HTMLTextAreaElement).value).toBe(''));
    await waitFor(() => expect(entries()[0]?.textContent).toContain(text));
    expect(entries()[0]?.dataset.pending).toBe('true');
    expect(within(entries()[0] as HTMLElement).getByText('Not sent yet')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('sync-status').textContent).toBe('Online · 1 pending'));
    expect(services.data.writes.draft(`note:${anna}`)).toBeNull();

    services.data.sender?.start();
    await waitFor(() => expect(screen.getByTestId('sync-status').dataset.pending).toBe('0'), SLOW);
    await waitFor(() => expect(entries()[0]?.dataset.pending).toBe('false'), SLOW);
    const id = (await db.query<{ id: string }>('select id from interaction where note = $1', [text]))[0]?.id;
    expect(id).toBeTruthy();
  }, 60_000);

  it('keeps the note in the box with a translated error when adding fails, and a retry stores it once', async () => {
    await start();
    const real = inProcessClient(services);
    let failNext = true;
    // The request reaches main, but the answer is lost on the way back (a dropped socket).
    const client: LoketClient = {
      ...real,
      request: async (channel, payload) => {
        const response = await real.request(channel, payload);
        if (channel === 'notes.add' && failNext) {
          failNext = false;
          throw new LoketError('bridge.disconnected');
        }
        return response;
      },
    };
    await renderApp(client);
    await signInAndSync();
    act(() => openCustomer(fixture.customers.bram.id));
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: 'Bram Jansen' })).toBeTruthy());
    const text = `Wants a call back on Monday ${uuidv7().slice(-6)}`;
    fireEvent.change(screen.getByTestId('note-input'), { target: { value: text } });
    fireEvent.click(screen.getByTestId('note-add'));
    const error = await screen.findByTestId('note-error');
    expect(error.textContent).toBe(
      'The connection to the console service dropped before it answered. Check whether your last action took effect, then try again.',
    );
    expect((screen.getByTestId('note-input') as HTMLTextAreaElement).value).toBe(text);

    fireEvent.click(screen.getByTestId('note-add'));
    await waitFor(() => expect((screen.getByTestId('note-input') as HTMLTextAreaElement).value).toBe(''));
    expect(screen.queryByTestId('note-error')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('sync-status').dataset.pending).toBe('0'), SLOW);
    const rows = await db.query<{ n: number }>('select count(*)::int as n from interaction where note = $1', [text]);
    expect(rows[0]?.n).toBe(1);
  }, 60_000);

  it('lists a write the hub refused with the reason, and lets the agent discard it', async () => {
    await start();
    await renderApp();
    await signInAndSync();
    const anna = fixture.customers.anna.id;
    // The id already holds another note at the hub: a repeat cannot fix that.
    const taken = uuidv7();
    const token = await hub.login(fixture.agents.second_line.email);
    const put = await hub.call('PUT', `/interactions/${taken}`, {
      token,
      body: { customerId: anna, channel: 'note', direction: 'internal', startedAt: new Date().toISOString(), note: 'the first' },
    });
    expect(put.status).toBe(200);
    await services.dispatcher.dispatch('notes.add', { id: taken, customerId: anna, text: 'a different second' }, { shell: 'web', sender: 'test' });

    const open = await screen.findByTestId('set-aside-open', {}, SLOW);
    expect(open.textContent).toBe('1 not accepted');
    fireEvent.click(open);
    const panel = await screen.findByTestId('set-aside-panel');
    const item = within(panel).getByTestId('set-aside-item');
    expect(item.dataset.code).toBe('idempotency.conflict');
    expect(item.textContent).toContain('a different second');
    expect(item.textContent).toContain('Note');
    expect(item.textContent).toContain('The hub already has a different version of this entry.');
    fireEvent.click(within(item).getByTestId('set-aside-discard'));
    await waitFor(() => expect(within(panel).getByText('Nothing left to review.')).toBeTruthy());
    expect(screen.queryByTestId('set-aside-open')).toBeNull();
    fireEvent.click(within(panel).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByTestId('set-aside-panel')).toBeNull());
  }, 60_000);

  it('says why a sign-in was refused, and signs out deleting the local customer data', async () => {
    await start();
    await renderApp();
    submitSignIn('not the password');
    await waitFor(() => expect(screen.getByTestId('hub-error').textContent).toBe('The e-mail address or password is not right.'), SLOW);
    await signInAndSync();
    expect(services.data.cache).not.toBeNull();

    fireEvent.click(screen.getByTestId('hub-wipe'));
    fireEvent.click(screen.getByTestId('hub-sign-out'));
    await waitFor(() => expect(screen.getByTestId('hub-sign-in')).toBeTruthy());
    expect(screen.getByText('You are signed out, and the customer data on this computer has been deleted.')).toBeTruthy();
    expect(services.data.cache).toBeNull();
    act(() => useNavigationStore.getState().navigate('customer'));
    await waitFor(() => expect(screen.getByTestId('cache-notice').dataset.reason).toBe('notSignedIn'));
  }, 60_000);

  it('saves the retention days within their bounds and purges old history on request', async () => {
    await start();
    await renderApp();
    await signInAndSync();
    const days = screen.getByTestId('retention-days') as HTMLInputElement;
    expect(days.value).toBe('30');
    fireEvent.change(days, { target: { value: '0' } });
    fireEvent.click(screen.getByTestId('retention-save'));
    expect(screen.getByRole('alert').textContent).toBe('Enter a whole number from 1 to 3,650.');
    expect(services.settings.get().cacheRetentionDays).toBe(30);
    fireEvent.change(days, { target: { value: '7' } });
    fireEvent.click(screen.getByTestId('retention-save'));
    await waitFor(() => expect(services.settings.get().cacheRetentionDays).toBe(7));

    fireEvent.click(screen.getByTestId('cache-purge'));
    // The fixture's history is days old, not weeks: nothing to remove.
    await waitFor(() => expect(screen.getByTestId('purge-result').textContent).toBe('0 old entries removed.'));
  }, 60_000);

  it('explains that a computer without a secure key store keeps no customer data, and still searches online', async () => {
    await start({ vault: { availability: { ok: false, reason: 'noSecretStore', backend: 'test' }, read: () => null, write: () => undefined, delete: () => undefined } });
    await renderApp();
    const notice = await screen.findByTestId('cache-notice');
    expect(notice.dataset.reason).toBe('noSecretStore');
    expect(notice.textContent).toContain('This computer offers no secure key store');
    submitSignIn();
    await waitFor(() => expect(screen.getByTestId('hub-agent')).toBeTruthy(), SLOW);
    act(() => useNavigationStore.getState().navigate('search'));
    expect(screen.getByText('This computer keeps no customer data, so search only works while the hub can be reached.')).toBeTruthy();
    fireEvent.change(screen.getByTestId('search-input'), { target: { value: 'bram' } });
    await waitFor(() => expect(screen.getByTestId('search-hit').textContent).toContain('Bram Jansen'), SLOW);
  }, 60_000);

  it('shows the first sync as a determinate progress bar with speed and time left', async () => {
    await start();
    await renderApp();
    act(() =>
      useSyncStore.getState().receive({
        connection: 'online',
        phase: 'initial',
        progress: { rows: 12_345, total: 56_000, rowsPerSecond: 1_234.4, etaSeconds: 150, fraction: 0.2204 },
        pending: 3,
        setAside: 0,
        lastSyncedAt: null,
        retryAt: null,
        cache: { state: 'ready' },
      }),
    );
    const bar = screen.getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('22');
    expect(bar.getAttribute('aria-valuetext')).toBe('22%, 12,345 of 56,000');
    const progress = screen.getByTestId('sync-progress');
    expect(progress.textContent).toContain('1,234 per second');
    expect(progress.textContent).toContain('about 3 min left');
    expect(screen.getByTestId('sync-status').textContent).toBe('Syncing 22% · 3 pending');
  }, 60_000);
});
