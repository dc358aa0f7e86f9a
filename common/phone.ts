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

/** Internal extensions: short digit strings the PBX routes itself (colleagues, queues). */
export const EXTENSION = /^[0-9]{2,6}$/;
const SIP_URI = /^sips?:([A-Za-z0-9_.!~*'()&=+$,;?/-]+)@[^@\s]+$/i;
const NUMBER_CHARS = /^[+0-9][0-9\s().\-/]*$/;

export type DialCheck =
  | { readonly ok: true; readonly target: string; readonly kind: 'extension' | 'number' | 'sip' }
  | { readonly ok: false; readonly problem: 'empty' | 'invalid' };

/**
 * What an agent typed in the dial pad (or a number from a customer screen): an internal
 * extension (2–6 digits) as it is, a SIP address as it is, or a phone number in any notation
 * read in the dial country and called as E.164. One rule for the dial pad (which refuses before
 * sending) and main (which refuses again: the UI is not the only way in).
 */
export function checkDialTarget(input: string, dialCountry: string): DialCheck {
  const typed = input.trim();
  if (typed === '') return { ok: false, problem: 'empty' };
  const compact = typed.replace(/[\s().-]/g, '');
  if (EXTENSION.test(compact)) return { ok: true, target: compact, kind: 'extension' };
  if (SIP_URI.test(typed)) return { ok: true, target: typed, kind: 'sip' };
  const e164 = NUMBER_CHARS.test(typed) ? toE164(typed.replace(/\//g, ' '), dialCountry) : null;
  return e164 ? { ok: true, target: e164, kind: 'number' } : { ok: false, problem: 'invalid' };
}

/** The user part of a `sip:` address that `checkDialTarget` accepted. */
export function sipUserOf(address: string): string {
  return SIP_URI.exec(address)?.[1] ?? address;
}
