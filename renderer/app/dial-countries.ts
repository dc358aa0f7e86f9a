import { regionName } from '../i18n/format.ts';

/**
 * The countries an office may dial from: the EU, the EEA, the United Kingdom, Switzerland and
 * the rest of Europe's mainland and microstates. Their names come from Intl in the UI language.
 */
export const DIAL_COUNTRIES = [
  'AD', 'AL', 'AT', 'BA', 'BE', 'BG', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FO', 'FR', 'GB', 'GI', 'GR', 'HR', 'HU',
  'IE', 'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MC', 'MD', 'ME', 'MK', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'RS', 'SE', 'SI', 'SK',
  'SM', 'TR', 'UA', 'XK',
] as const;

/** The choices, sorted by name as the UI language sorts; a saved country outside the list stays. */
export function dialCountryOptions(locale: string, current: string): { code: string; name: string }[] {
  const codes = new Set<string>(DIAL_COUNTRIES);
  codes.add(current);
  const collator = new Intl.Collator(locale);
  return [...codes].map((code) => ({ code, name: regionName(code, locale) })).sort((a, b) => collator.compare(a.name, b.name));
}
