import { isAscii } from 'node:buffer';

/**
 * JSON text (UTF-8) with every character beyond ASCII written as a `\uXXXX` escape (a surrogate
 * pair above U+FFFF): the same JSON value, in bytes a console decodes as Latin-1 at several times
 * the speed of UTF-8 (a first sync's 1.2 GB of pages: ~2.5 instead of ~8.5 s of console CPU), and
 * whose parse then works on one-byte strings. Non-ASCII bytes only occur inside JSON strings, where
 * an escape means the same character. Bytes that are not valid UTF-8 (PostgreSQL never writes
 * them) become U+FFFD: one per byte that starts no complete sequence, one per encoded surrogate.
 */
export function asciiJson(utf8: Buffer): Buffer {
  if (isAscii(utf8)) return utf8;
  return Buffer.concat(asciiJsonParts(utf8));
}

/**
 * `asciiJson`'s result as consecutive pieces: the ASCII runs as views into the input (a page has
 * one non-ASCII byte in ~200) and the escapes between them, for a caller that joins them with
 * more (a snapshot page's head and tail) in one copy instead of two.
 */
export function asciiJsonParts(utf8: Buffer): Buffer[] {
  if (isAscii(utf8)) return [utf8];
  const length = utf8.length;
  const scan = wordScanner(utf8);
  const parts: Buffer[] = [];
  const escapes: number[] = [];
  let i = 0;
  while (i < length) {
    const next = scan(i);
    if (next > i) parts.push(utf8.subarray(i, next));
    i = next;
    escapes.length = 0;
    while (i < length && utf8[i]! >= 0x80) i = escapeOne(utf8, i, escapes);
    if (escapes.length > 0) parts.push(Buffer.from(escapes));
  }
  return parts;
}

/** The index of the next byte ≥ 0x80 from `from` on (or the length), four bytes per step where aligned. */
function wordScanner(bytes: Buffer): (from: number) => number {
  const first = Math.min((4 - (bytes.byteOffset & 3)) & 3, bytes.length); // the first index on a 4-byte boundary
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + first, (bytes.length - first) >> 2);
  return (from) => {
    let i = from;
    while (i < bytes.length && (i < first || ((i - first) & 3) !== 0)) {
      if (bytes[i]! >= 0x80) return i;
      i++;
    }
    let w = (i - first) >> 2;
    while (w < words.length && (words[w]! & 0x80808080) === 0) w++;
    for (i = Math.max(i, first + w * 4); i < bytes.length; i++) if (bytes[i]! >= 0x80) return i;
    return bytes.length;
  };
}

/** Decodes the character at `i` into `\uXXXX` escapes (two for one above U+FFFF); returns the index after it. */
function escapeOne(utf8: Buffer, i: number, out: number[]): number {
  const b = utf8[i]!;
  let code: number;
  let size: number;
  if (b >= 0xc2 && b < 0xe0 && continuation(utf8, i + 1)) {
    code = ((b & 0x1f) << 6) | (utf8[i + 1]! & 0x3f);
    size = 2;
  } else if (b >= 0xe0 && b < 0xf0 && continuation(utf8, i + 1) && continuation(utf8, i + 2)) {
    code = ((b & 0x0f) << 12) | ((utf8[i + 1]! & 0x3f) << 6) | (utf8[i + 2]! & 0x3f);
    size = 3;
    if (code < 0x800 || (code >= 0xd800 && code < 0xe000)) code = 0xfffd;
  } else if (b >= 0xf0 && b < 0xf5 && continuation(utf8, i + 1) && continuation(utf8, i + 2) && continuation(utf8, i + 3)) {
    code = ((b & 0x07) << 18) | ((utf8[i + 1]! & 0x3f) << 12) | ((utf8[i + 2]! & 0x3f) << 6) | (utf8[i + 3]! & 0x3f);
    size = 4;
    if (code < 0x10000 || code > 0x10ffff) code = 0xfffd;
  } else {
    code = 0xfffd;
    size = 1;
  }
  if (code > 0xffff) {
    code -= 0x10000;
    escape(out, 0xd800 + (code >> 10));
    escape(out, 0xdc00 + (code & 0x3ff));
  } else escape(out, code);
  return i + size;
}

const continuation = (bytes: Buffer, at: number): boolean => at < bytes.length && (bytes[at]! & 0xc0) === 0x80;

const HEX = Buffer.from('0123456789abcdef');

function escape(out: number[], unit: number): void {
  out.push(0x5c, 0x75, HEX[(unit >> 12) & 0xf]!, HEX[(unit >> 8) & 0xf]!, HEX[(unit >> 4) & 0xf]!, HEX[unit & 0xf]!); // \uXXXX
}
