/**
 * Takes phone numbers and e-mail addresses out of a log line before it is written to the log
 * file, which agents send to support and which outlives the cache wipe at the end of access.
 *
 * The trade-off, on purpose on the side of privacy: any run of 7 or more digits — written with or
 * without `+`, `00`, spaces, dots, dashes, slashes, brackets or `%20` between them — counts as a
 * phone number, because a national number has no mark that tells it from an id. So long plain
 * numbers (epoch milliseconds, 7-digit counters) become `[phone]` too. What stays readable, as
 * shapes a phone number never has:
 * - UUIDs; ISO dates and times (`2026-12-06`, `2026-12-06T07:57:52.123Z`, `2026-12-06 07:57`);
 * - IPv4 addresses with a port, and dotted versions (`130.0.6723.91`: no leading 0, a second part
 *   of one or two digits; national numbers start with 0, international ones with `+` or `00`,
 *   and `415.555.2671` is still a phone number);
 * - references after `#` (`#10023`, `#4711023`) and digits glued to letters (`call-a1b2`, `v8`);
 * - everything with fewer than 7 digits (times `08:15`, ports, counts, short versions).
 */
const EMAIL = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[A-Za-z0-9-]+\\.)+[A-Za-z0-9-]+";
const UUID = String.raw`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`;
const DATE = String.raw`(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])`;
const TIME = String.raw`(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)?)?`;
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const IPV4 = String.raw`${OCTET}(?:\.${OCTET}){3}(?::\d{1,5})?`;
const VERSION = String.raw`[1-9]\d{0,3}\.\d{1,2}\.\d+(?:\.\d+)?`;
const REFERENCE = String.raw`#\d+`;
/** Digits with at most four separator characters between each: `+31 (0)6-1234 5678`, `06.12.34.56.78`. */
const NUMBER = String.raw`(?:\+|\(\+?)?\d(?:(?:[ \t().\-/]|%20){0,4}\d)*`;

const NOT_AFTER_WORD = String.raw`(?<![\p{L}\p{N}_])`;
const NOT_BEFORE_MORE = String.raw`(?![.\d])`;
const PATTERN = new RegExp(
  [
    `(?<email>${EMAIL})`,
    `(?<keep>${NOT_AFTER_WORD}(?:${UUID}|${DATE}${TIME}|${IPV4}|${VERSION})${NOT_BEFORE_MORE}|${REFERENCE})`,
    `(?<number>${NOT_AFTER_WORD}${NUMBER})`,
  ].join('|'),
  'gu',
);

const MIN_PHONE_DIGITS = 7;

export function redact(line: string): string {
  return line.replace(PATTERN, (match: string, ...rest: unknown[]) => {
    const groups = rest.at(-1) as { email?: string; keep?: string; number?: string };
    // Quotes before an address (JSON, inspect output) stay: `'a@b.nl'` → `'[email]'`.
    if (groups.email !== undefined) return `${/^'+(?=[^@'])/.exec(match)?.[0] ?? ''}[email]`;
    if (groups.keep !== undefined) return match;
    const digits = match.replace(/\D/g, '').length;
    return digits >= MIN_PHONE_DIGITS ? '[phone]' : match;
  });
}
