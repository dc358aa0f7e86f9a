import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { CallView } from '../../common/contract/telephony.ts';
import type { T } from '../i18n/use-t.ts';

// How phone numbers and call durations read, wherever the console shows them: the phone, the
// screen pop, the wrap-up.

/**
 * A number as agents read it: national notation for the office's own country (`06 12345678`),
 * international for the rest (`+32 470 12 34 56`); extensions and SIP user parts unchanged.
 */
export function formatPhoneNumber(number: string, dialCountry: string): string {
  if (!number.startsWith('+')) return number;
  const parsed = parsePhoneNumberFromString(number);
  if (!parsed?.isValid()) return number;
  return parsed.country === (dialCountry.toUpperCase() as CountryCode) ? parsed.formatNational() : parsed.formatInternational();
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
