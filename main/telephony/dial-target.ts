import { toE164 } from '../../common/phone.ts';
import { LoketError } from '../../common/errors.ts';

/** Internal extensions: short digit strings the PBX routes itself (colleagues, queues). */
const EXTENSION = /^[0-9]{2,6}$/;
const SIP_USER = /^[A-Za-z0-9_.!~*'()&=+$,;?/-]+$/;

export interface DialTarget {
  /** What the request URI's user part becomes: E.164 (`+31612345678`) or the extension. */
  readonly user: string;
  /** What the agent sees and the call log keeps. */
  readonly display: string;
}

/**
 * What an agent typed in the dial pad (any notation: `06 12 34 56 78`, `+31 6 1234 5678`,
 * `0031 6…`), read in the office's country, or an internal extension, or `sip:user@host`.
 * Anything else is refused with `phone.badNumber` before a single SIP message is sent.
 */
export function parseDialTarget(input: string, dialCountry: string): DialTarget {
  const typed = input.trim();
  const compact = typed.replace(/[\s().-]/g, '');
  if (EXTENSION.test(compact)) return { user: compact, display: compact };
  const sip = /^sips?:([^@\s]+)@[^@\s]+$/i.exec(typed);
  if (sip?.[1] && SIP_USER.test(sip[1])) return { user: sip[1], display: sip[1] };
  const e164 = /^[+0-9][0-9\s().-]*$/.test(typed) ? toE164(typed, dialCountry) : null;
  if (!e164) throw new LoketError('phone.badNumber', { target: typed.slice(0, 64) });
  return { user: e164, display: e164 };
}

/**
 * The other party of an incoming call as a number: E.164 when the caller id reads as one in
 * the office's country, else the SIP user part as it came (an extension, an anonymous caller).
 */
export function callerNumber(user: string | undefined, dialCountry: string): string {
  const raw = (user ?? '').trim();
  if (raw === '') return 'anonymous';
  if (EXTENSION.test(raw)) return raw;
  return toE164(raw, dialCountry) ?? raw;
}
