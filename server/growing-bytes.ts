/**
 * Bytes written piece after piece into one buffer that grows when short: one copy of each byte
 * for a result whose size shows only at its end (a database answer arriving in chunks, a page
 * escaped while it is copied). Never zero-filled: only what was written is ever read.
 */
export class GrowingBytes {
  #buffer: Buffer;
  #length = 0;

  constructor(initialBytes = 0) {
    this.#buffer = Buffer.allocUnsafe(initialBytes);
  }

  get length(): number {
    return this.#length;
  }

  /** Copies `from[start, end)` to the end. */
  write(from: Uint8Array, start = 0, end = from.length): void {
    this.reserve(end - start).set(from.subarray(start, end), this.#length);
    this.#length += end - start;
  }

  /**
   * The buffer, with room for `bytes` more from `length` on; a caller that fills them itself says
   * so with `advance`. Grows by a quarter more than needed (a small last piece then fits), at least
   * doubling.
   */
  reserve(bytes: number): Buffer {
    const needed = this.#length + bytes;
    if (needed > this.#buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(MIN_GROWN_BYTES, Math.ceil(needed * 1.25), this.#buffer.length * 2));
      this.#buffer.copy(grown, 0, 0, this.#length);
      this.#buffer = grown;
    }
    return this.#buffer;
  }

  advance(bytes: number): void {
    this.#length += bytes;
  }

  /** What was written, as a view (no copy). */
  bytes(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }
}

const MIN_GROWN_BYTES = 16 * 1024;
