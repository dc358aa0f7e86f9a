// A console process in the middle of a first sync, for the crash test of the bulk load
// (test/integration/bulk-load-crash.test.ts): `node --import tsx bulk-load-writer.ts <dir>`.
// Opens the encrypted cache in <dir> (resuming the load it finds there), writes an agent's note
// through the outbox on its first run, then applies snapshot pages of interactions until it is
// killed, printing `page <rows>` after each page's commit.
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { Change } from '../../main/cache/apply.ts';
import { LocalCache, type SnapshotPosition } from '../../main/cache/local-cache.ts';
import { keyFileVault } from '../../main/cache/vault.ts';

const CUSTOMER_ID = '0190a000-0000-7000-8000-00000000c0de';
const PAGE_ROWS = 20_000;

const dir = process.argv[2];
if (!dir) throw new Error('usage: bulk-load-writer.ts <dir>');
const cache = LocalCache.open(path.join(dir, 'cache'), keyFileVault(path.join(dir, 'secrets')));
let position: SnapshotPosition = cache.snapshotPosition() ?? { upTo: 99, table: 'customer', after: '', rows: 0 };
if (position.rows === 0) {
  cache.addNote({ id: uuidv7(), customerId: CUSTOMER_ID, text: 'belt terug na de storing', agentId: null });
  cache.beginSnapshot(position);
  position = { ...position, table: 'interaction', rows: 1 };
  cache.applySnapshotPage([{ seq: 0, entity: 'customer', row: { id: CUSTOMER_ID, name: 'Crash Klant', language: 'nl', country: 'NL', phones: [], emails: [] } }], position, null);
} else {
  cache.beginSnapshot(position);
}
process.stdout.write(`ready ${position.rows}\n`);
for (let page = 0; ; page++) {
  const changes: Change[] = Array.from({ length: PAGE_ROWS }, (_, i) => ({
    seq: 0,
    entity: 'interaction',
    row: { id: uuidv7(), customer_id: CUSTOMER_ID, channel: 'phone', direction: 'inbound', started_at: '2026-11-27T10:00:00.000Z', note: `pakket ${page}-${i} kwijt`, reasons: [] },
  }));
  position = { ...position, after: changes.at(-1)?.row.id as string, rows: position.rows + PAGE_ROWS };
  cache.applySnapshotPage(changes, position, null);
  process.stdout.write(`page ${position.rows}\n`);
}
