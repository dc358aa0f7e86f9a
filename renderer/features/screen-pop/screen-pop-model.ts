import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CallView, CallerMatch } from '../../../common/contract/telephony.ts';
import { toE164 } from '../../../common/phone.ts';
import { callerCustomer, isExtension, type Caller } from '../../app/stores/callers-store.ts';

// What the screen pop decides, as pure functions of main's calls and callers (tested without React).

/** The call fields the screen pop keeps after main has forgotten an ended call. */
export interface PopCall {
  readonly id: string;
  readonly interactionId: string;
  readonly remoteNumber: string;
  readonly remoteName: string | null;
  /** From the call's caller (`calls.caller`): the customers with the caller's number. */
  readonly matches: readonly CallerMatch[];
  readonly customerId: string | null;
  /** Still asking the hub (the cache had no match): "looking up", not "unknown". */
  readonly pending: boolean;
  /** The hub could not be asked: "unknown" as far as this console knows. */
  readonly hubUnreachable: boolean;
  readonly state: CallView['state'];
  readonly answeredAt: number | null;
  readonly startedAt: number;
}

export function toPopCall(call: CallView, caller: Caller | undefined): PopCall {
  return {
    id: call.id,
    interactionId: call.interactionId,
    remoteNumber: call.remoteNumber,
    remoteName: call.remoteName,
    matches: caller?.matches ?? [],
    customerId: call.customerId ?? caller?.customerId ?? null,
    pending: caller?.pending ?? false,
    hubUnreachable: caller?.hubUnreachable ?? false,
    state: call.state,
    answeredAt: call.answeredAt,
    startedAt: call.startedAt,
  };
}

/** A customer's call: inbound, not a consult call with a colleague. */
export function isCustomerCall(call: CallView): boolean {
  return call.direction === 'inbound' && call.consultFor === null;
}

/** The customer a call is about without asking the agent: the linked one, or the only match. */
export function knownCustomer(call: Pick<PopCall, 'customerId' | 'matches'>): string | null {
  return callerCustomer(call);
}

export type PopKind = 'chooser' | 'lookingUp' | 'unknown';

/**
 * What the screen pop asks the agent: choose among several, or say who an unknown caller is —
 * but not while the hub is still being asked (`lookingUp`: offering "new customer" then invites
 * a duplicate of a customer the cache has not synced yet).
 */
export function popKind(call: Pick<PopCall, 'customerId' | 'matches' | 'remoteNumber'> & { readonly pending?: boolean }): PopKind | null {
  if (knownCustomer(call) !== null) return null;
  if (call.matches.length > 1) return 'chooser';
  if (call.pending === true && !isExtension(call.remoteNumber)) return 'lookingUp';
  // An internal extension is a colleague or a queue, not a customer to name.
  return isExtension(call.remoteNumber) ? null : 'unknown';
}

/** A number that can be added to a customer (not "anonymous", not an extension). */
export function callerNumber(remoteNumber: string): string | null {
  const trimmed = remoteNumber.trim();
  if (trimmed === '' || trimmed === 'anonymous') return null;
  return /^\+?[0-9][0-9\s().\-/]{2,}$/.test(trimmed) ? trimmed : null;
}

/** The country a number belongs to (`+32…` → BE), or null for a national or odd number. */
export function numberCountry(number: string): string | null {
  if (!number.startsWith('+')) return null;
  return parsePhoneNumberFromString(number)?.country ?? null;
}

/**
 * The language most of a country's customers speak, for the new-customer form's default (the
 * agent changes it when the caller answers in another). Belgium and Switzerland: the language
 * most customers there write in.
 */
const COUNTRY_LANGUAGES: Readonly<Record<string, string>> = {
  NL: 'nl', BE: 'nl', DE: 'de', AT: 'de', CH: 'de', LI: 'de', LU: 'fr', FR: 'fr', MC: 'fr',
  ES: 'es', AD: 'es', IT: 'it', SM: 'it', PL: 'pl', GB: 'en', IE: 'en', MT: 'en', GI: 'en',
  PT: 'pt', DK: 'da', SE: 'sv', NO: 'nb', FI: 'fi', IS: 'is', CZ: 'cs', SK: 'sk', HU: 'hu',
  RO: 'ro', MD: 'ro', BG: 'bg', GR: 'el', CY: 'el', HR: 'hr', SI: 'sl', EE: 'et', LV: 'lv',
  LT: 'lt', TR: 'tr', UA: 'uk', RS: 'sr', ME: 'sr', BA: 'bs', MK: 'mk', AL: 'sq', XK: 'sq', FO: 'fo',
};

/** The languages the new-customer form offers (names from Intl in the UI language). */
export const CUSTOMER_LANGUAGES = [
  'nl', 'en', 'de', 'fr', 'es', 'it', 'pl', 'pt', 'da', 'sv', 'nb', 'fi', 'is', 'cs', 'sk', 'hu', 'ro', 'bg', 'el', 'hr',
  'sl', 'et', 'lv', 'lt', 'tr', 'uk', 'sr', 'bs', 'mk', 'sq', 'fo',
] as const;

/** The new customer's country and language: the number's country, else the agent's office. */
export function customerDefaults(remoteNumber: string, officeCountry: string): { country: string; language: string } {
  const country = (numberCountry(remoteNumber) ?? officeCountry).toUpperCase();
  return { country, language: COUNTRY_LANGUAGES[country] ?? 'en' };
}

export interface NewCustomerInput {
  readonly name: string;
  readonly phone: string;
  readonly email: string;
  readonly country: string;
}

export type NewCustomerProblem = 'nameMissing' | 'phoneInvalid' | 'emailInvalid';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What is wrong with the new-customer form, per field (empty when it can be sent). */
export function checkNewCustomer(input: NewCustomerInput): Partial<Record<'name' | 'phone' | 'email', NewCustomerProblem>> {
  const problems: Partial<Record<'name' | 'phone' | 'email', NewCustomerProblem>> = {};
  if (input.name.trim() === '') problems.name = 'nameMissing';
  if (input.phone.trim() !== '' && toE164(input.phone, input.country) === null) problems.phone = 'phoneInvalid';
  if (input.email.trim() !== '' && !EMAIL.test(input.email.trim())) problems.email = 'emailInvalid';
  return problems;
}
