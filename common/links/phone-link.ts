// Click-to-call links from anywhere on the computer (a web page, a mail, a CRM): `tel:`,
// `callto:` and `sip:`/`sips:`. What comes out is only ever a number to put in the dial pad —
// digits with an optional leading `+` — never something to dial by itself. Everything a link
// could use against the agent is refused with a reason:
// - `*` and `#` service codes (USSD/MMI: `tel:*21*0900…#` would forward the line elsewhere),
// - pauses and post-dial DTMF (`p`, `w`, `,`, `;postd=`): tones sent after the call connects,
// - control and non-ASCII characters (look-alike digits, right-to-left marks),
// - anything too long to be a number (> 200 characters, > 20 digits) or too short (< 3 digits).
// RFC 3966 parameters other than `postd` (`;phone-context=`, `;ext=`, `;isub=`) are dropped: the
// number itself is what the agent dials, an extension they key in after the answer like any other.

export const PHONE_LINK_REFUSALS = ['scheme', 'empty', 'tooLong', 'characters', 'serviceCode', 'notANumber'] as const;
export type PhoneLinkRefusal = (typeof PHONE_LINK_REFUSALS)[number];

export type PhoneLinkResult = { readonly ok: true; readonly number: string } | { readonly ok: false; readonly reason: PhoneLinkRefusal };

export const PHONE_LINK_LIMITS = { maxLength: 200, maxDigits: 20, minDigits: 3 } as const;

/** The schemes this parser reads, lower case, with their colon. */
export const PHONE_LINK_SCHEMES = ['tel:', 'callto:', 'sip:', 'sips:'] as const;

const VISUAL_SEPARATORS = /[ .\-()]/g;
// C0, DEL and C1 controls: a link is one line of printable text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const PAUSES = /[pw,]/i;

/** Whether the text starts with a scheme this parser reads (case-insensitive). */
export function isPhoneLinkScheme(text: string): boolean {
  const lower = text.trim().toLowerCase();
  return PHONE_LINK_SCHEMES.some((scheme) => lower.startsWith(scheme));
}

export function parsePhoneLink(text: string): PhoneLinkResult {
  const trimmed = text.trim();
  if (trimmed.length > PHONE_LINK_LIMITS.maxLength) return refuse('tooLong');
  const lower = trimmed.toLowerCase();
  const scheme = PHONE_LINK_SCHEMES.find((candidate) => lower.startsWith(candidate));
  if (!scheme) return refuse('scheme');
  let rest = trimmed.slice(scheme.length);
  if (scheme === 'callto:' && rest.startsWith('//')) rest = rest.slice(2);

  const decoded = percentDecode(rest);
  if (decoded === null || CONTROL.test(decoded)) return refuse('characters');
  const user = scheme === 'sip:' || scheme === 'sips:' ? sipUserPart(decoded) : telNumberPart(decoded);
  if (user === null) return refuse('characters');
  return readNumber(user);
}

/** The text before `;` parameters; `null` when a parameter carries DTMF to send after connecting. */
function telNumberPart(text: string): string | null {
  const [number = '', ...parameters] = text.split(';');
  if (parameters.some((parameter) => /^postd=/i.test(parameter.trim()))) return null;
  // callto:// links often end in a slash some programs add.
  return number.replace(/\/$/, '');
}

/** A SIP URI's user part (`user@host`): the host is ignored, URI headers (`?…`) dropped. */
function sipUserPart(text: string): string | null {
  const withoutHeaders = text.split('?')[0] ?? '';
  const at = withoutHeaders.lastIndexOf('@');
  const user = at === -1 ? withoutHeaders : withoutHeaders.slice(0, at);
  // `user:password@host`: a secret in a click-to-call link is never right.
  if (user.includes(':')) return null;
  return telNumberPart(user);
}

function readNumber(raw: string): PhoneLinkResult {
  const text = raw.replace(VISUAL_SEPARATORS, '');
  if (text === '') return refuse('empty');
  if (/[*#]/.test(text)) return refuse('serviceCode');
  // Words (a vanity number, a Skype name) are not numbers; p and w alone between digits are pauses.
  if (/[a-oq-vx-z]/i.test(text)) return refuse('notANumber');
  if (PAUSES.test(text)) return refuse('characters');
  const plus = text.startsWith('+') ? '+' : '';
  const digits = text.slice(plus.length);
  if (!/^[0-9]*$/.test(digits)) return refuse('characters');
  if (digits.length < PHONE_LINK_LIMITS.minDigits || digits.length > PHONE_LINK_LIMITS.maxDigits) return refuse('notANumber');
  return { ok: true, number: plus + digits };
}

/** `%20` and friends decoded; `null` for a broken escape (a link we cannot read is refused). */
function percentDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function refuse(reason: PhoneLinkRefusal): PhoneLinkResult {
  return { ok: false, reason };
}
