import path from 'node:path';
import { DEFAULT_SETTINGS, Settings, type SettingsPatch } from '../../common/contract/contract.ts';
import { LoketError } from '../../common/errors.ts';
import { createLogger } from '../log.ts';
import { JsonFile } from './json-file.ts';

const log = createLogger('settings');

/** The agent's console settings, one file per user data folder, shared by both shells. */
export class SettingsStore {
  readonly #file: JsonFile<Settings>;
  #current: Settings = DEFAULT_SETTINGS;
  readonly #listeners = new Set<(settings: Settings) => void>();
  /** Writes are serialised so two quick changes cannot land out of order. */
  #writing: Promise<void> = Promise.resolve();

  private constructor(file: JsonFile<Settings>) {
    this.#file = file;
  }

  static async open(dataDir: string): Promise<SettingsStore> {
    const store = new SettingsStore(new JsonFile(path.join(dataDir, 'settings.json'), Settings));
    const { value, setAside } = await store.#file.read();
    if (setAside) log.warn(`settings file was unreadable; kept it as ${setAside} and started from defaults`);
    store.#current = value ?? DEFAULT_SETTINGS;
    return store;
  }

  get(): Settings {
    return this.#current;
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const next: Settings = { ...this.#current, ...patch };
    const write = this.#writing.then(() => this.#file.write(next));
    this.#writing = write.catch(() => undefined);
    try {
      await write;
    } catch (error) {
      log.error('could not save settings', error);
      throw new LoketError('settings.saveFailed', { reason: errorCode(error) });
    }
    this.#current = next;
    for (const listener of this.#listeners) listener(next);
    return next;
  }

  /** Resolves once every write asked for so far has landed (or failed): a quit waits for it. */
  async flush(): Promise<void> {
    await this.#writing;
  }

  onChange(listener: (settings: Settings) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown';
}
