import { isAscii } from 'node:buffer';

const utf8 = new TextDecoder();

/**
 * A hub answer's JSON. The hub writes its large answers (the first sync's pages) in ASCII, every
 * other character escaped (server/api/ascii-json.ts): such a body is decoded as Latin-1, several
 * times faster than UTF-8 (a first sync's 1.2 GB: ~1 instead of ~7.5 s of CPU), and parsed from
 * a one-byte string. Any other body is decoded as UTF-8 (a leading BOM dropped), as
 * `response.json()` would.
 */
export async function jsonBody(response: Response): Promise<unknown> {
  return jsonOfBytes(Buffer.from(await response.arrayBuffer()));
}

/** A body's JSON from its bytes (the first sync's pages come as bytes from their fetch worker). */
export function jsonOfBytes(bytes: Buffer): unknown {
  return JSON.parse(isAscii(bytes) ? bytes.toString('latin1') : utf8.decode(bytes)) as unknown;
}
