// The buffers the first sync's fetch worker reads page bodies into, used again once the main
// thread has written a page and given its buffer back. A new buffer per page (~3.5 MB, 345 of
// them in a 3.4M-row sync) was a fresh allocation in the worker's malloc arena, freed later on
// the main thread: glibc kept up to 140 MB of that arena after the load. A few buffers going
// round allocate once.

/** The smallest buffer; larger ones double, so the pages of a table (within ±20 % of each other) fit the same ones. */
const MIN_BYTES = 1024 * 1024;
/** A body without a length starts in a buffer of this size and grows. */
const FIRST_GUESS_BYTES = 4 * MIN_BYTES;

const stepUp = (bytes: number): number => Math.max(MIN_BYTES, 2 ** Math.ceil(Math.log2(bytes)));

export class PageBuffers {
  readonly #free: ArrayBuffer[] = [];
  readonly #maxKept: number;
  /** Buffers made new (not taken from those given back): for tests and the log. */
  created = 0;

  constructor(maxKept: number) {
    this.#maxKept = maxKept;
  }

  /** A buffer whose page has been written, to read a later page into (beyond `maxKept`, left to the GC). */
  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength > 0 && this.#free.length < this.#maxKept) this.#free.push(buffer);
  }

  /** The smallest kept buffer of at least `bytes`, or a new one. */
  take(bytes: number): ArrayBuffer {
    let best = -1;
    this.#free.forEach((buffer, i) => {
      if (buffer.byteLength >= bytes && (best < 0 || buffer.byteLength < this.#free[best]!.byteLength)) best = i;
    });
    if (best >= 0) return this.#free.splice(best, 1)[0]!;
    this.created++;
    return new ArrayBuffer(stepUp(bytes));
  }

  /** A body read into one of the buffers: its first `length` bytes. `expected`: the body's Content-Length, if it said. */
  async read(body: AsyncIterable<Uint8Array> | null, expected: number | null): Promise<{ bytes: ArrayBuffer; length: number }> {
    let bytes = this.take(expected ?? FIRST_GUESS_BYTES);
    let view = new Uint8Array(bytes);
    let length = 0;
    for await (const chunk of body ?? []) {
      if (length + chunk.byteLength > bytes.byteLength) {
        const larger = this.take(Math.max(bytes.byteLength * 2, length + chunk.byteLength));
        const copy = new Uint8Array(larger);
        copy.set(view.subarray(0, length));
        this.give(bytes);
        bytes = larger;
        view = copy;
      }
      view.set(chunk, length);
      length += chunk.byteLength;
    }
    return { bytes, length };
  }
}
