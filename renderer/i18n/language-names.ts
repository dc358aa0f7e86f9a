import { UI_LANGUAGES, matchUiLanguage, type UiLanguage } from '../../common/locales.ts';
import type { LanguageSetting } from '../../common/contract/contract.ts';

/**
 * A language's own name ("Deutsch", "Polski"): language pickers list endonyms so that someone
 * who landed in the wrong language can still find theirs. Comes from Intl, not from our files.
 */
export function endonym(language: UiLanguage): string {
  const name = new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
}

export const LANGUAGE_OPTIONS: readonly { code: UiLanguage; name: string }[] = UI_LANGUAGES.map((code) => ({
  code,
  name: endonym(code),
}));

/** The language to show for a setting; `system` follows the browser, then the OS locale. */
export function resolveUiLanguage(setting: LanguageSetting, preferred: readonly string[]): string {
  if (setting === 'system') return matchUiLanguage(preferred);
  return setting;
}
