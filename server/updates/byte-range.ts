/**
 * The file names the update feed serves: what electron-builder writes (`Loket-Setup-1.4.0.exe`,
 * `Loket-1.4.0-universal-mac.zip`, `latest-mac.yml`, `*.blockmap`, `Loket-1.4.0.AppImage`). Plain
 * names only — a folder, a dot file or `..` is never a release file — so the answer is null.
 */
export function updateFileName(requested: string): string | null {
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]{0,199}$/.test(requested)) return null;
  if (requested.includes('..')) return null;
  return requested;
}

export interface ByteRange {
  readonly start: number;
  /** Inclusive, like the header. */
  readonly end: number;
}

/**
 * One range of a `Range: bytes=…` header (RFC 9110 §14.1.2): `a-b`, `a-` or the suffix `-n`.
 * Null means "send the whole file" (not bytes, several ranges, or a malformed header, which a
 * server may ignore); 'unsatisfiable' means 416 (starts past the end, or an empty suffix).
 */
export function parseByteRange(header: string, size: number): ByteRange | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}
