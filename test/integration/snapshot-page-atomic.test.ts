import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../main/cache/apply.ts';
import { LocalCache, type SnapshotPosition } from '../../main/cache/local-cache.ts';
import { keyFileVault } from '../../main/cache/vault.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';

// A first sync's page is parsed while it is written (main/sync/snapshot-rows.ts): a page that
// turns out broken halfway must leave the encrypted cache file as it was, position included, so
// the load fetches that page again instead of resuming after rows it never fully had.
const freshDir = tempDirsPerTest();

function* interactions(customerId: string, rows: number, breakAfter: number | null): Generator<Change> {
  for (let i = 0; i < rows; i++) {
    if (i === breakAfter) throw new Error('snapshot page: a line does not end a row');
    yield { seq: 0, entity: 'interaction', row: { id: uuidv7(), customer_id: customerId, channel: 'phone', direction: 'inbound', started_at: 1_795_000_000_000 + i, note: `pakket ${i} zoek`, reasons: [] } };
  }
}

const count = (cache: LocalCache, sql: string) => cache.db.prepare(sql).pluck().get() as number;

describe('a snapshot page that breaks while it is read', () => {
  it('keeps none of its rows and not its position; the page read again whole is kept', async () => {
    const root = await freshDir();
    const vault = keyFileVault(path.join(root, 'secrets'));
    const cache = LocalCache.open(path.join(root, 'cache'), vault);
    const customerId = uuidv7();
    let position: SnapshotPosition = { upTo: 7, table: 'customer', after: '', rows: 0 };
    cache.beginSnapshot(position);
    position = { ...position, table: 'interaction', rows: 1 };
    cache.applySnapshotPage([{ seq: 0, entity: 'customer', row: { id: customerId, name: 'Atoom Klant', language: 'nl', country: 'NL', phones: [], emails: [] } }], position, null);

    const after = { ...position, after: 'page-1', rows: position.rows + 500 };
    expect(() => cache.applySnapshotPage(interactions(customerId, 500, 300), after, null)).toThrow(/does not end a row/);
    expect(count(cache, 'select count(*) from interaction')).toBe(0);
    expect(cache.snapshotPosition()).toMatchObject({ table: 'interaction', after: '', rows: 1 });

    const applied = cache.applySnapshotPage(interactions(customerId, 500, null), after, null);
    expect(applied.rows).toBe(500);
    expect(count(cache, 'select count(*) from interaction')).toBe(500);
    expect(cache.snapshotPosition()).toMatchObject({ table: 'interaction', after: 'page-1', rows: 501 });
    cache.close();
  });
});
