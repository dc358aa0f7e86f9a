import { readFileSync } from 'node:fs';

// Where a process's resident memory lives, from /proc/self/smaps: which mappings hold it, grouped
// by what they are. The RSS after a first sync swung 190–415 MB between runs of the same code
// while the JS heap stayed at 55 MB; this tells the allocator's arenas from V8's heap, the code,
// and the cache file's pages. Linux only: elsewhere null.

/** One mapping of the process, for the largest few (a single large anonymous one is an allocation still held). */
export interface RssMapping {
  readonly range: string;
  readonly perms: string;
  readonly kind: string;
  readonly sizeKb: number;
  readonly rssKb: number;
}

export interface RssGroup {
  readonly kind: string;
  readonly rssKb: number;
  readonly mappings: number;
  /** The largest mapping's resident size. */
  readonly largestKb: number;
}

/** A glibc heap of a thread's arena is 64 MB of address space (HEAP_MAX_SIZE), aligned to it. */
const ARENA_HEAP_KB = 64 * 1024;

function kindOf(name: string, sizeKb: number, start: bigint): string {
  if (name === '[heap]') return 'main arena (brk heap)';
  if (name.startsWith('[stack')) return 'stacks';
  if (name.startsWith('[')) return name;
  if (name.endsWith('.db') || name.includes('.db-')) return 'cache file (mapped)';
  if (name.includes('/')) {
    if (name.endsWith('.node')) return 'native addons';
    const base = name.slice(name.lastIndexOf('/') + 1);
    return base === 'node' || base === 'electron' ? 'node binary' : 'libraries and files';
  }
  // Anonymous: a thread arena's heap is exactly 64 MB (or less after a trim) and 64 MB aligned.
  if (start % BigInt(ARENA_HEAP_KB * 1024) === 0n && sizeKb <= ARENA_HEAP_KB) return 'thread arenas (64 MB heaps)';
  return 'anonymous (V8 heap, large allocations)';
}

/** The process's resident memory by kind, largest first; null where /proc is not there. */
export function rssByKind(): RssGroup[] | null {
  let text: string;
  try {
    text = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return null;
  }
  return rssByKindOf(text);
}

/** The same, from the text of an smaps file. */
export function rssByKindOf(text: string): RssGroup[] {
  const groups = new Map<string, { rssKb: number; mappings: number; largestKb: number }>();
  for (const { kind, rssKb } of mappingsOf(text)) {
    const group = groups.get(kind) ?? { rssKb: 0, mappings: 0, largestKb: 0 };
    group.rssKb += rssKb;
    group.mappings += 1;
    group.largestKb = Math.max(group.largestKb, rssKb);
    groups.set(kind, group);
  }
  return [...groups.entries()].map(([kind, group]) => ({ kind, ...group })).sort((a, b) => b.rssKb - a.rssKb);
}

/** One line: each kind's resident MB (and mappings), largest first. */
export function formatRssByKind(groups: readonly RssGroup[]): string {
  return groups
    .filter((group) => group.rssKb >= 1024)
    .map((group) => `${group.kind} ${(group.rssKb / 1024).toFixed(1)} MB (${group.mappings} mappings, largest ${(group.largestKb / 1024).toFixed(1)})`)
    .join('; ');
}

/** Every mapping of an smaps text with its resident size. */
export function mappingsOf(text: string): RssMapping[] {
  const mappings: RssMapping[] = [];
  let current: Omit<RssMapping, 'rssKb'> | null = null;
  for (const line of text.split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      const start = BigInt(`0x${header[1]}`);
      const sizeKb = Number((BigInt(`0x${header[2]}`) - start) / 1024n);
      current = { range: `${header[1]}-${header[2]}`, perms: header[3] ?? '', kind: kindOf(header[4] ?? '', sizeKb, start), sizeKb };
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && current) {
      mappings.push({ ...current, rssKb: Number(rss[1]) });
      current = null;
    }
  }
  return mappings;
}

/** The `count` mappings holding the most, largest first (null where /proc is not there). */
export function largestMappings(count: number): RssMapping[] | null {
  try {
    return mappingsOf(readFileSync('/proc/self/smaps', 'utf8'))
      .sort((a, b) => b.rssKb - a.rssKb)
      .slice(0, count);
  } catch {
    return null;
  }
}
