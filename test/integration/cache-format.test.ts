import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { NEW_CACHE_PAGE_SIZE, cachePageSize, formatFile, keyCacheDb } from '../../main/cache/cache-db.ts';
import { CACHE_FILE, LocalCache } from '../../main/cache/local-cache.ts';
import { cacheKey, keyFileVault } from '../../main/cache/vault.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';

// The cache's page size on real encrypted files: new caches get 16 KB pages and say so in a
// format file beside them; caches made before (4 KB pages, no format file) open as they are;
// a format file that is lost or wrong costs one more try, never the cache and its outbox.

const freshDir = tempDirsPerTest();

function open(dir: string) {
  const rebuilt: string[] = [];
  const cache = LocalCache.open(path.join(dir, 'cache'), keyFileVault(path.join(dir, 'secrets')), (reason) => rebuilt.push(reason));
  return { cache, rebuilt };
}

/** A customer with a call, and a note typed offline (an outbox row the hub has not seen). */
function fill(cache: LocalCache): { customerId: string; noteId: string } {
  const customerId = uuidv7();
  cache.applyPage(
    [
      { seq: 1, entity: 'customer', row: { id: customerId, name: 'Sanne Visser', language: 'nl', country: 'NL', phones: ['+31611122233'], emails: [] } },
      { seq: 2, entity: 'interaction', row: { id: uuidv7(), customer_id: customerId, channel: 'phone', direction: 'inbound', started_at: new Date().toISOString(), note: 'Vroeg naar retour', reasons: [] } },
    ],
    2,
    null,
  );
  const noteId = uuidv7();
  cache.addNote({ id: noteId, customerId, text: 'belt morgen terug', agentId: null });
  return { customerId, noteId };
}

/**
 * What the previous version left on disk: a cache keyed with SQLCipher's default 4 KB pages and
 * no format file, then used (schema, rows, an unsent note).
 */
function makeLegacyCache(dir: string): void {
  const file = path.join(dir, 'cache', CACHE_FILE);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = cacheKey(keyFileVault(path.join(dir, 'secrets')));
  const db = new Database(file);
  keyCacheDb(db, key, 4096);
  db.pragma('journal_mode = WAL');
  db.exec('create table made_before (x)');
  db.close();
  const { cache } = open(dir);
  fill(cache);
  cache.close();
}

describe('the cache file format', () => {
  it('makes a new cache with 16 KB pages and writes its format file before the database', async () => {
    const dir = await freshDir();
    const { cache } = open(dir);
    fill(cache);
    expect(Number(cache.db.pragma('page_size', { simple: true }))).toBe(NEW_CACHE_PAGE_SIZE);
    expect(JSON.parse(readFileSync(formatFile(cache.file), 'utf8'))).toEqual({ pageSize: NEW_CACHE_PAGE_SIZE });
    cache.close();
    expect(statSync(cache.file).size % NEW_CACHE_PAGE_SIZE).toBe(0);
    // Signing out with a wipe leaves no file behind, the format file included.
    LocalCache.wipeFiles(path.join(dir, 'cache'), keyFileVault(path.join(dir, 'secrets')));
    expect(existsSync(cache.file)).toBe(false);
    expect(existsSync(formatFile(cache.file))).toBe(false);
  });

  it('opens a cache made before the format file existed (4 KB pages) as it is: no rebuild, nothing lost', async () => {
    const dir = await freshDir();
    makeLegacyCache(dir);
    const file = path.join(dir, 'cache', CACHE_FILE);
    expect(existsSync(formatFile(file))).toBe(false);
    const { cache, rebuilt } = open(dir);
    expect(rebuilt).toEqual([]);
    expect(Number(cache.db.pragma('page_size', { simple: true }))).toBe(4096);
    expect(cache.queries.search('Sanne', 10, 'NL').map((hit) => hit.name)).toEqual(['Sanne Visser']);
    expect(cache.outbox.head()).toMatchObject({ kind: 'note' });
    cache.close();
    expect(cachePageSize(file)).toBe(4096);
  });

  it('keeps the cache and its unsent note when the format file is lost or names the wrong size', async () => {
    const dir = await freshDir();
    const { cache: first } = open(dir);
    const { noteId } = fill(first);
    first.close();
    for (const damage of [() => rmSync(formatFile(first.file)), () => writeFileSync(formatFile(first.file), '{"pageSize":4096}'), () => writeFileSync(formatFile(first.file), 'garbage')]) {
      damage();
      const { cache, rebuilt } = open(dir);
      expect(rebuilt).toEqual([]);
      expect(cache.outbox.head()).toMatchObject({ entityId: noteId });
      expect(cache.queries.search('Sanne', 10, 'NL')).toHaveLength(1);
      cache.close();
      // Put right on the way, so the next start opens at the first try.
      expect(cachePageSize(first.file)).toBe(NEW_CACHE_PAGE_SIZE);
    }
  });

  it('rebuilds a damaged cache with a wrong format file and still carries its unsent note over', async () => {
    const dir = await freshDir();
    const { cache: first } = open(dir);
    const { noteId } = fill(first);
    // Enough customers that the middle of the file is theirs, not the outbox's.
    first.applyPage(
      Array.from({ length: 1_500 }, (_, i) => ({
        seq: 10 + i,
        entity: 'customer' as const,
        row: { id: uuidv7(), name: `Klant ${i} de Boer`, language: 'nl', country: 'NL', phones: [`+316${String(20_000_000 + i)}`], emails: [`klant${i}@example.nl`] },
      })),
      2_000,
      null,
    );
    first.db.pragma('wal_checkpoint(TRUNCATE)');
    first.close();
    const size = statSync(first.file).size;
    const bytes = readFileSync(first.file);
    const middle = Math.floor(size / 2 / NEW_CACHE_PAGE_SIZE) * NEW_CACHE_PAGE_SIZE + 200;
    bytes.write('tampered!', middle);
    writeFileSync(first.file, bytes);
    // The format file is gone with the damage: salvage tries both sizes.
    rmSync(formatFile(first.file));
    const { cache, rebuilt } = open(dir);
    expect(rebuilt).toEqual(['corrupt']);
    expect(cache.outbox.head()).toMatchObject({ entityId: noteId });
    expect(cache.queries.search('Klant', 10, 'NL')).toEqual([]);
    expect(Number(cache.db.pragma('page_size', { simple: true }))).toBe(NEW_CACHE_PAGE_SIZE);
    cache.close();
  });
});
