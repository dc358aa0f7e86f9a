import { checkDialTarget, EXTENSION, sipUserOf, toE164 } from '../../common/phone.ts';
import { LoketError } from '../../common/errors.ts';

export interface DialTarget {
  /** What the request URI's user part becomes: E.164 (`+31612345678`) or the extension. */
  readonly user: string;
  /** What the agent sees and the call log keeps. */
  readonly display: string;
}

/**
 * What the agent asked to call, by the dial pad's own rule (common/phone.ts): anything it would
 * refuse is refused here with `phone.badNumber` before a single SIP message is sent.
 */
export function parseDialTarget(input: string, dialCountry: string): DialTarget {
  const check = checkDialTarget(input, dialCountry);
  if (!check.ok) throw new LoketError('phone.badNumber', { target: input.trim().slice(0, 64) });
  const user = check.kind === 'sip' ? sipUserOf(check.target) : check.target;
  return { user, display: user };
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
