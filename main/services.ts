import { mkdir } from 'node:fs/promises';
import type { AppInfo, ShellKind } from '../common/contract/contract.ts';
import { createEventHub, type EventHub } from './contract/events.ts';
import { serve, type Dispatcher } from './contract/serve.ts';
import { HubSession } from './hub/hub-session.ts';
import { SettingsStore } from './settings/settings-store.ts';

export interface ServicesOptions {
  readonly shell: ShellKind;
  readonly version: string;
  readonly dataDir: string;
  readonly osLocale: string;
  readonly development: boolean;
  readonly electronVersions?: { electron: string; chrome: string };
  /** The team's hub and the account to sign in with (the demo account under `npm start`). */
  readonly hub?: { readonly url: string; readonly email: string; readonly password: string } | undefined;
}

export interface Services {
  readonly dispatcher: Dispatcher;
  readonly events: EventHub;
  readonly settings: SettingsStore;
  readonly info: AppInfo;
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

  const hub = options.hub ? new HubSession(options.hub) : null;
  hub?.onChange((status) => events.emit('hub.changed', status));
  hub?.start();

  const dispatcher = serve({
    'hub.status': () => hub?.status() ?? { state: 'off' },
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
    dispose: async () => {
      hub?.stop();
    },
  };
}
