import { render, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { expect } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../common/contract/contract.ts';
import { App } from '../../../renderer/app/App.tsx';
import { ClientContext } from '../../../renderer/app/client-context.ts';
import { useNavigationStore } from '../../../renderer/app/stores/navigation-store.ts';
import type { LoketClient } from '../../../renderer/bridge/index.ts';
import { useCustomerStore } from '../../../renderer/app/stores/customer-store.ts';
import { useTimelineQuery } from '../../../renderer/features/customer/use-customer.ts';
import { useHubStore } from '../../../renderer/app/stores/hub-store.ts';
import { usePhoneStore } from '../../../renderer/app/stores/phone-store.ts';
import { useScreenPopStore } from '../../../renderer/features/screen-pop/screen-pop-store.ts';
import { useSearchStore } from '../../../renderer/features/search/search-store.ts';
import { useSettingsStore } from '../../../renderer/app/stores/settings-store.ts';
import { useSyncStore } from '../../../renderer/app/stores/sync-store.ts';
import { useToastStore } from '../../../renderer/app/stores/toast-store.ts';
import { useWrapUpStore } from '../../../renderer/features/wrap-up/wrap-up-store.ts';
import { createI18n } from '../../../renderer/i18n/i18n.ts';

// What the console's component tests share: every renderer store back to how a fresh window
// starts, and the whole app rendered over a client (main's real services, usually).

/** Before each test: the stores as a fresh window has them (they are modules, so they outlive a test). */
export function resetConsoleState(): void {
  // The hub runs on another port than the page's made-up origin; main's fetch is no page fetch.
  (window as unknown as { happyDOM: { settings: { fetch: { disableSameOriginPolicy: boolean } } } }).happyDOM.settings.fetch.disableSameOriginPolicy = true;
  useNavigationStore.setState({ view: 'customer', shortcutHelpOpen: false });
  useToastStore.setState({ toasts: [] });
  useSettingsStore.setState({ settings: DEFAULT_SETTINGS, info: null, loaded: false });
  useHubStore.setState({ status: { state: 'off' } });
  useSyncStore.setState({ status: null, setAside: [], rebuiltNoticeDismissed: false });
  usePhoneStore.setState({ status: null, eventCount: 0, popover: null, keypadFor: null, transferFor: null });
  useSearchStore.getState().clear();
  useCustomerStore.setState({ customerId: null });
  useTimelineQuery.setState({ customerId: null, filters: [], text: '', loading: false });
  useScreenPopStore.getState().reset();
  useWrapUpStore.getState().reset();
}

/** The app in English over `client`, once its settings and sync status have loaded. */
export async function renderConsole(client: LoketClient): Promise<void> {
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
}
