import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { expect } from 'vitest';
import type { CallerIdentified } from '../../../common/contract/caller-id.ts';
import { DEFAULT_SETTINGS } from '../../../common/contract/contract.ts';
import type { Customer360 } from '../../../common/contract/data.ts';
import type { CallView, CallerMatch, PhoneStatus } from '../../../common/contract/telephony.ts';
import { LoketError } from '../../../common/errors.ts';
import { App } from '../../../renderer/frame/App.tsx';
import { ClientContext } from '../../../renderer/app/client-context.ts';
import { useCallersStore } from '../../../renderer/app/stores/callers-store.ts';
import { useAccessStore } from '../../../renderer/features/access/access-store.ts';
import { useNavigationStore } from '../../../renderer/app/stores/navigation-store.ts';
import type { LoketClient } from '../../../renderer/bridge/index.ts';
import { useCustomerStore } from '../../../renderer/app/stores/customer-store.ts';
import { useTimelineQuery } from '../../../renderer/features/customer/use-customer.ts';
import { useHubStore } from '../../../renderer/app/stores/hub-store.ts';
import { usePhoneStore } from '../../../renderer/app/stores/phone-store.ts';
import { useScreenPopStore } from '../../../renderer/features/screen-pop/screen-pop-store.ts';
import { useSearchStore } from '../../../renderer/app/stores/search-store.ts';
import { useSettingsStore } from '../../../renderer/app/stores/settings-store.ts';
import { useSyncStore } from '../../../renderer/app/stores/sync-store.ts';
import { useToastStore } from '../../../renderer/app/stores/toast-store.ts';
import { useWrapUpStore } from '../../../renderer/features/wrap-up/wrap-up-store.ts';
import { useEscalationStore } from '../../../renderer/features/escalations/escalation-store.ts';
import { useOpenEscalationStore } from '../../../renderer/features/escalations/open-escalation-store.ts';
import { createI18n } from '../../../renderer/i18n/i18n.ts';
import { startStores } from '../../../renderer/start-stores.ts';

// What the console's component tests share: every renderer store back to how a fresh window
// starts, and the whole app rendered over a client (main's real services, usually).

/** The stores the last `renderConsole` started (they follow its client until stopped). */
let stopStores: (() => void) | null = null;

/** Before each test: the stores as a fresh window has them (they are modules, so they outlive a test). */
export function resetConsoleState(): void {
  stopStores?.();
  stopStores = null;
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
  useCallersStore.getState().reset();
  useScreenPopStore.getState().reset();
  useWrapUpStore.getState().reset();
  useEscalationStore.getState().clear();
  useOpenEscalationStore.setState({ id: null });
  useAccessStore.getState().reset();
}

/**
 * The app in English over `client`, once its settings and sync status have loaded; the stores
 * that follow main start first, as `main.tsx` starts them (until the next `resetConsoleState`).
 */
export async function renderConsole(client: LoketClient, options: { readonly accessScreens?: boolean } = {}): Promise<void> {
  const i18n = await createI18n('en');
  stopStores?.();
  stopStores = startStores(client);
  render(
    <I18nextProvider i18n={i18n}>
      <ClientContext.Provider value={client}>
        <App />
      </ClientContext.Provider>
    </I18nextProvider>,
  );
  await waitFor(() => expect(useSettingsStore.getState().loaded).toBe(true));
  await waitFor(() => expect(useSyncStore.getState().status).not.toBeNull());
  // A console without a hub opens on the access screens' first screen: these tests are about the
  // console itself, so they take "Not now" (access-gate.test.tsx asks for `accessScreens`).
  await waitFor(() => expect(useAccessStore.getState().status ?? useAccessStore.getState().unknown).toBeTruthy());
  if (!options.accessScreens && useAccessStore.getState().status?.state === 'none') fireEvent.click(await screen.findByTestId('access-look-around'));
}

/** A call as a test sets it: main's view of the call plus who main says is calling. */
export type TestCall = Omit<CallView, 'matches'> & {
  /** The customers with the caller's number, as main's caller lookup finds them. */
  readonly matches: readonly CallerMatch[];
  /** The caller's 360 as main's cache holds it (sent with the caller), or none. */
  readonly customer?: Customer360 | null;
};

/** The call as main's `phone.changed` reports it (who is calling goes out as `calls.caller`). */
export function callView({ matches: _matches, customer: _customer, ...view }: TestCall): CallView {
  return structuredClone(view) as CallView;
}

/**
 * Main's phone with the test's calls in it (main's softphone is tested on the SIP rig): each
 * inbound call's caller goes out as `calls.caller` before the call itself, as main sends it, and
 * again when it changes; `phone.linkCustomer` links like main does; everything else is `real`'s.
 */
export function phoneStandIn(real: LoketClient) {
  let calls: TestCall[] = [];
  let base: PhoneStatus = {
    registration: { state: 'registered', error: null, since: Date.now(), retryAt: null, aor: '201@pbx.example.com' },
    calls: [],
    presence: { state: 'available', until: null },
    mediaAttached: true,
  };
  const status = (): PhoneStatus => ({ ...base, calls: calls.map(callView) });
  const callers = new Map<string, CallerIdentified>();
  const callerListeners = new Set<(caller: CallerIdentified) => void>();
  const sent: string[] = [];
  const linked: { callId: string; customerId: string }[] = [];

  const tellCaller = (call: TestCall, source: CallerIdentified['source']) => {
    const caller: CallerIdentified = {
      callId: call.id,
      number: call.remoteNumber,
      matches: structuredClone([...call.matches]),
      customerId: call.customerId,
      customer: call.customer ?? null,
      source,
      pending: false,
      hubUnreachable: false,
    };
    if (JSON.stringify(callers.get(call.id)) === JSON.stringify(caller)) return;
    callers.set(call.id, caller);
    for (const listener of callerListeners) listener(structuredClone(caller));
  };

  const client: LoketClient = {
    ...real,
    request: async (channel, payload) => {
      sent.push(channel);
      if (channel === 'phone.linkCustomer') {
        const { callId, customerId } = payload as { callId: string; customerId: string };
        const call = calls.find((candidate) => candidate.id === callId);
        if (!call) throw new LoketError('phone.noCall');
        linked.push({ callId, customerId });
        calls = calls.map((candidate) => (candidate.id === callId ? { ...candidate, customerId, customer: null } : candidate));
        queueMicrotask(() => {
          const now = calls.find((candidate) => candidate.id === callId);
          if (now) tellCaller(now, 'agent');
          usePhoneStore.getState().receive(status());
        });
        return status() as never;
      }
      if (channel === 'calls.callers') return { callers: [...callers.values()] } as never;
      const response = await real.request(channel, payload);
      if (channel === 'phone.status') {
        base = response as PhoneStatus;
        return status() as never;
      }
      return response;
    },
    on: (name, listener) => {
      if (name === 'calls.caller') {
        const add = listener as (caller: CallerIdentified) => void;
        callerListeners.add(add);
        return () => callerListeners.delete(add);
      }
      return real.on(name, (payload) => {
        if (name !== 'phone.changed') return (listener as (p: unknown) => void)(payload);
        base = payload as PhoneStatus;
        (listener as (p: unknown) => void)(status());
      });
    },
  };
  return {
    client,
    linked,
    /** How many requests the console sent on a channel. */
    requests: (channel: string) => sent.filter((candidate) => candidate === channel).length,
    /** Sets the calls and tells the console: each new or changed caller, then `phone.changed`. */
    set(next: TestCall[]) {
      calls = next;
      act(() => {
        for (const call of calls) if (call.direction === 'inbound') tellCaller(call, 'cache');
        usePhoneStore.getState().receive(status());
      });
    },
    patch(id: string, change: Partial<TestCall>) {
      this.set(calls.map((call) => (call.id === id ? { ...call, ...change } : call)));
    },
  };
}
