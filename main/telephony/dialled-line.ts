import type { Invitation } from 'sip.js';
import type { DialledLine } from '../../common/contract/telephony.ts';
import { EXTENSION, toE164 } from '../../common/phone.ts';

// Which shop line or queue an incoming call was dialled on, from what the PBX put in the INVITE.
// Two ways a PBX says it:
// - a `Diversion` header (RFC 5806): the call was forwarded (by a queue, a hunt group, a
//   forwarding rule) from the number the customer dialled. Each diversion adds an entry on top;
//   the bottom entry is the number the customer dialled first, the one worth showing.
// - the `To` header: a PBX that routes a service number (DID) to an agent keeps the dialled
//   number in To, while the agent's own address is in the request URI. A To that is the agent's
//   own user is a direct call and says nothing about a line.
// Everything here comes from the far end: lengths are capped and control characters dropped.

/** What the INVITE carried, as plain strings (so this is testable without sip.js). */
export interface DialledHeaders {
  /** Every `Diversion` header value, top first (one value may hold several comma-separated entries). */
  readonly diversion: readonly string[];
  /** The `To` URI's user part and display name. */
  readonly toUser: string | undefined;
  readonly toName: string | undefined;
  /** This agent's own SIP user (the account's username). */
  readonly ownUser: string;
}

const MAX_NUMBER = 64;
const MAX_NAME = 100;
/** Digits a shop's number has at least (an extension has fewer). */
const MIN_LINE_DIGITS = 6;

export function dialledLine(headers: DialledHeaders, dialCountry: string): DialledLine | null {
  const entries = headers.diversion.flatMap(splitEntries);
  const original = entries.at(-1);
  if (original) {
    const entry = parseNameAddr(original);
    const user = entry ? uriUser(entry.uri) : null;
    if (entry && user) return { number: lineNumber(user, dialCountry), name: entry.name, via: 'diversion' };
  }
  const toUser = clean(decode(headers.toUser ?? ''), MAX_NUMBER);
  if (toUser === '' || toUser.toLowerCase() === headers.ownUser.trim().toLowerCase()) return null;
  if (!looksLikeLine(toUser)) return null;
  const name = clean(headers.toName ?? '', MAX_NAME);
  return { number: lineNumber(toUser, dialCountry), name: name === '' ? null : name, via: 'to' };
}

/** Splits a header value at the commas between entries (not those in quotes or angle brackets). */
export function splitEntries(value: string): string[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (let index = 0; index < value.length; index++) {
    const char = value[index] ?? '';
    if (char === '\\' && quoted) {
      current += char + (value[index + 1] ?? '');
      index++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '<') angle = true;
    else if (!quoted && char === '>') angle = false;
    if (char === ',' && !quoted && !angle) {
      if (current.trim() !== '') entries.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim() !== '') entries.push(current.trim());
  return entries;
}

/** `"Name" <uri>;params`, `Name <uri>`, `<uri>` or a bare `uri;params`. */
export function parseNameAddr(entry: string): { name: string | null; uri: string } | null {
  const open = entry.indexOf('<');
  const close = entry.indexOf('>', open + 1);
  if (open >= 0 && close > open) {
    const rawName = entry.slice(0, open).trim();
    const unquoted = rawName.startsWith('"') && rawName.endsWith('"') && rawName.length >= 2 ? rawName.slice(1, -1).replace(/\\(.)/g, '$1') : rawName;
    const name = clean(unquoted, MAX_NAME);
    return { name: name === '' ? null : name, uri: entry.slice(open + 1, close).trim() };
  }
  const uri = entry.split(';')[0]?.trim() ?? '';
  return uri === '' ? null : { name: null, uri };
}

/** The user part of a `sip:`/`sips:` URI, or the number of a `tel:` URI. */
function uriUser(uri: string): string | null {
  const match = /^(sips?|tel):([^@;?]*)/i.exec(uri.trim());
  if (!match) return null;
  const user = clean(decode(match[2] ?? ''), MAX_NUMBER);
  return user === '' ? null : user;
}

/** A shop's number rather than an extension or a name: enough digits, nothing but phone notation. */
function looksLikeLine(user: string): boolean {
  if (EXTENSION.test(user)) return false;
  if (!/^\+?[0-9][0-9\s().\-/]*$/.test(user)) return false;
  return user.replace(/\D/g, '').length >= MIN_LINE_DIGITS;
}

/** E.164 where the number reads as one (visual separators dropped), else the user part as sent. */
function lineNumber(user: string, dialCountry: string): string {
  if (!/^\+?[0-9][0-9\s().\-/]*$/.test(user)) return user;
  return toE164(user.replace(/[\s().\-/]/g, ''), dialCountry) ?? user;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function clean(value: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return value.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, max);
}

/** The dialled line of a sip.js incoming INVITE (see `dialledLine`). */
export function dialledLineOf(invitation: Invitation, ownUser: string, dialCountry: string): DialledLine | null {
  const { request } = invitation;
  return dialledLine({ diversion: request.getHeaders('diversion'), toUser: request.to.uri.user, toName: request.to.displayName, ownUser }, dialCountry);
}
