import { getCountries, getCountryCallingCode } from 'libphonenumber-js';

// Every country calling code, longest first, so "+351…" is Portugal and not "+35…".
const CALLING_CODES = [...new Set(getCountries().map((country) => getCountryCallingCode(country)))].sort((a, b) => b.length - a.length);

/**
 * The ways an agent may type an E.164 number, as search tokens: `+31612345678` gives
 * `31612345678 0031612345678 612345678 0612345678`, so `06 1234…`, `0031…`, `+31…` and the bare
 * subscriber number all find it by prefix. Done without parsing the number (the apply path
 * handles 100k customers; a full libphonenumber parse each would cost seconds).
 */
export function phoneSearchText(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  const code = CALLING_CODES.find((c) => digits.startsWith(c));
  if (!code) return digits;
  const national = digits.slice(code.length);
  return `${digits} 00${digits} ${national} 0${national}`;
}

/** The digits of what the agent typed, when it reads like (part of) a phone number. */
export function phoneDigits(query: string): string | null {
  if (!/^[+\d][\d\s().\-/]*$/.test(query.trim())) return null;
  const digits = query.replace(/\D/g, '');
  return digits.length >= 3 ? digits : null;
}
