import { act, render, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { expect } from 'vitest';
import {
  DEFAULT_SETTINGS,
  type AppInfo,
  type EventName,
  type EventPayload,
  type RequestChannel,
  type RequestOf,
  type ResponseOf,
  type Settings,
} from '../../../../common/contract/contract.ts';
import type { CallView, PhoneStatus, SipAccountView } from '../../../../common/contract/telephony.ts';
import { LoketError } from '../../../../common/errors.ts';
import { App } from '../../../../renderer/frame/App.tsx';
import { ClientContext } from '../../../../renderer/app/client-context.ts';
import { useNavigationStore } from '../../../../renderer/app/stores/navigation-store.ts';
import type { LoketClient } from '../../../../renderer/bridge/index.ts';
import { useHubStore } from '../../../../renderer/app/stores/hub-store.ts';
import { usePhoneStore } from '../../../../renderer/app/stores/phone-store.ts';
import { useSettingsStore } from '../../../../renderer/app/stores/settings-store.ts';
import { useSyncStore } from '../../../../renderer/app/stores/sync-store.ts';
import { useToastStore } from '../../../../renderer/app/stores/toast-store.ts';
import { createI18n } from '../../../../renderer/i18n/i18n.ts';

// The softphone's component tests talk to a small fake of main: main's telephony service is
// built concurrently, and the e2e tests run the real SIP stack. The fake records every request
// and lets a test push `phone.changed` the way main does.

export const NOW = Date.parse('2026-03-02T10:00:00Z');

export function phoneStatus(patch: Omit<Partial<PhoneStatus>, 'registration'> & { registration?: Partial<PhoneStatus['registration']> } = {}): PhoneStatus {
  return {
    mediaAttached: true,
    calls: [],
    presence: { state: 'available', until: null },
    ...patch,
    registration: { state: 'registered', error: null, since: NOW - 60_000, retryAt: null, aor: '1001@pbx.example.com', ...patch.registration },
  };
}

export function call(patch: Partial<CallView> = {}): CallView {
  return {
    id: 'call-1',
    direction: 'inbound',
    state: 'active',
    remoteNumber: '+31612345678',
    remoteName: null,
    sipCallId: 'sip-call-1',
    startedAt: Date.now() - 70_000,
    answeredAt: Date.now() - 65_000,
    endedAt: null,
    endReason: null,
    held: false,
    muted: false,
    recovering: false,
    consultFor: null,
    transfer: null,
    transfers: 0,
    quality: null,
    interactionId: '01970000-0000-7000-8000-000000000001',
    customerId: null,
    ...patch,
  };
}

export interface SentRequest {
  readonly channel: RequestChannel;
  readonly payload: unknown;
}

type Handler = (payload: unknown) => unknown;
type SipAccountInputLike = Omit<SipAccountView, 'source' | 'hasPassword'> & { password: string };

export interface FakeMain {
  readonly client: LoketClient;
  readonly requests: SentRequest[];
  status: PhoneStatus;
  settings: Settings;
  /** main → renderer, inside act(). */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Sets the phone status and emits `phone.changed`. */
  push(status: PhoneStatus): void;
  /** Overrides how main answers a channel (throw a LoketError to refuse). */
  handle<C extends RequestChannel>(channel: C, handler: (payload: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>): void;
  sent<C extends RequestChannel>(channel: C): RequestOf<C>[];
}

export function fakeMain(options: { status?: PhoneStatus; shell?: AppInfo['shell']; settings?: Partial<Settings> } = {}): FakeMain {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const requests: SentRequest[] = [];
  const account: SipAccountView = { source: 'none', server: '', username: '', domain: '', authorizationUser: '', displayName: '', hasPassword: false };
  const fake: FakeMain = {
    client: undefined as unknown as LoketClient,
    requests,
    status: options.status ?? phoneStatus(),
    settings: { ...DEFAULT_SETTINGS, iceServers: [], ...options.settings },
    emit(name, payload) {
      act(() => {
        for (const listener of listeners.get(name) ?? []) listener(structuredClone(payload));
      });
    },
    push(status) {
      fake.status = status;
      fake.emit('phone.changed', status);
    },
    handle(channel, handler) {
      handlers.set(channel, handler as Handler);
    },
    sent(channel) {
      return requests.filter((request) => request.channel === channel).map((request) => request.payload) as never;
    },
  };
  const info: AppInfo = {
    name: 'Loket',
    version: '0.1.0',
    shell: options.shell ?? 'web',
    platform: 'linux',
    arch: 'x64',
    versions: { node: '20.19.0', electron: null, chrome: null },
    osLocale: 'en-GB',
    development: true,
    logFile: null,
  };
  const status = () => fake.status;
  const handlers = new Map<RequestChannel, Handler>([
    ['settings.get', () => fake.settings],
    ['settings.set', (patch) => (fake.settings = { ...fake.settings, ...(patch as Partial<Settings>) })],
    ['app.info', () => info],
    ['hub.status', () => ({ state: 'off' })],
    ['phone.status', status],
    ['phone.register', status],
    ['phone.unregister', status],
    ['phone.setPresence', status],
    ['phone.dial', () => ({ callId: 'dialled-1' })],
    ['phone.answer', status],
    ['phone.decline', status],
    ['phone.hangup', status],
    ['phone.hold', status],
    ['phone.mute', status],
    ['phone.dtmf', status],
    ['phone.transfer', status],
    ['phone.consult', () => ({ callId: 'consult-1' })],
    ['phone.completeTransfer', status],
    ['phone.cancelTransfer', status],
    ['phone.account.get', () => account],
    [
      'phone.account.set',
      (input) => {
        const { password: _password, ...rest } = input as SipAccountInputLike;
        return { ...rest, source: 'settings', hasPassword: true };
      },
    ],
  ]);
  const client: LoketClient = {
    async request(channel, payload) {
      requests.push({ channel, payload: structuredClone(payload) });
      const handler = handlers.get(channel);
      if (!handler) throw new LoketError('request.unknownChannel', { channel });
      const value = await handler(payload);
      return structuredClone(value) as never;
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    status: () => ({ state: 'connected' }),
    onStatus: () => () => undefined,
  };
  (fake as { client: LoketClient }).client = client;
  return fake;
}

export function resetStores(): void {
  useNavigationStore.setState({ view: 'customer', shortcutHelpOpen: false });
  useToastStore.setState({ toasts: [] });
  useSettingsStore.setState({ settings: DEFAULT_SETTINGS, info: null, loaded: false });
  useHubStore.setState({ status: { state: 'off' } });
  useSyncStore.setState({ status: null, setAside: [], rebuiltNoticeDismissed: false });
  usePhoneStore.setState({ status: null, eventCount: 0, popover: null, keypadFor: null, transferFor: null });
}

/** The whole frame over the fake, in a language; resolves once settings and the phone are in. */
export async function renderApp(main: FakeMain, language = 'en', options: { phone?: boolean } = {}) {
  const i18n = await createI18n(language);
  const view = render(
    <I18nextProvider i18n={i18n}>
      <ClientContext.Provider value={main.client}>
        <App />
      </ClientContext.Provider>
    </I18nextProvider>,
  );
  await waitFor(() => expect(useSettingsStore.getState().loaded).toBe(true));
  if (options.phone !== false) await waitFor(() => expect(usePhoneStore.getState().status).not.toBeNull());
  else await waitFor(() => expect(main.sent('phone.status')).toHaveLength(1));
  return { ...view, i18n };
}
