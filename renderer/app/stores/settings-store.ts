import { create } from 'zustand';
import {
  DEFAULT_SETTINGS,
  type AppInfo,
  type Settings,
  type SettingsPatch,
} from '../../../common/contract/contract.ts';
import type { LoketClient } from '../../bridge/index.ts';

interface SettingsState {
  readonly settings: Settings;
  readonly info: AppInfo | null;
  /** True once main has answered; until then the defaults (system language, system theme) apply. */
  readonly loaded: boolean;
  load(client: LoketClient): Promise<void>;
  /** Applies at once (a live language switch) and rolls back if main cannot save it. */
  update(client: LoketClient, patch: SettingsPatch): Promise<void>;
  /** From `settings.changed`: another window or the menu changed them. */
  receive(settings: Settings): void;
}

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  settings: DEFAULT_SETTINGS,
  info: null,
  loaded: false,
  async load(client) {
    const [settings, info] = await Promise.all([client.request('settings.get', {}), client.request('app.info', {})]);
    set({ settings, info, loaded: true });
  },
  async update(client, patch) {
    const before = get().settings;
    set({ settings: { ...before, ...patch } });
    try {
      set({ settings: await client.request('settings.set', patch) });
    } catch (error) {
      set({ settings: before });
      throw error;
    }
  },
  receive(settings) {
    set({ settings });
  },
}));
