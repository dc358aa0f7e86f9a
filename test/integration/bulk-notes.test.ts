import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../main/cache/apply.ts';
import { LocalCache, type SnapshotPosition } from '../../main/cache/local-cache.ts';
import { keyFileVault } from '../../main/cache/vault.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';

// A first sync indexes its notes in batches of pages (bulk-load.ts indexPageNotes), not page by
// page: here on a real encrypted cache file, with a batch that fills mid-table, a load cut off
// (the cache closed) while pages wait for their batch, and an agent's own note written between
// two pages. The note index must end holding every note exactly once.
const freshDir = tempDirsPerTest();

const PAGE = 10_000;
const PAGES = 10; // a batch is 80,000 rows: one fills after page 8, the rest wait until the table's last page

function interactionPage(customerId: string, page: number): Change[] {
  return Array.from({ length: PAGE }, (_, i) => ({
    seq: 0,
    entity: 'interaction',
    row: { id: uuidv7(), customer_id: customerId, channel: 'phone', direction: 'inbound', started_at: '2026-11-27T10:00:00.000Z', note: `zending ${page}-${i} vertraagd`, reasons: ['delivery'] },
  }));
}

const count = (cache: LocalCache, sql: string, ...params: unknown[]) => cache.db.prepare(sql).pluck().get(...params) as number;
const matches = (cache: LocalCache, query: string) => count(cache, 'select count(*) from interaction_fts where interaction_fts match ?', query);

describe('a first sync’s note index, filled in batches', () => {
  it('holds every note once after a batch mid-table, a cut-off with pages waiting, and an agent’s note in between', async () => {
    const root = await freshDir();
    const dir = path.join(root, 'cache');
    const vault = keyFileVault(path.join(root, 'secrets'));
    const customerId = uuidv7();
    let cache = LocalCache.open(dir, vault);
    let position: SnapshotPosition = { upTo: 99, table: 'customer', after: '', rows: 0 };
    cache.beginSnapshot(position);
    position = { ...position, table: 'interaction', rows: 1 };
    cache.applySnapshotPage([{ seq: 0, entity: 'customer', row: { id: customerId, name: 'Bulk Klant', language: 'nl', country: 'NL', phones: [], emails: [] } }], position, null);

    const apply = (page: number) => {
      const last = page === PAGES;
      position = { ...position, table: last ? 'escalation' : 'interaction', after: `page-${page}`, rows: position.rows + PAGE };
      cache.applySnapshotPage(interactionPage(customerId, page), position, null);
    };
    for (let page = 1; page <= 7; page++) apply(page);
    expect(matches(cache, 'vertraagd')).toBe(0); // seven pages wait for their batch
    apply(8);
    expect(matches(cache, 'vertraagd')).toBe(8 * PAGE); // the batch is full: indexed with the page that filled it
    apply(9);
    expect(matches(cache, 'vertraagd')).toBe(8 * PAGE);

    // Cut off: the ninth page waits for its batch in the closed file; an agent writes a note before the load goes on.
    cache.close();
    cache = LocalCache.open(dir, vault);
    cache.addNote({ id: uuidv7(), customerId, text: 'klant belt terug over zending vertraagd', agentId: null });
    expect(matches(cache, 'vertraagd')).toBe(8 * PAGE + 1);
    cache.beginSnapshot(cache.snapshotPosition()!);
    apply(10); // the table's last page: everything waiting is indexed
    expect(matches(cache, 'vertraagd')).toBe(PAGES * PAGE + 1);
    cache.finishSnapshot(99);

    expect(matches(cache, 'vertraagd')).toBe(PAGES * PAGE + 1);
    expect(matches(cache, '"9-1234"')).toBe(1);
    expect(matches(cache, 'terug')).toBe(1);
    // FTS5 compares its index with the table's notes (external content): any note missing or twice fails here.
    expect(() => cache.db.exec(`insert into interaction_fts (interaction_fts) values ('integrity-check')`)).not.toThrow();
    cache.close();
  });
});
