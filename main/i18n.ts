import i18next from 'i18next';
import { PSEUDO_LANGUAGE, SOURCE_LANGUAGE, UI_LANGUAGES, matchUiLanguage, type UiLanguage } from '../common/locales.ts';
import type { LanguageSetting } from '../common/contract/contract.ts';
import de from '../locales/de/menu.json' with { type: 'json' };
import en from '../locales/en/menu.json' with { type: 'json' };
import es from '../locales/es/menu.json' with { type: 'json' };
import fr from '../locales/fr/menu.json' with { type: 'json' };
import it from '../locales/it/menu.json' with { type: 'json' };
import nl from '../locales/nl/menu.json' with { type: 'json' };
import pl from '../locales/pl/menu.json' with { type: 'json' };
import deNotifications from '../locales/de/notifications.json' with { type: 'json' };
import enNotifications from '../locales/en/notifications.json' with { type: 'json' };
import esNotifications from '../locales/es/notifications.json' with { type: 'json' };
import frNotifications from '../locales/fr/notifications.json' with { type: 'json' };
import itNotifications from '../locales/it/notifications.json' with { type: 'json' };
import nlNotifications from '../locales/nl/notifications.json' with { type: 'json' };
import plNotifications from '../locales/pl/notifications.json' with { type: 'json' };
import deDesktop from '../locales/de/desktop.json' with { type: 'json' };
import enDesktop from '../locales/en/desktop.json' with { type: 'json' };
import esDesktop from '../locales/es/desktop.json' with { type: 'json' };
import frDesktop from '../locales/fr/desktop.json' with { type: 'json' };
import itDesktop from '../locales/it/desktop.json' with { type: 'json' };
import nlDesktop from '../locales/nl/desktop.json' with { type: 'json' };
import plDesktop from '../locales/pl/desktop.json' with { type: 'json' };

// Main translates only what it draws itself: the native menu, the OS notifications, the tray and the quit dialog.
const MENU: Record<UiLanguage, typeof en> = { en, nl, de, fr, es, it, pl };
// Main's notifications (main/notifications) and the tray and quit dialog (main/desktop) in both shells.
const NOTIFICATIONS: Record<UiLanguage, typeof enNotifications> = {
  en: enNotifications, nl: nlNotifications, de: deNotifications, fr: frNotifications, es: esNotifications, it: itNotifications, pl: plNotifications,
};
const DESKTOP: Record<UiLanguage, typeof enDesktop> = { en: enDesktop, nl: nlDesktop, de: deDesktop, fr: frDesktop, es: esDesktop, it: itDesktop, pl: plDesktop };

/** Keys carry their namespace (`menu:file.title`), as everywhere in Loket. */
export type MenuT = (key: string, values?: Readonly<Record<string, string | number>>) => string;

/** The UI language for a setting: `system` follows the OS, the pseudo-locale falls back to English. */
export function resolveLanguage(setting: LanguageSetting, osLocale: string): UiLanguage {
  if (setting === 'system') return matchUiLanguage([osLocale]);
  if (setting === PSEUDO_LANGUAGE) return SOURCE_LANGUAGE;
  return setting;
}

export async function createMainTranslator(language: UiLanguage): Promise<MenuT> {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    fallbackLng: SOURCE_LANGUAGE,
    supportedLngs: [...UI_LANGUAGES],
    ns: ['menu', 'notifications', 'desktop'],
    defaultNS: 'menu',
    resources: Object.fromEntries(UI_LANGUAGES.map((lng) => [lng, { menu: MENU[lng], notifications: NOTIFICATIONS[lng], desktop: DESKTOP[lng] }])),
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  const t = instance.getFixedT(language);
  // Main's keys are checked by the locale checks (the renderer's typed keys do not cover main).
  return (key, values) => (t as (key: string, values?: Readonly<Record<string, string | number>>) => string)(key, values);
}
