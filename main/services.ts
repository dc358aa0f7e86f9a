import { mkdir } from 'node:fs/promises';
import type { AppInfo, ShellKind } from '../common/contract/contract.ts';
import { createEventHub, type EventHub } from './contract/events.ts';
import { serve, type Dispatcher } from './contract/serve.ts';
import path from 'node:path';
import { keyFileVault, type SecretVault } from './cache/vault.ts';
import { HubSession, type HubCredentials } from './hub/hub-session.ts';
import { SettingsStore } from './settings/settings-store.ts';
import { ConsoleData } from './sync/console-data.ts';

export interface ServicesOptions {
  readonly shell: ShellKind;
  readonly version: string;
  readonly dataDir: string;
  readonly osLocale: string;
  readonly development: boolean;
  readonly electronVersions?: { electron: string; chrome: string };
  /** The team's hub and the account to sign in with (the demo account under `npm start`). */
  readonly hub?: HubCredentials | undefined;
  /** Where secrets live: the OS keychain in the Electron shell; by default 0600 files (web shell). */
  readonly vault?: SecretVault | undefined;
}

export interface Services {
  readonly dispatcher: Dispatcher;
  readonly events: EventHub;
  readonly settings: SettingsStore;
  readonly info: AppInfo;
  readonly hub: HubSession;
  readonly data: ConsoleData;
  dispose(): Promise<void>;
}

/**
 * The composition root: every main-process service is created here, once, and both shells put
 * the same `Services` behind their transport. Later features (telephony, cache, sync) add
 * themselves here and their handlers to `serve`.
 */
export async function createServices(options: ServicesOptions): Promise<Services> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const events = createEventHub();
  const settings = await SettingsStore.open(options.dataDir);
  settings.onChange((next) => events.emit('settings.changed', next));

  const info: AppInfo = {
    name: 'Loket',
    version: options.version,
    shell: options.shell,
    platform: process.platform,
    arch: process.arch,
    versions: {
      node: process.versions.node,
      electron: options.electronVersions?.electron ?? null,
      chrome: options.electronVersions?.chrome ?? null,
    },
    osLocale: options.osLocale,
    development: options.development,
  };

  const vault = options.vault ?? keyFileVault(path.join(options.dataDir, 'secrets'));
  const hub = new HubSession({ credentials: options.hub, vault, deviceName: `Loket ${options.shell} console` });
  hub.onChange((status) => events.emit('hub.changed', status));
  const data = new ConsoleData({ dataDir: options.dataDir, vault, session: hub, events, retentionDays: () => settings.get().cacheRetentionDays });
  data.start();
  hub.start();

  const dispatcher = serve({
    'hub.status': () => hub.status(),
    'hub.signIn': (request) => data.signIn(request),
    'hub.signOut': ({ wipe }) => data.signOut(wipe),
    'customers.search': ({ query, limit }) => data.search(query, limit),
    'customers.get': ({ id }) => data.customer(id),
    'customers.timeline': ({ customerId, before, limit }) => data.timeline(customerId, before, limit),
    'notes.add': (note) => data.addNote(note),
    'drafts.save': ({ key, text }) => data.saveDraft(key, text),
    'drafts.get': ({ key }) => data.draft(key),
    'sync.status': () => data.status(),
    'sync.now': () => data.syncNow(),
    'outbox.setAside': () => data.setAside(),
    'outbox.discard': ({ id }) => data.discard(id),
    'cache.purge': () => data.purge(),
    'app.info': () => info,
    'settings.get': () => settings.get(),
    'settings.set': (patch) => settings.update(patch),
    'diagnostics.ping': ({ nonce }) => ({ nonce, receivedAt: Date.now() }),
  });

  return {
    dispatcher,
    events,
    settings,
    info,
    hub,
    data,
    dispose: async () => {
      hub.stop();
      data.dispose();
    },
  };
}
