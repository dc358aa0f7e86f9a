import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { cachePageSize, keyCacheDb } from '../../main/cache/cache-db.ts';
import { CACHE_FILE } from '../../main/cache/local-cache.ts';

// A console's encrypted cache opened from outside, the way SQLite opens it after a crash (WAL
// recovery), with the key the web shell keeps in its data folder: for tests that look at what
// the console stored while the console is not running.

export type CacheFile = Database.Database;

/** Opens `<dataDir>/cache/` with the web shell's key file; close it before the console starts again. */
export function openCacheFile(dataDir: string): CacheFile {
  const key = readFileSync(path.join(dataDir, 'secrets', 'cache-key.secret'));
  const file = path.join(dataDir, 'cache', CACHE_FILE);
  const cache = new Database(file);
  try {
    keyCacheDb(cache, key, cachePageSize(file));
    return cache;
  } catch (error) {
    cache.close();
    throw error;
  }
}

/** SQLite's full check of every page and index ("ok" when sound). */
export function integrityCheck(cache: CacheFile): string {
  return String(cache.pragma('integrity_check', { simple: true }));
}

/**
 * FTS5's own check of the note index against the interaction table (`rank = 1` compares the
 * external content too): a note indexed twice, or not at all, fails it. Returns "ok" or the error.
 */
export function noteIndexCheck(cache: CacheFile): string {
  try {
    cache.exec(`insert into interaction_fts (interaction_fts, rank) values ('integrity-check', 1)`);
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}
