import Database from 'better-sqlite3-multiple-ciphers';
import { createLogger } from '../log.ts';
import { driverOptions, keyCacheDb, pageSizesToTry, type SqliteDb } from './cache-db.ts';
import { OutboxStore } from './outbox-store.ts';

// What survives a damaged cache file: its unsent writes and drafts are read out before the file
// is replaced, and written into the fresh one; everything else comes again from the hub.

const log = createLogger('cache');

export interface Salvaged {
  readonly outbox: Record<string, unknown>[];
  readonly drafts: Record<string, unknown>[];
}

/**
 * Reads what can still be read from a damaged file: the unsent writes and the drafts. With the
 * recorded page size first, then the other (a format file lost with the damage).
 */
export function salvage(file: string, key: Buffer): Salvaged {
  let best: Salvaged = { outbox: [], drafts: [] };
  for (const pageSize of pageSizesToTry(file)) {
    const found = salvageWith(file, key, pageSize);
    if (found === null) continue;
    best = found;
    if (found.outbox.length + found.drafts.length > 0) break;
  }
  return best;
}

/** What `pageSize` reads of the outbox and the drafts; null when the file does not open with it. */
function salvageWith(file: string, key: Buffer, pageSize: number): Salvaged | null {
  const out = { outbox: [] as Record<string, unknown>[], drafts: [] as Record<string, unknown>[] };
  let db: SqliteDb | null = null;
  try {
    db = new Database(file, driverOptions());
    keyCacheDb(db, key, pageSize);
    try {
      db.prepare('select count(*) from sqlite_master').get();
    } catch (error) {
      log.warn(`the damaged cache does not open with ${pageSize}-byte pages: ${String(error)}`);
      return null;
    }
    try {
      out.outbox = OutboxStore.salvage(db);
    } catch (error) {
      log.warn(`the damaged cache's outbox could not be read: ${String(error)}`);
    }
    try {
      out.drafts = db.prepare('select key, text, saved_ms from draft').all() as Record<string, unknown>[];
    } catch (error) {
      log.warn(`the damaged cache's drafts could not be read: ${String(error)}`);
    }
  } catch (error) {
    log.warn(`the damaged cache could not be opened for salvage: ${String(error)}`);
    return null;
  } finally {
    try {
      db?.close();
    } catch {
      // ignore
    }
  }
  return out;
}

/** Writes the salvaged outbox rows and drafts into the rebuilt file, in one transaction. */
export function carryOver(db: SqliteDb, saved: Salvaged): void {
  db.transaction(() => {
    const outbox = db.prepare(`insert or ignore into outbox (id, kind, entity_table, entity_id, customer_id, method, path, body, summary, state, attempts,
      next_attempt_ms, last_status, last_code, created_ms) values (@id, @kind, @entity_table, @entity_id, @customer_id, @method, @path, @body, @summary,
      @state, @attempts, @next_attempt_ms, @last_status, @last_code, @created_ms)`);
    for (const row of saved.outbox) outbox.run(row);
    const draft = db.prepare('insert or ignore into draft (key, text, saved_ms) values (@key, @text, @saved_ms)');
    for (const row of saved.drafts) draft.run(row);
  })();
  if (saved.outbox.length + saved.drafts.length > 0) log.warn(`carried ${saved.outbox.length} unsent writes and ${saved.drafts.length} drafts into the rebuilt cache`);
}
