import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { CallView } from '../../common/contract/telephony.ts';
import type { T } from '../i18n/use-t.ts';

// How phone numbers and call durations read, wherever the console shows them: the phone's banner
// and call panel, the screen pop, the customer header, search, the call log, the wrap-up.

/**
 * A number as agents read it, one notation everywhere: international with spaces
 * (`+31 6 12345678`, `+49 89 47215471`), so the same customer's number looks the same in the
 * banner, the header and search, and an agent in Kraków reads a Dutch number as well as a
 * colleague in Amsterdam. A national number (`0612345678`, as some PBXs send caller ids) is read
 * in the office's country first. Extensions, SIP user parts and what does not parse: unchanged.
 * Underneath (data attributes, test ids, requests) numbers stay E.164.
 */
export function formatPhoneNumber(number: string, dialCountry: string): string {
  const trimmed = number.trim();
  if (!/^\+?[0-9][0-9\s().\-/]{5,}$/.test(trimmed)) return number;
  const parsed = trimmed.startsWith('+') ? parsePhoneNumberFromString(trimmed) : parsePhoneNumberFromString(trimmed, dialCountry.toUpperCase() as CountryCode);
  return parsed?.isValid() ? parsed.formatInternational() : number;
}

/** The other party in words: the name when known, else the number (or "unknown number"). */
export function partyText(t: T, call: Pick<CallView, 'remoteName' | 'remoteNumber'>, dialCountry: string): string {
  if (call.remoteName) return call.remoteName;
  return numberText(t, call.remoteNumber, dialCountry);
}

export function numberText(t: T, number: string, dialCountry: string): string {
  if (number === '' || number === 'anonymous') return t('phone:call.anonymous');
  return formatPhoneNumber(number, dialCountry);
}

/** `m:ss`, or `h:mm:ss` past an hour, with the digits of the UI language. */
export function formatCallDuration(ms: number, locale: string): string {
  const total = Math.max(0, Math.floor(ms / 1_000));
  const two = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  const one = new Intl.NumberFormat(locale, { useGrouping: false });
  const hours = Math.floor(total / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${one.format(hours)}:${two.format(minutes)}:${two.format(seconds)}` : `${one.format(minutes)}:${two.format(seconds)}`;
}
