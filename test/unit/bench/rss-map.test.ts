import { describe, expect, it } from 'vitest';
import { formatRssByKind, rssByKind, rssByKindOf } from '../../../bench/rss-map.ts';

/** One smaps entry: its header line and the Rss line (the fields in between do not matter here). */
const entry = (start: bigint, sizeKb: number, name: string, rssKb: number): string =>
  `${start.toString(16)}-${(start + BigInt(sizeKb) * 1024n).toString(16)} rw-p 00000000 00:00 0          ${name}\nSize: ${sizeKb} kB\nRss: ${rssKb} kB\nPss: ${rssKb} kB\n`;

const MB64 = 64n * 1024n * 1024n;

describe("where the bench process's resident memory lives (/proc/self/smaps by kind)", () => {
  it('tells the main arena, thread arenas, V8 and files apart, sums each kind, and lists the largest first', () => {
    const smaps = [
      entry(0x5555_0000_0000n, 300 * 1024, '[heap]', 250 * 1024),
      // A thread arena's heap starts on a 64 MB boundary; the rest of its 64 MB is reserved, not resident.
      entry(0x7f00n * MB64, 40 * 1024, '', 30 * 1024),
      entry(0x7f01n * MB64, 64 * 1024, '', 2 * 1024),
      // V8's pages: anonymous, not on a 64 MB boundary.
      entry(0x7f01n * MB64 + 256n * 1024n, 256, '', 200),
      entry(0x7f01n * MB64 + 512n * 1024n, 256, '', 256),
      entry(0x7f02n * MB64, 1024, '/usr/lib/x86_64-linux-gnu/libc.so.6', 1024),
      entry(0x7f03n * MB64, 2048, '/opt/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node', 2048),
      entry(0x7fff_0000_0000n, 132, '[stack]', 40),
    ].join('');
    const groups = rssByKindOf(smaps);
    const byKind = Object.fromEntries(groups.map((group) => [group.kind, group]));
    expect(groups[0]?.kind).toBe('main arena (brk heap)');
    expect(byKind['main arena (brk heap)']).toEqual({ kind: 'main arena (brk heap)', rssKb: 250 * 1024, mappings: 1, largestKb: 250 * 1024 });
    expect(byKind['thread arenas (64 MB heaps)']).toMatchObject({ rssKb: 32 * 1024, mappings: 2, largestKb: 30 * 1024 });
    expect(byKind['anonymous (V8 heap, large allocations)']).toMatchObject({ rssKb: 456, mappings: 2 });
    expect(byKind['libraries and files']?.rssKb).toBe(1024);
    expect(byKind['native addons']?.rssKb).toBe(2048);
    expect(byKind.stacks?.rssKb).toBe(40);
    // Kinds under 1 MB are left out of the printed line.
    const line = formatRssByKind(groups);
    expect(line).toMatch(/^main arena \(brk heap\) 250\.0 MB \(1 mappings, largest 250\.0\); thread arenas \(64 MB heaps\) 32\.0 MB/);
    expect(line).not.toContain('stacks');
  });

  it.runIf(process.platform === 'linux')('reads this process: the kinds add up to about its RSS', () => {
    const groups = rssByKind();
    expect(groups).not.toBeNull();
    const totalMb = (groups ?? []).reduce((sum, group) => sum + group.rssKb, 0) / 1024;
    const rssMb = process.memoryUsage().rss / 1024 / 1024;
    expect(totalMb).toBeGreaterThan(rssMb * 0.8);
    expect(totalMb).toBeLessThan(rssMb * 1.2);
  });
});
