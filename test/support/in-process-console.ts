import type { SecretVault } from '../../main/cache/vault.ts';
import { createServices, type Services } from '../../main/services.ts';
import { until } from './services-requests.ts';
import { tempDir } from './temp-dir.ts';

// Consoles for the integration tests: main's real services in this process, each with its own
// data folder (encrypted cache, settings), signed in to a hub with a password. `disposeAll` in
// `afterEach` stops them and removes their folders.

export interface InProcessConsoleOptions {
  /** The hub (or a proxy in front of it). */
  readonly url: string;
  readonly email: string;
  readonly password: string;
  /** A vault of the test's choosing (default: the web shell's key file). */
  readonly vault?: (dataDir: string) => SecretVault;
  /** Resolve only after the first sync (default true). */
  readonly synced?: boolean;
}

export class InProcessConsoles {
  readonly #opened: { services: Services; cleanup: () => Promise<void> }[] = [];

  async open(options: InProcessConsoleOptions): Promise<Services> {
    const temp = await tempDir();
    let services: Services;
    try {
      services = await createServices({
        shell: 'web',
        version: '0.1.0',
        dataDir: temp.dir,
        osLocale: 'en-GB',
        development: true,
        hub: { method: 'password', url: options.url, email: options.email, password: options.password },
        vault: options.vault?.(temp.dir),
      });
    } catch (error) {
      await temp.cleanup();
      throw error;
    }
    this.#opened.push({ services, cleanup: temp.cleanup });
    if (options.synced ?? true) await until('the first sync', () => services.data.syncer?.lastSyncedAt);
    return services;
  }

  async disposeAll(): Promise<void> {
    for (const { services, cleanup } of this.#opened.splice(0)) {
      try {
        await services.dispose();
      } finally {
        await cleanup();
      }
    }
  }
}
