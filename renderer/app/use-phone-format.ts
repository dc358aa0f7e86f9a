import { useCallback } from 'react';
import { formatPhoneNumber } from './phone-format.ts';
import { useSettingsStore } from './stores/settings-store.ts';

/**
 * How this console writes a phone number (`formatPhoneNumber` with the office's dial country for
 * national input): for the screens that list a customer's numbers — the customer header, search
 * hits, the screen pop's options — so each reads like the banner. Keys and data stay E.164.
 */
export function usePhoneFormat(): (number: string) => string {
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  return useCallback((number: string) => formatPhoneNumber(number, dialCountry), [dialCountry]);
}
