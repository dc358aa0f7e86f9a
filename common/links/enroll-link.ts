/**
 * The enrollment link a team lead hands an overflow agent: `loket://enroll?hub=<hub URL>&code=<code>`.
 * It reaches the console from outside (the OS protocol handler, a pasted text, the web shell's
 * `?link=`), so everything in it is checked before the console talks to the hub it names: a link
 * that points the console at another host over plain http, or smuggles credentials or a fragment,
 * is refused with a reason rather than "repaired".
 */

/** The code alphabet: no 0/O, 1/I, so a code read aloud or typed from paper is unambiguous. */
export const ENROLL_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const ENROLL_CODE_LENGTH = 12;
export const ENROLL_LINK_MAX_LENGTH = 2_000;

export type EnrollLinkRefusal =
  | 'empty'
  | 'tooLong'
  | 'notALink'
  | 'scheme'
  | 'hubMissing'
  | 'hubInvalid'
  | 'hubInsecure'
  | 'hubCredentials'
  | 'fragment'
  | 'codeMissing'
  | 'codeInvalid';

export type EnrollLink = { readonly ok: true; readonly hub: string; readonly code: string } | { readonly ok: false; readonly reason: EnrollLinkRefusal };

/** The parts of a WHATWG URL read here. */
interface ParsedUrl {
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly host: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  readonly origin: string;
  readonly searchParams: { getAll(name: string): string[] };
}

// Node and every browser have the WHATWG URL parser; common/ is typed for neither, so it is
// reached through globalThis with the few fields used. The same parser the hub session and the
// page use, so the link means the same to all of them.
const Url = (globalThis as unknown as { URL: new (input: string) => ParsedUrl }).URL;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);
const CODE_SEPARATORS = /[-\s]/g;
const CODE_PATTERN = new RegExp(`^[${ENROLL_CODE_ALPHABET}]{${ENROLL_CODE_LENGTH}}$`);

/** `XXXX-XXXX-XXXX`, or null when the text is not a code (case and `-`/space separators ignored). */
export function normaliseEnrollCode(text: string): string | null {
  const bare = text.replace(CODE_SEPARATORS, '').toUpperCase();
  if (!CODE_PATTERN.test(bare)) return null;
  return `${bare.slice(0, 4)}-${bare.slice(4, 8)}-${bare.slice(8)}`;
}

/**
 * The hub's address as the console will use it (origin plus path, no trailing slash), or why
 * not: `https:`, or `http:` only to this machine (the demo and tests); never user:password@.
 */
export function checkHubUrl(text: string): { ok: true; hub: string } | { ok: false; reason: 'hubInvalid' | 'hubInsecure' | 'hubCredentials' | 'fragment' } {
  let url: ParsedUrl;
  try {
    url = new Url(text);
  } catch {
    return { ok: false, reason: 'hubInvalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'hubInvalid' };
  if (!url.hostname) return { ok: false, reason: 'hubInvalid' };
  if (url.username || url.password || text.slice(0, text.indexOf(url.hostname)).includes('@')) return { ok: false, reason: 'hubCredentials' };
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) return { ok: false, reason: 'hubInsecure' };
  if (url.hash || text.includes('#')) return { ok: false, reason: 'fragment' };
  if (url.search) return { ok: false, reason: 'hubInvalid' };
  const pathname = url.pathname.replace(/\/+$/, '');
  return { ok: true, hub: `${url.origin}${pathname}` };
}

/** Reads an enrollment link (whitespace around it is fine); never throws. */
export function parseEnrollLink(text: string): EnrollLink {
  if (typeof text !== 'string') return { ok: false, reason: 'notALink' };
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  if (trimmed.length > ENROLL_LINK_MAX_LENGTH) return { ok: false, reason: 'tooLong' };
  // Control characters have no place in a link; a URL parser would drop some of them silently.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\s]/.test(trimmed)) return { ok: false, reason: 'notALink' };
  let url: ParsedUrl;
  try {
    url = new Url(trimmed);
  } catch {
    return { ok: false, reason: 'notALink' };
  }
  if (url.protocol !== 'loket:') return { ok: false, reason: 'scheme' };
  // `loket://enroll?…` puts "enroll" in the host; `loket:enroll?…` in the path. Both mean the same.
  const target = (url.host || url.pathname).replace(/^\/+|\/+$/g, '').toLowerCase();
  if (target !== 'enroll') return { ok: false, reason: 'scheme' };
  if (url.username || url.password) return { ok: false, reason: 'hubCredentials' };
  if (url.hash || trimmed.includes('#')) return { ok: false, reason: 'fragment' };
  const hubs = url.searchParams.getAll('hub');
  const codes = url.searchParams.getAll('code');
  // A second hub= or code= could make two readers of the same link disagree: refuse it.
  if (hubs.length === 0 || hubs[0] === '') return { ok: false, reason: 'hubMissing' };
  if (hubs.length > 1) return { ok: false, reason: 'hubInvalid' };
  if (codes.length === 0 || codes[0] === '') return { ok: false, reason: 'codeMissing' };
  if (codes.length > 1) return { ok: false, reason: 'codeInvalid' };
  const hub = checkHubUrl(hubs[0] ?? '');
  if (!hub.ok) return hub;
  const code = normaliseEnrollCode(codes[0] ?? '');
  if (!code) return { ok: false, reason: 'codeInvalid' };
  return { ok: true, hub: hub.hub, code };
}

/** The link for a hub and code (the hub builds the same; tests and the demo use this). */
export function enrollLinkOf(hub: string, code: string): string {
  return `loket://enroll?hub=${encodeURIComponent(hub)}&code=${encodeURIComponent(code)}`;
}
