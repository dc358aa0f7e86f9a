import { useEffect, useRef } from 'react';
import { drop } from '../../common/assert.ts';
import { errorMessage } from '../i18n/errors.ts';
import { resolveUiLanguage } from '../i18n/language-names.ts';
import { useSettingsStore } from '../app/stores/settings-store.ts';
import { useHubStore } from '../app/stores/hub-store.ts';
import { useToastStore } from '../app/stores/toast-store.ts';
import { useClient } from '../app/client-context.ts';
import { useConnectionStore } from '../app/stores/connection-store.ts';
import { useNavigationStore } from '../app/stores/navigation-store.ts';
import { findShortcut } from '../app/shortcuts.ts';
import { useT, type T } from '../i18n/use-t.ts';
import { runCommand } from './ui-commands.ts';

/** Loads settings and app info, follows main's events and the connection state. */
export function useMainLink(): void {
  const client = useClient();
  const { t } = useT();
  // Commands arrive any time: they speak the language of the moment, not the one at start.
  const latestT = useRef<T>(t);
  useEffect(() => {
    latestT.current = t;
  });
  useEffect(() => {
    const { load, receive } = useSettingsStore.getState();
    const toast = useToastStore.getState().show;
    const offSettings = client.on('settings.changed', receive);
    const offCommand = client.on('ui.command', (command) => runCommand(command, latestT.current));
    const offStatus = client.onStatus((status) => useConnectionStore.getState().setStatus(status));
    const offHub = client.on('hub.changed', (status) => useHubStore.getState().setStatus(status));
    drop(client.request('hub.status', {}).then((status) => useHubStore.getState().setStatus(status)));
    useConnectionStore.getState().setStatus(client.status());
    drop(load(client), (error) => toast('error', errorMessage(t, error)));
    return () => {
      offSettings();
      offCommand();
      offStatus();
      offHub();
    };
    // `t` changes with the language; loading again on a language switch is not wanted.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client]);
}

/** The UI language follows the setting live: no reload, a call in progress is untouched. */
export function useApplyLanguage(): void {
  const { i18n } = useT();
  const language = useSettingsStore((state) => state.settings.language);
  const osLocale = useSettingsStore((state) => state.info?.osLocale);
  useEffect(() => {
    const target = resolveUiLanguage(language, [...navigator.languages, ...(osLocale ? [osLocale] : [])]);
    if (i18n.language !== target) drop(i18n.changeLanguage(target));
    document.documentElement.lang = target === 'pseudo' ? 'en-XA' : target;
  }, [i18n, language, osLocale]);
}

/** Light, dark, or whatever the OS says right now (and when it changes). */
export function useApplyTheme(): void {
  const theme = useSettingsStore((state) => state.settings.theme);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      const dark = theme === 'dark' || (theme === 'system' && media.matches);
      document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}

export function useShortcuts(): void {
  const client = useClient();
  const { t } = useT();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = findShortcut(event);
      if (!shortcut) return;
      const navigation = useNavigationStore.getState();
      switch (shortcut.action.type) {
        case 'navigate':
          navigation.navigate(shortcut.action.view);
          break;
        case 'toggleHelp':
          navigation.setShortcutHelp(!navigation.shortcutHelpOpen);
          break;
        case 'closeDialog':
          if (!navigation.shortcutHelpOpen) return; // let Esc reach fields and menus
          navigation.setShortcutHelp(false);
          break;
        case 'toggleTheme': {
          const dark = document.documentElement.dataset.theme === 'dark';
          drop(useSettingsStore.getState().update(client, { theme: dark ? 'light' : 'dark' }), (error) =>
            useToastStore.getState().show('error', errorMessage(t, error)),
          );
          break;
        }
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [client, t]);
}
