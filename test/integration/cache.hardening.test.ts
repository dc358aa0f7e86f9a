import { copyFileSync, existsSync, readFileSync, statSync, truncateSync, openSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Change } from '../../main/cache/apply.ts';
import { cachePageSize, keyCacheDb } from '../../main/cache/cache-db.ts';
import { LocalCache } from '../../main/cache/local-cache.ts';
import { keyFileVault, safeStorageVault, type SafeStorageLike, type SecretVault } from '../../main/cache/vault.ts';
import { LoketError } from '../../common/errors.ts';
import { hardeningRow } from '../support/hardening.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';

// The encrypted cache on real SQLite files: what a stolen copy, a damaged file and the
// retention purge do. No hub needed: the changes have the hub's row shape.
const freshDir = tempDirsPerTest();

const DAY = 24 * 60 * 60 * 1000;
const MARKER = 'QUOKKA-7731-MARKER';

function customerChanges(count: number, startSeq = 1): { changes: Change[]; ids: string[] } {
  const changes: Change[] = [];
  const ids: string[] = [];
  let seq = startSeq;
  for (let i = 0; i < count; i++) {
    const id = uuidv7();
    ids.push(id);
    changes.push({ seq: seq++, entity: 'customer', row: { id, name: `Klant ${i} Jansen`, language: 'nl', country: 'NL', phones: [`+316${String(10_000_000 + i)}`], emails: [`klant${i}@example.nl`] } });
    changes.push({
      seq: seq++,
      entity: 'interaction',
      row: { id: uuidv7(), customer_id: id, channel: 'phone', direction: 'inbound', started_at: new Date().toISOString(), note: `Belde over bestelling ${i}`, reasons: ['delivery'] },
    });
  }
  return { changes, ids };
}

function openCache(dir: string, vault: SecretVault = keyFileVault(path.join(dir, 'secrets'))) {
  const rebuilt: string[] = [];
  const cache = LocalCache.open(path.join(dir, 'cache'), vault, (reason) => rebuilt.push(reason));
  return { cache, rebuilt, vault };
}

/** A plaintext copy of the cache (decrypted with its key), so the test can look for text in every page, free ones included. */
function decryptedBytes(file: string, key: Buffer, into: string): Buffer {
  copyFileSync(file, into);
  const db = new Database(into);
  keyCacheDb(db, key, cachePageSize(file));
  db.pragma(`rekey = ''`);
  db.close();
  return readFileSync(into);
}

describe('the encrypted cache file', () => {
  it('keeps its key in a 0600 file and its data unreadable without it, also as a copy elsewhere', async (ctx) => {
    const dir = await freshDir();
    const { cache, vault } = openCache(dir);
    const { changes } = customerChanges(50);
    cache.applyPage(changes, 100, null);
    cache.close();
    const keyFile = path.join(dir, 'secrets', 'cache-key.secret');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(cache.file).includes('Jansen')).toBe(false);

    const elsewhere = path.join(await freshDir(), 'stolen.db');
    copyFileSync(cache.file, elsewhere);
    // Without a key, and with someone else's key: not a database.
    const plain = new Database(elsewhere);
    expect(() => plain.prepare('select count(*) from customer').get()).toThrow(/not a database/);
    plain.close();
    const other = new Database(elsewhere);
    keyCacheDb(other, Buffer.alloc(32), cachePageSize(cache.file));
    expect(() => other.prepare('select count(*) from customer').get()).toThrow(/not a database/);
    other.close();
    // With the right key it opens: the test above fails for the right reason.
    const right = new Database(elsewhere);
    keyCacheDb(right, vault.read('cache-key') ?? Buffer.alloc(0), cachePageSize(cache.file));
    expect(right.prepare('select count(*) as n from customer').get()).toEqual({ n: 50 });
    right.close();
    hardeningRow(ctx, { case: 'cache unreadable elsewhere', fault: 'cache file copied off the machine, opened without / with a wrong key', result: 'not a database; opens only with its key', figure: 'key file 0600, no plain text in file' });
  });

  it('rebuilds, says so, and keeps unsent writes when a byte in the file was changed', async (ctx) => {
    const dir = await freshDir();
    const { cache } = openCache(dir);
    const { changes, ids } = customerChanges(400);
    cache.applyPage(changes, 1000, null);
    const noteId = uuidv7();
    cache.addNote({ id: noteId, customerId: ids[0] ?? '', text: 'not yet at the hub', agentId: null });
    cache.saveDraft('note:x', 'a draft');
    cache.close();
    const size = statSync(cache.file).size;
    expect(size).toBeGreaterThan(20 * 4096);
    // Flip bytes in a page in the middle (a customer or index page, not the outbox's).
    const fd = openSync(cache.file, 'r+');
    writeSync(fd, Buffer.from('tampered!'), 0, 9, Math.floor(size / 2 / 4096) * 4096 + 200);
    closeSync(fd);

    const again = openCache(dir);
    expect(again.rebuilt).toEqual(['corrupt']);
    expect(again.cache.state).toEqual({ state: 'rebuilt', reason: 'corrupt' });
    // Empty (to be filled by sync again), but the unsent note and the draft were carried over.
    expect(again.cache.db.prepare('select count(*) as n from customer').get()).toEqual({ n: 0 });
    expect(again.cache.outbox.head()).toMatchObject({ entityId: noteId });
    expect(again.cache.draft('note:x')?.text).toBe('a draft');
    expect(again.cache.db.pragma('integrity_check', { simple: true })).toBe('ok');
    again.cache.close();
    hardeningRow(ctx, { case: 'cache file tampered', fault: '9 bytes flipped mid-file', result: 'rebuilt, unsent note and draft carried over', figure: `${(size / 1024).toFixed(0)} kB file, integrity ok` });
  });

  it('rebuilds a truncated file instead of crashing or opening it as an empty database', async (ctx) => {
    const dir = await freshDir();
    const { cache } = openCache(dir);
    cache.applyPage(customerChanges(300).changes, 600, null);
    expect(cache.cursor()).toBe(600);
    cache.close();
    truncateSync(cache.file, Math.floor(statSync(cache.file).size / 3));
    const again = openCache(dir);
    // Cut at a page boundary the first pages may not tell a cut file from a foreign key; either
    // way it is rebuilt and said so, never opened as if it were empty.
    expect(again.rebuilt).toHaveLength(1);
    expect(again.cache.state.state).toBe('rebuilt');
    expect(again.cache.cursor()).toBe(0); // so the next sync is a full one
    again.cache.close();
    hardeningRow(ctx, { case: 'cache file truncated', fault: 'file cut to a third', result: 'rebuilt and said so, full sync next', figure: 'cursor 600 → 0' });
  });

  it('rebuilds when the key no longer matches the file (a restored keychain, a copied profile)', async () => {
    const dir = await freshDir();
    const { cache, vault } = openCache(dir);
    cache.applyPage(customerChanges(10).changes, 20, null);
    cache.close();
    vault.write('cache-key', Buffer.alloc(32, 7));
    const again = openCache(dir, vault);
    expect(again.rebuilt).toEqual(['keyMismatch']);
    expect(again.cache.db.prepare('select count(*) as n from customer').get()).toEqual({ n: 0 });
    again.cache.close();
  });

  it('turns damage found while running into a rebuild and a translatable error, not a crash', async (ctx) => {
    const dir = await freshDir();
    const { cache, rebuilt } = openCache(dir);
    cache.applyPage(customerChanges(2_000).changes, 4_000, null);
    cache.db.pragma('wal_checkpoint(TRUNCATE)');
    const size = statSync(cache.file).size;
    // Damage pages behind the open connection's back (its page cache is emptied first).
    cache.db.pragma('cache_size = 0');
    cache.db.pragma('cache_size = -32000');
    const fd = openSync(cache.file, 'r+');
    for (let page = 3; page < size / 4096; page += 2) writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, page * 4096 + 100);
    closeSync(fd);
    let thrown: unknown;
    try {
      for (let i = 0; i < 50; i++) cache.guard(() => cache.queries.search(`Klant ${i * 37}`, 10, 'NL'));
      cache.guard(() => cache.db.prepare('select count(*) from interaction where note like ?').get('%x%'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LoketError);
    expect((thrown as LoketError).code).toBe('cache.rebuilt');
    expect(rebuilt).toEqual(['corrupt']);
    expect(cache.queries.search('Klant', 10, 'NL')).toEqual([]);
    cache.close();
    hardeningRow(ctx, { case: 'cache damaged while open', fault: 'pages overwritten behind the connection', result: 'cache.rebuilt error, no crash', figure: 'rebuilt: corrupt' });
  });
});

describe('retention', () => {
  it('deletes history older than the limit, keeps newer history and unsent writes, and leaves no trace of the old text in the files', async (ctx) => {
    const dir = await freshDir();
    const { cache, vault } = openCache(dir);
    const customer = uuidv7();
    const now = Date.now();
    const old = new Date(now - 45 * DAY).toISOString();
    const recent = new Date(now - 5 * DAY).toISOString();
    const oldNote = uuidv7();
    const recentNote = uuidv7();
    const oldOrder = uuidv7();
    cache.applyPage([
      { seq: 1, entity: 'customer', row: { id: customer, name: 'Marta Kowalska', language: 'pl', country: 'PL', phones: ['+48601234567'], emails: [] } },
      { seq: 2, entity: 'interaction', row: { id: oldNote, customer_id: customer, channel: 'note', direction: 'internal', started_at: old, note: `${MARKER} old complaint`, reasons: [] } },
      { seq: 3, entity: 'interaction', row: { id: recentNote, customer_id: customer, channel: 'note', direction: 'internal', started_at: recent, note: 'recent note', reasons: [] } },
      { seq: 4, entity: 'shop_order', row: { id: oldOrder, customer_id: customer, number: 'PL-2026-0009999', currency: 'PLN', total_cents: 19_900, status: 'delivered', placed_at: old } },
      { seq: 5, entity: 'order_event', row: { id: uuidv7(), order_id: oldOrder, status: 'delivered', occurred_at: old } },
    ], 5, null);
    const unsent = uuidv7();
    cache.addNote({ id: unsent, customerId: customer, text: 'typed long ago, never sent', agentId: null }, now - 60 * DAY);
    cache.db.pragma('wal_checkpoint(TRUNCATE)');
    const key = vault.read('cache-key') ?? Buffer.alloc(0);
    const scratch = path.join(await freshDir(), 'plain.db');
    // The check can see the marker while it is there (so its "absent" below means something).
    expect(decryptedBytes(cache.file, key, scratch).includes(MARKER)).toBe(true);
    expect(readFileSync(cache.file).includes(MARKER)).toBe(false); // encrypted at rest

    const { deleted } = cache.purge(30, now);
    expect(deleted).toBe(3); // old note, old order and its event
    const left = cache.db.prepare('select id from interaction order by id').pluck().all();
    expect(left.sort()).toEqual([recentNote, unsent].sort());
    expect(cache.queries.search('PL-2026-0009999', 5, 'PL')).toEqual([]);
    expect(cache.queries.searchNotes(MARKER, 5)).toEqual([]);
    expect(cache.queries.searchNotes('recent', 5).map((n) => n.id)).toEqual([recentNote]);
    expect(existsSync(`${cache.file}-wal`) ? statSync(`${cache.file}-wal`).size : 0).toBe(0);
    for (const file of [cache.file, `${cache.file}-wal`, `${cache.file}-shm`].filter(existsSync)) {
      expect(readFileSync(file).includes(MARKER), file).toBe(false);
    }
    expect(decryptedBytes(cache.file, key, scratch).includes(MARKER)).toBe(false);
    cache.close();
    hardeningRow(ctx, { case: 'retention trace', fault: 'history past the 30-day limit', result: 'no trace of the old text in db, -wal, -shm or decrypted pages', figure: `${deleted} rows purged, unsent kept` });
  });

  it('keeps the note index in step when the hub changes or sends a note again', async () => {
    const dir = await freshDir();
    const { cache } = openCache(dir);
    const customer = uuidv7();
    const note = uuidv7();
    const at = new Date().toISOString();
    const row = (text: string) => ({ id: note, customer_id: customer, channel: 'note', direction: 'internal', started_at: at, note: text, reasons: [] });
    cache.applyPage([{ seq: 1, entity: 'customer', row: { id: customer, name: 'Eva Novak', language: 'de', country: 'DE', phones: [], emails: [] } }, { seq: 2, entity: 'interaction', row: row('Rücksendung angekündigt') }], 2, null);
    expect(cache.queries.searchNotes('rucksendung', 5).map((n) => n.id)).toEqual([note]);
    cache.applyPage([{ seq: 3, entity: 'interaction', row: row('Umtausch vereinbart') }], 3, null);
    cache.applyPage([{ seq: 4, entity: 'interaction', row: row('Umtausch vereinbart') }], 4, null);
    expect(cache.queries.searchNotes('rucksendung', 5)).toEqual([]);
    expect(cache.queries.searchNotes('umtausch', 5).map((n) => n.id)).toEqual([note]);
    expect(cache.db.prepare(`insert into interaction_fts (interaction_fts) values ('integrity-check')`).run().changes).toBeGreaterThanOrEqual(0);
    cache.close();
  });

  it('does not store synced history that is already older than the limit', async () => {
    const dir = await freshDir();
    const { cache } = openCache(dir);
    const customer = uuidv7();
    cache.applyPage([
      { seq: 1, entity: 'customer', row: { id: customer, name: 'Old Timer', language: 'en', country: 'NL', phones: [], emails: [] } },
      { seq: 2, entity: 'interaction', row: { id: uuidv7(), customer_id: customer, channel: 'email', direction: 'inbound', started_at: new Date(Date.now() - 90 * DAY).toISOString(), reasons: [] } },
    ], 2, Date.now() - 30 * DAY);
    expect(cache.db.prepare('select count(*) as n from interaction').get()).toEqual({ n: 0 });
    expect(cache.db.prepare('select count(*) as n from customer').get()).toEqual({ n: 1 });
    cache.close();
  });

  it('wipes the database, its -wal and -shm files and the key', async (ctx) => {
    const dir = await freshDir();
    const { cache, vault } = openCache(dir);
    cache.applyPage(customerChanges(5).changes, 10, null);
    expect(existsSync(`${cache.file}-wal`)).toBe(true);
    cache.wipe();
    for (const file of [cache.file, `${cache.file}-wal`, `${cache.file}-shm`]) expect(existsSync(file), file).toBe(false);
    expect(vault.read('cache-key')).toBeNull();
    hardeningRow(ctx, { case: 'cache wipe', fault: 'sign-out with wipe / another agent signs in', result: 'db, -wal, -shm and key removed', figure: '0 files left' });
  });
});

describe('the outbox', () => {
  it('clears a row\'s pending mark when its own write is through, whatever another table queued under the same id', async () => {
    const { cache } = openCache(await freshDir());
    const { changes, ids } = customerChanges(1);
    cache.applyPage(changes, changes.length, null);
    const [customerId = ''] = ids;
    // Ids are unique per table only: an escalation and a callback may share one (the contract fuzz makes them).
    const id = uuidv7();
    const queue = (entityTable: 'escalation' | 'callback', insert: string) =>
      cache.enqueue({ kind: entityTable, entityTable, entityId: id, customerId, method: 'PUT', path: `/${entityTable}s/${id}`, body: {}, summary: entityTable }, (db) => {
        db.prepare(insert).run(id, customerId);
      });
    queue('escalation', `insert into escalation (id, customer_id, queue, status, summary, created_ms, pending) values (?, ?, 'returns', 'open', 's', 0, 1)`);
    queue('callback', `insert into callback (id, customer_id, due_ms, status, phone, created_ms, pending) values (?, ?, 0, 'open', '+31612345678', 0, 1)`);
    const pending = (table: string) => cache.db.prepare(`select pending from ${table} where id = ?`).pluck().get(id);
    const escalationWrite = cache.outbox.head();
    expect(escalationWrite?.entityTable).toBe('escalation');
    if (escalationWrite) cache.outbox.acknowledge(escalationWrite);
    expect({ escalation: pending('escalation'), callback: pending('callback') }).toEqual({ escalation: 0, callback: 1 });
    const callbackWrite = cache.outbox.head();
    if (callbackWrite) cache.outbox.acknowledge(callbackWrite);
    expect({ escalation: pending('escalation'), callback: pending('callback') }).toEqual({ escalation: 0, callback: 0 });
    cache.close();
  });
});

describe('the secret vault', () => {
  const fakeSafeStorage = (backend: string, available = true): SafeStorageLike => ({
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    // A reversible stand-in for the OS keychain's encryption (the real one needs Electron).
    encryptString: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
    decryptString: (sealed) => Buffer.from([...sealed].map((b) => b ^ 0x5a)).toString(),
  });

  it('refuses to cache customer data where Linux has no secret store (basic_text), and says why', async () => {
    const dir = await freshDir();
    const vault = safeStorageVault(fakeSafeStorage('basic_text'), path.join(dir, 'secrets'), 'linux');
    expect(vault.availability).toEqual({ ok: false, reason: 'noSecretStore', backend: 'basic_text' });
    expect(() => LocalCache.open(path.join(dir, 'cache'), vault)).toThrow(LoketError);
    expect(existsSync(path.join(dir, 'cache', 'loket-cache.db'))).toBe(false);
  });

  it('rebuilds the cache under a new key when the keychain can no longer open the old one, instead of failing at every start', async (ctx) => {
    const dir = await freshDir();
    let broken = false;
    const storage: SafeStorageLike = {
      ...fakeSafeStorage('gnome_libsecret'),
      decryptString: (sealed) => {
        if (broken) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
        return fakeSafeStorage('gnome_libsecret').decryptString(sealed);
      },
    };
    const vault = safeStorageVault(storage, path.join(dir, 'secrets'), 'linux');
    const first = LocalCache.open(path.join(dir, 'cache'), vault);
    first.applyPage(customerChanges(20).changes, 40, null);
    first.close();
    broken = true; // the OS password was reset: DPAPI / libsecret cannot open the sealed key any more
    const rebuilt: string[] = [];
    const again = LocalCache.open(path.join(dir, 'cache'), vault, (reason) => rebuilt.push(reason));
    expect(rebuilt).toEqual(['keyMismatch']);
    expect(again.state).toEqual({ state: 'rebuilt', reason: 'keyMismatch' });
    expect(again.cursor()).toBe(0); // the next sync is a full one
    again.applyPage(customerChanges(3).changes, 6, null);
    expect(again.db.prepare('select count(*) as n from customer').get()).toEqual({ n: 3 });
    again.close();
    hardeningRow(ctx, { case: 'safeStorage failure', fault: 'keychain cannot decrypt the sealed cache key', result: 'cache rebuilt under a new key, synced again', figure: 'rebuilt: keyMismatch' });
  });

  it('keeps no customer data when the OS store is unavailable (encryption not available)', async (ctx) => {
    const dir = await freshDir();
    const vault = safeStorageVault(fakeSafeStorage('gnome_libsecret', false), path.join(dir, 'secrets'), 'linux');
    expect(vault.availability).toEqual({ ok: false, reason: 'noSecretStore', backend: 'gnome_libsecret' });
    expect(() => LocalCache.open(path.join(dir, 'cache'), vault)).toThrow(LoketError);
    expect(existsSync(path.join(dir, 'cache', 'loket-cache.db'))).toBe(false);
    hardeningRow(ctx, { case: 'safeStorage unavailable', fault: 'isEncryptionAvailable() = false / basic_text', result: 'no cache file written, reason shown', figure: 'cache.unavailable: noSecretStore' });
  });

  it('seals secrets with the OS store where one exists (gnome-libsecret, macOS, Windows)', async () => {
    const dir = await freshDir();
    for (const [backend, platform] of [['gnome_libsecret', 'linux'], ['', 'darwin'], ['', 'win32']] as const) {
      const vault = safeStorageVault(fakeSafeStorage(backend), path.join(dir, platform), platform);
      expect(vault.availability.ok).toBe(true);
      vault.write('cache-key', Buffer.alloc(32, 1));
      expect(readFileSync(path.join(dir, platform, 'cache-key.sealed')).equals(Buffer.alloc(32, 1))).toBe(false);
      expect(vault.read('cache-key')?.equals(Buffer.alloc(32, 1))).toBe(true);
    }
  });
});
