import { useT } from './use-t.ts';
import { intlLocale } from './format.ts';

/** The locale for Intl formatting: the language the screens are shown in right now. */
export function useLocale(): string {
  const { i18n } = useT();
  return intlLocale(i18n.resolvedLanguage ?? i18n.language);
}
