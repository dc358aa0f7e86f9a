import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Any way a phone number is written (`06 12 34 56 78`, `0031 6 1234 5678`, `+31612345678`) to
 * E.164, read in the context of a country (the agent's office, or the customer's). Returns null
 * for something that is not a valid number, so a lookup never matches on garbage.
 */
export function toE164(input: string, defaultCountry: string): string | null {
  const cleaned = input.trim().replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry.toUpperCase() as CountryCode);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}
