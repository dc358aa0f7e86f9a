// Every link Loket is handed from outside (the OS protocol handler, the web shell's `?link=`)
// goes through here first: an enrollment link for the access life cycle, a phone link for the
// dial pad, anything else refused. Never throws: the text is whatever another program sent.
import { parseEnrollLink, type EnrollLinkRefusal } from './enroll-link.ts';
import { isPhoneLinkScheme, parsePhoneLink, PHONE_LINK_REFUSALS, type PhoneLinkRefusal } from './phone-link.ts';

/** Why a link was refused: a phone link's reason, or `enrollLink` for a broken enrollment link. */
export const LINK_REFUSALS = [...PHONE_LINK_REFUSALS, 'enrollLink'] as const;
export type LinkRefusal = (typeof LINK_REFUSALS)[number];

export type ParsedLink =
  | { readonly ok: true; readonly kind: 'enroll'; readonly hub: string; readonly code: string }
  | { readonly ok: true; readonly kind: 'dial'; readonly number: string }
  | { readonly ok: false; readonly reason: LinkRefusal; readonly detail?: EnrollLinkRefusal | PhoneLinkRefusal };

const ENROLL_SCHEME = /^loket:/i;

export function parseLink(text: string): ParsedLink {
  if (typeof text !== 'string') return { ok: false, reason: 'scheme' };
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  if (ENROLL_SCHEME.test(trimmed)) {
    const enroll = parseEnrollLink(trimmed);
    return enroll.ok ? { ok: true, kind: 'enroll', hub: enroll.hub, code: enroll.code } : { ok: false, reason: 'enrollLink', detail: enroll.reason };
  }
  if (!isPhoneLinkScheme(trimmed)) return { ok: false, reason: 'scheme' };
  const phone = parsePhoneLink(trimmed);
  return phone.ok ? { ok: true, kind: 'dial', number: phone.number } : { ok: false, reason: phone.reason };
}
