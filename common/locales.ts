// The UI languages Loket ships. One list, used by the contract, the renderer's i18n setup, the
// Electron menu and the locale checks, so a language cannot be half added.
export const UI_LANGUAGES = ['en', 'nl', 'de', 'fr', 'es', 'it', 'pl'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** The language every other locale is checked against, and the fallback for missing keys. */
export const SOURCE_LANGUAGE: UiLanguage = 'en';

/**
 * A generated locale (accented, ~40% longer, bracketed) that shows hard-coded text and layouts
 * that break when a translation is longer than English. Offered only in development builds.
 */
export const PSEUDO_LANGUAGE = 'pseudo';

export function isUiLanguage(value: string): value is UiLanguage {
  return (UI_LANGUAGES as readonly string[]).includes(value);
}

/**
 * Picks the best supported UI language for a list of BCP 47 tags in order of preference
 * (navigator.languages, or the OS locale in main): an exact or base-language match wins.
 */
export function matchUiLanguage(preferred: readonly string[]): UiLanguage {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0] ?? '';
    if (isUiLanguage(base)) return base;
  }
  return SOURCE_LANGUAGE;
}
