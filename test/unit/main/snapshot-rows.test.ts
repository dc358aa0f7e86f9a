import { describe, expect, it } from 'vitest';
import { snapshotPageOf } from '../../../main/sync/snapshot-rows.ts';

// A first sync's page read from its bytes (main/sync/snapshot-rows.ts): a hub that counts its rows
// writes one per line, and the console parses them a piece at a time as they are written; any
// other page is parsed whole. Either way the rows must come out exactly as JSON.parse gives them.

const HEAD = { table: 'interaction', upTo: 42, next: 'k-last', more: true, columns: ['id', 'note'] };

/** A page as the hub writes it: the head, then the rows one per line (`count` omitted: a hub before it). */
function pageBytes(rows: unknown[], options: { count?: number | null; separator?: string } = {}): Buffer {
  const count = options.count === undefined ? rows.length : options.count;
  const head = JSON.stringify(count === null ? HEAD : { ...HEAD, count });
  return Buffer.from(`${head.slice(0, -1)},"rows":[${rows.map((row) => JSON.stringify(row)).join(options.separator ?? ',\n')}]}`, 'utf8');
}

/** Notes that look like the page's own syntax: brackets, commas, quotes, escaped line feeds. */
const tricky = (i: number): unknown[] => [`id-${i}`, i % 3 === 0 ? `see ["a"],\n[b] "quoted" \\ ${'x'.repeat(i % 50)}` : i % 3 === 1 ? null : `levering ${i}`];

describe('a snapshot page read from its bytes', () => {
  it('gives every row of a counted page, in order and equal to a whole parse, across many pieces', () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => tricky(i)); // ~150 KB: several 32 KB pieces
    const page = snapshotPageOf(pageBytes(rows));
    expect(page).toMatchObject({ table: 'interaction', upTo: 42, next: 'k-last', more: true, columns: ['id', 'note'], count: 3_000 });
    expect([...page.rows]).toEqual(rows);
    // Readable again (a page's rows are read once per transaction, but a retry reads them anew).
    expect([...page.rows]).toHaveLength(3_000);
  });

  it('reads an empty page and a one-row page', () => {
    expect([...snapshotPageOf(pageBytes([])).rows]).toEqual([]);
    expect([...snapshotPageOf(pageBytes([tricky(0)])).rows]).toEqual([tricky(0)]);
  });

  it('parses a page without a count (a hub before it) whole, counting its rows', () => {
    const rows = Array.from({ length: 50 }, (_, i) => tricky(i));
    const page = snapshotPageOf(pageBytes(rows, { count: null, separator: ', ' }));
    expect(page.count).toBe(50);
    expect([...page.rows]).toEqual(rows);
  });

  it('parses a page with bytes beyond ASCII whole, as UTF-8', () => {
    const rows = [['id-1', 'Zoë belde over de bezorging — €12,50'], ['id-2', 'Łódź']];
    expect([...snapshotPageOf(pageBytes(rows)).rows]).toEqual(rows);
  });

  it('throws while reading when the rows are more or fewer than the head says', () => {
    const rows = Array.from({ length: 10 }, (_, i) => tricky(i));
    expect(() => [...snapshotPageOf(pageBytes(rows, { count: 9 })).rows]).toThrow(/10 rows|head says 9/);
    expect(() => [...snapshotPageOf(pageBytes(rows, { count: 11 })).rows]).toThrow(/head says 11/);
  });

  it('throws on a line that does not end a row, and on rows that do not parse', () => {
    const long = Array.from({ length: 20_000 }, (_, i) => tricky(i)); // ~20 pieces: some cut at a stray line feed
    // A raw line feed inside every row (between two values, as JSON allows): a piece cut there does not end a row.
    const broken = pageBytes(long).toString('latin1').replace(/("id-\d+"),/g, '$1\n,');
    expect(() => [...snapshotPageOf(Buffer.from(broken, 'latin1')).rows]).toThrow();
    const cut = pageBytes(long).toString('latin1').replace('"id-19999"', '"id-19999');
    expect(() => [...snapshotPageOf(Buffer.from(cut, 'latin1')).rows]).toThrow();
  });
});
