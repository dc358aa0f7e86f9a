import type { SqliteDb } from './cache-db.ts';

/**
 * Keeps the note full-text index (`interaction_fts`, external content over `interaction.note`)
 * in step with the table. Done by the writers rather than by triggers (see migrations.ts): new
 * rows are indexed in one statement per page, changed and deleted notes one by one.
 */
export class NoteIndex {
  readonly #maxRowid;
  readonly #indexNewer;
  readonly #insert;
  readonly #remove;
  readonly #removeOlder;

  constructor(db: SqliteDb) {
    this.#maxRowid = db.prepare('select coalesce(max(rowid), 0) from interaction').pluck();
    this.#indexNewer = db.prepare('insert into interaction_fts (rowid, note) select rowid, note from interaction where rowid > ? and note is not null');
    this.#insert = db.prepare('insert into interaction_fts (rowid, note) values (?, ?)');
    this.#remove = db.prepare(`insert into interaction_fts (interaction_fts, rowid, note) values ('delete', ?, ?)`);
    this.#removeOlder = db.prepare(`insert into interaction_fts (interaction_fts, rowid, note)
      select 'delete', rowid, note from interaction where started_ms < ? and pending = 0 and note is not null`);
  }

  /** The highest rowid now: rows inserted after this call are indexed by `indexNewerThan`. */
  mark(): number {
    return this.#maxRowid.get() as number;
  }

  indexNewerThan(rowid: number): void {
    this.#indexNewer.run(rowid);
  }

  added(rowid: number | bigint, note: string | null): void {
    if (note !== null) this.#insert.run(rowid, note);
  }

  changed(rowid: number, before: string | null, after: string | null): void {
    if (before === after) return;
    if (before !== null) this.#remove.run(rowid, before);
    if (after !== null) this.#insert.run(rowid, after);
  }

  /** Call before deleting the interactions the purge removes (the index needs their text to forget it). */
  removeOlderThan(limitMs: number): void {
    this.#removeOlder.run(limitMs);
  }
}
