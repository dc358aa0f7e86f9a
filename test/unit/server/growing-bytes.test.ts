import { describe, expect, it } from 'vitest';
import { GrowingBytes } from '../../../server/growing-bytes.ts';

describe('GrowingBytes', () => {
  it('keeps every piece in order while it grows, parts of pieces and bytes filled in place included', () => {
    const bytes = new GrowingBytes();
    const expected: number[] = [];
    for (let i = 0; i < 300; i++) {
      // Small pieces, then one far larger than all before (a database answer's big chunk).
      const piece = Uint8Array.from({ length: i === 150 ? 200_000 : (i * 37) % 500 }, (_, j) => (i + j) % 256);
      bytes.write(piece, 1, Math.max(1, piece.length - 1));
      for (const byte of piece.subarray(1, Math.max(1, piece.length - 1))) expected.push(byte);
      const room = bytes.reserve(3);
      room.set([0xaa, 0xbb, 0xcc], bytes.length);
      bytes.advance(3);
      expected.push(0xaa, 0xbb, 0xcc);
    }
    expect(bytes.length).toBe(expected.length);
    expect(bytes.bytes().equals(Buffer.from(expected))).toBe(true);
  });

  it('starts empty', () => {
    const bytes = new GrowingBytes(64);
    expect(bytes.length).toBe(0);
    expect(bytes.bytes().length).toBe(0);
  });
});
