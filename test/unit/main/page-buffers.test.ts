import { describe, expect, it } from 'vitest';
import { PageBuffers } from '../../../main/sync/page-buffers.ts';

// The fetch worker reads each first-sync page into a buffer the main thread gives back once the
// page is written (main/sync/page-buffers.ts): a sync of hundreds of pages must allocate a few
// buffers, not one per page, and every body must come out byte for byte.

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, Math.min(bytes.length, at + size));
}

/** Bytes that differ from page to page (`seed`), cut from one pattern made once. */
const PATTERN = Uint8Array.from({ length: 10_000_000 }, (_, i) => (i * 31 + (i >> 8)) & 0xff);
const body = (length: number, seed: number): Uint8Array => PATTERN.subarray(seed % 256, (seed % 256) + length);

describe('page buffers going round between the fetch worker and the main thread', () => {
  it('reads bodies byte for byte, with and without a declared length, growing a buffer too small', async () => {
    const buffers = new PageBuffers(4);
    for (const [length, declared] of [
      [3_500_000, 3_500_000],
      [9_000_000, null], // larger than the first guess: grown while it is read
      [0, null],
    ] as const) {
      const expected = body(length, length % 7);
      const { bytes, length: read } = await buffers.read(chunksOf(expected, 65_536), declared);
      expect(read).toBe(length);
      expect(Buffer.from(bytes, 0, read).equals(Buffer.from(expected))).toBe(true);
    }
  });

  it('allocates a handful of buffers for a hundred pages when each is given back after it is written', async () => {
    const buffers = new PageBuffers(8);
    const inFlight: ArrayBuffer[] = [];
    for (let page = 0; page < 100; page++) {
      const length = 2_800_000 + (page % 9) * 120_000; // 2.8–3.8 MB, as a table's pages
      const { bytes } = await buffers.read(chunksOf(body(length, page), 65_536), length);
      inFlight.push(bytes);
      // The main thread writes pages a few behind the fetcher, then gives each buffer back.
      if (inFlight.length > 3) buffers.give(inFlight.shift()!);
    }
    expect(buffers.created).toBeLessThanOrEqual(5);
  });

  it('keeps no more than it was told to, and never a detached buffer', () => {
    const buffers = new PageBuffers(2);
    const detached = new ArrayBuffer(8);
    structuredClone(detached, { transfer: [detached] });
    buffers.give(detached);
    for (let i = 0; i < 5; i++) buffers.give(new ArrayBuffer(1024 * 1024));
    buffers.take(1);
    buffers.take(1);
    expect(buffers.created).toBe(0);
    buffers.take(1);
    expect(buffers.created).toBe(1);
  });
});
