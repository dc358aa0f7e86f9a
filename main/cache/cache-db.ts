import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { createLogger } from '../log.ts';
import { MIGRATIONS } from './migrations.ts';

const log = createLogger('cache');

export type SqliteDb = Database.Database;

/** Why an existing cache file could not be used (it is then rebuilt from the hub). */
export type UnusableReason = 'keyMismatch' | 'corrupt';

export class CacheUnusableError extends Error {
  readonly reason: UnusableReason;
  constructor(reason: UnusableReason, detail: string) {
    super(`cache unusable (${reason}): ${detail}`);
    this.name = 'CacheUnusableError';
    this.reason = reason;
  }
}

/** SQLite's answers that mean "this file is damaged or not ours" rather than a bug of ours. */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_IOERR_SHORT_READ']);

export function isDamage(error: unknown): boolean {
  if (error instanceof CacheUnusableError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (DAMAGE_CODES.has(code) || code.startsWith('SQLITE_CORRUPT'));
}

/**
 * Pages of a cache made now: 16 KB. Each page carries its own IV and HMAC-SHA512, so fewer,
 * larger pages cut the crypto and b-tree work of a first sync's bulk load (inserts 30–40 %
 * faster than with 4 KB pages in bench/). Caches made before keep SQLCipher's default, 4 KB.
 */
export const NEW_CACHE_PAGE_SIZE = 16_384;
const LEGACY_PAGE_SIZE = 4_096;
const PAGE_SIZES = [NEW_CACHE_PAGE_SIZE, LEGACY_PAGE_SIZE] as const;

/**
 * The file beside the cache that says its page size. SQLCipher encrypts page 1 whole, so the
 * database file cannot tell before the key is tried, and a try with the wrong size reads as a
 * damaged file. No such file: a cache made before it existed, with 4 KB pages.
 */
export function formatFile(file: string): string {
  return `${file}.format`;
}

/** The page size `file` was made with (see `formatFile`). */
export function cachePageSize(file: string): number {
  try {
    const { pageSize } = JSON.parse(readFileSync(formatFile(file), 'utf8')) as { pageSize?: unknown };
    return PAGE_SIZES.find((size) => size === pageSize) ?? LEGACY_PAGE_SIZE;
  } catch {
    return LEGACY_PAGE_SIZE;
  }
}

/** Written whole or not at all (a crash leaves the old content or none: a 4 KB cache). */
function recordPageSize(file: string, pageSize: number): void {
  const temp = `${formatFile(file)}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ pageSize }), { mode: 0o600, flush: true });
  renameSync(temp, formatFile(file));
}

/** Sets SQLCipher v4's page format and the raw key on a fresh handle, before its first read. */
export function keyCacheDb(db: SqliteDb, key: Buffer, pageSize: number): void {
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`legacy_page_size = ${pageSize}`);
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

/** The recorded page size first, then the other one (a format file lost or left over). */
export function pageSizesToTry(file: string): number[] {
  const recorded = cachePageSize(file);
  return [recorded, ...PAGE_SIZES.filter((size) => size !== recorded)];
}

/** Files below this size get a full `quick_check` when opened (it reads every page). */
const QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024;

/**
 * The driver is a native addon built for Node; `npm start` hands the desktop app a copy built for
 * Electron's ABI through this variable (see main/shell/electron-native.ts).
 */
export function driverOptions(): Database.Options {
  const binding = process.env.LOKET_SQLITE_NATIVE_BINDING;
  return binding ? { nativeBinding: binding } : {};
}

/** The database file and its companions: a wipe removes all of them. */
export function cacheFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`, formatFile(file)];
}

export function removeCacheFiles(file: string): void {
  for (const f of cacheFiles(file)) rmSync(f, { force: true });
}

/**
 * Opens (or creates) the encrypted cache: SQLCipher v4 page format (AES-256, HMAC-SHA512 per
 * page, so a changed byte is detected, not read as data) with a raw 32-byte key — no password
 * KDF, the key is random. Throws `CacheUnusableError` when the file cannot be read with this key,
 * is truncated or fails its check; the caller then rebuilds instead of crashing or silently
 * starting empty.
 */
export function openCacheDb(file: string, key: Buffer): SqliteDb {
  const existed = existsSync(file) && statSync(file).size > 0;
  // A new file: its page size is on disk before the database is.
  if (!existed) recordPageSize(file, NEW_CACHE_PAGE_SIZE);
  const [recorded = NEW_CACHE_PAGE_SIZE, ...others] = pageSizesToTry(file);
  let db: SqliteDb;
  try {
    db = keyedHandle(file, key, recorded, existed);
  } catch (error) {
    if (!(error instanceof CacheUnusableError) || !existed) throw error;
    // The format file may be gone or stale while the database is sound: the other size, before
    // the file is given up (and with it the unsent writes it holds).
    db = otherPageSize(file, key, others) ?? rethrow(error);
  }
  try {
    db.pragma('journal_mode = WAL');
    // The outbox lives here: a write the UI confirmed must survive a power cut.
    db.pragma('synchronous = FULL');
    // Deleted rows are overwritten, so purged customer data is gone from the file, not just unlinked.
    db.pragma('secure_delete = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -32000');
    db.pragma('busy_timeout = 5000');
    if (existed) verify(db, file);
    migrate(db);
    return db;
  } catch (error) {
    closeQuietly(db);
    if (error instanceof CacheUnusableError) throw error;
    if (isDamage(error)) throw new CacheUnusableError('corrupt', errorText(error));
    throw error;
  }
}

/**
 * A handle on `file` keyed for `pageSize`, its schema readable. Throws `CacheUnusableError`:
 * `keyMismatch` when page 1 does not decrypt in a file of whole pages, `corrupt` otherwise.
 */
function keyedHandle(file: string, key: Buffer, pageSize: number, existed: boolean): SqliteDb {
  let db: SqliteDb;
  try {
    db = new Database(file, driverOptions());
  } catch (error) {
    throw new CacheUnusableError('corrupt', errorText(error));
  }
  try {
    keyCacheDb(db, key, pageSize);
    db.prepare('select count(*) from sqlite_master').get();
    return db;
  } catch (error) {
    // A wrong key and a damaged first page look the same to SQLite ("file is not a database").
    // If page 1 decrypts (its header gives a page count) the key is right and a later schema
    // page is bad; a file that is not a whole number of pages was cut short.
    const whole = existed && statSync(file).size % pageSize === 0;
    const reason = whole && !firstPageReadable(db) ? 'keyMismatch' : 'corrupt';
    closeQuietly(db);
    throw new CacheUnusableError(reason, errorText(error));
  }
}

function otherPageSize(file: string, key: Buffer, sizes: readonly number[]): SqliteDb | null {
  for (const size of sizes) {
    try {
      const db = keyedHandle(file, key, size, true);
      log.warn(`the cache's format file did not match its pages; it has ${size}-byte pages`);
      recordPageSize(file, size);
      return db;
    } catch {
      // not this size either
    }
  }
  return null;
}

function rethrow(error: unknown): never {
  throw error;
}

function closeQuietly(db: SqliteDb): void {
  try {
    db.close();
  } catch {
    // closing a damaged handle may fail as well; the files are removed next
  }
}

/** Cheap checks first (WAL folded in, size matches the header), then a page-by-page check on smaller files. */
function verify(db: SqliteDb, file: string): void {
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    const pages = Number(db.pragma('page_count', { simple: true }));
    const size = statSync(file).size;
    // The encrypted file is exactly pages × page size (SQLCipher keeps its salt in page 1).
    if (size < pages * pageSize) throw new CacheUnusableError('corrupt', `file has ${size} bytes, header says ${pages * pageSize}`);
    if (size <= QUICK_CHECK_MAX_BYTES) {
      const result = db.pragma('quick_check', { simple: true });
      if (result !== 'ok') throw new CacheUnusableError('corrupt', `quick_check: ${String(result)}`);
    }
  } catch (error) {
    if (error instanceof CacheUnusableError) throw error;
    throw new CacheUnusableError('corrupt', errorText(error));
  }
}

function firstPageReadable(db: SqliteDb): boolean {
  try {
    return Number(db.pragma('page_count', { simple: true })) > 0;
  } catch {
    return false;
  }
}

function migrate(db: SqliteDb): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > MIGRATIONS.length) {
    // Written by a newer console (a downgrade): rebuilding is safer than guessing.
    throw new CacheUnusableError('corrupt', `schema version ${current} is newer than this console (${MIGRATIONS.length})`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    })();
    log.info(`cache schema migrated to version ${version + 1}`);
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${(error as { code?: string }).code ?? error.name}: ${error.message}`;
  return String(error);
}
