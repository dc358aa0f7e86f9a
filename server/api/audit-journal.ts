import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { Database, Queryable } from '../db/database.ts';

// Reads of customer records are audited without a database write on the request path: each read
// appends its lines to a local journal file with a synchronous write (in the operating system's
// hands before the answer leaves, so a kill -9 of the hub loses none), and a flusher inserts them
// in batches, one statement per batch, then deletes the journal segment. Every line has an id
// (`audit_log.line_id`, migration 0012): a segment inserted but not yet deleted when the process
// died is replayed at the next start and stored once.
//
// The journal is a folder of segments `<pid>-<start>-<n>.jsonl`. Each instance writes its own
// (its pid and start time in the name); at start an instance replays the segments of processes
// that are gone — its own earlier life included — and leaves those of live instances alone.
// A segment stays open across flushes (a file opened and deleted per batch cost several times
// the reads' own journal writes) and is dropped once it holds ROTATE_AT_LINES lines, all stored:
// a replay after a crash stores again at most that many lines, which their ids make a no-op.

/** One audit line as the journal keeps it. */
export interface AuditLine {
  readonly id: string;
  readonly at: string;
  readonly agentId: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
}

/** How long a line may wait for its batch by default: the lag of `GET /audit` for other instances. */
export const FLUSH_DELAY_MS = 25;
/**
 * The same on PGlite, where the hub is the only process on its database: nobody else reads the
 * log (`GET /audit` flushes first), and each batch is a statement on the one thread that also
 * answers every read, so fewer, larger batches (at 50 reads a second ~4 inserts instead of ~30).
 */
export const PGLITE_FLUSH_DELAY_MS = 250;
/** A batch this big is flushed at once instead of waiting. */
const FLUSH_AT_LINES = 2_000;
/** Lines per insert statement (six arrays of this length as parameters). */
const INSERT_CHUNK = 5_000;
/** A segment this long is closed and, once its lines are stored, deleted; the next line starts a new one. */
export const ROTATE_AT_LINES = 5_000;
/** After a failed insert (database gone), the next try. */
const RETRY_MS = 1_000;

interface Segment {
  readonly file: string;
  readonly fd: number;
  /** Lines written to the file and not yet handed to a batch. */
  lines: AuditLine[];
  /** Every line the file holds. */
  written: number;
}

/** Lines on their way to the database, in order; the last batch of a rotated segment deletes its file once stored. */
interface Batch {
  readonly segment: Segment;
  readonly lines: readonly AuditLine[];
  readonly closesSegment: boolean;
}

export interface AuditJournalOptions {
  /** The journal folder; a fresh temporary one (removed at close) when undefined — tests, benchmarks. */
  readonly dir?: string;
  /** How long a line may wait for its batch (default FLUSH_DELAY_MS, on PGlite PGLITE_FLUSH_DELAY_MS; `LOKET_AUDIT_FLUSH_MS`). */
  readonly flushDelayMs?: number;
  readonly onError?: (error: unknown) => void;
}

export class AuditJournal {
  readonly #db: Queryable;
  readonly #dir: string;
  readonly #temporary: boolean;
  readonly #tag = `${process.pid}-${Date.now()}`;
  readonly #onError: (error: unknown) => void;
  readonly #flushDelayMs: number;
  #segmentNumber = 0;
  #current: Segment | null = null;
  /** Batches whose lines are not in the database yet, oldest first. */
  readonly #waiting: Batch[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #flushing: Promise<void> | null = null;
  #closed = false;

  private constructor(db: Queryable, dir: string, temporary: boolean, onError: (error: unknown) => void, flushDelayMs: number) {
    this.#db = db;
    this.#flushDelayMs = flushDelayMs;
    this.#dir = dir;
    this.#temporary = temporary;
    this.#onError = onError;
  }

  /** Opens the journal and replays what a previous life of this or a dead instance left in it. */
  static async open(db: Queryable & { readonly kind?: Database['kind'] }, options: AuditJournalOptions = {}): Promise<AuditJournal> {
    const temporary = options.dir === undefined;
    const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'loket-audit-'));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const onError = options.onError ?? ((error: unknown) => console.error('[hub] audit flush failed, will retry:', error));
    const journal = new AuditJournal(db, dir, temporary, onError, options.flushDelayMs ?? (db.kind === 'pglite' ? PGLITE_FLUSH_DELAY_MS : FLUSH_DELAY_MS));
    await journal.#replayLeftovers();
    return journal;
  }

  /**
   * Records that `agentId` did `action` on these customers: in the journal before this returns.
   * Call it before answering the read.
   */
  recordReads(agentId: string, action: string, customerIds: readonly string[]): void {
    if (customerIds.length === 0) return;
    if (this.#closed) throw new Error('the audit journal is closed');
    const at = new Date().toISOString();
    const lines = customerIds.map((id): AuditLine => ({ id: uuidv7(), at, agentId, action, subjectType: 'customer', subjectId: id }));
    const segment = (this.#current ??= this.#openSegment());
    writeSync(segment.fd, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    segment.lines.push(...lines);
    segment.written += lines.length;
    if (segment.lines.length >= FLUSH_AT_LINES) this.#flushSoon(0);
    else this.#flushSoon(this.#flushDelayMs);
  }

  /** Inserts every line recorded so far (one statement per batch); resolves when they are stored. */
  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    // One flush at a time, in order; a flush asked for meanwhile runs after it with what came since.
    while (this.#flushing) await this.#flushing;
    const segment = this.#current;
    if (segment && segment.lines.length > 0) {
      const closesSegment = segment.written >= ROTATE_AT_LINES;
      this.#waiting.push({ segment, lines: segment.lines, closesSegment });
      segment.lines = [];
      if (closesSegment) this.#current = null;
    }
    if (this.#waiting.length === 0) return;
    this.#flushing = this.#storeWaiting().finally(() => (this.#flushing = null));
    await this.#flushing;
  }

  /** Flushes and closes; a temporary journal's folder is removed. */
  async close(): Promise<void> {
    await this.flush().catch((error: unknown) => this.#onError(error));
    this.#closed = true;
    const current = this.#current;
    if (current) {
      closeSync(current.fd);
      // Kept when a batch of it could not be stored: the next start replays it.
      if (current.lines.length === 0 && !this.#waiting.some((batch) => batch.segment === current)) unlinkSync(current.file);
      this.#current = null;
    }
    if (this.#temporary && this.#waiting.length === 0) rmSync(this.#dir, { recursive: true, force: true });
  }

  async #storeWaiting(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#waiting[0] as Batch;
      try {
        await insertLines(this.#db, batch.lines);
      } catch (error) {
        // Kept in the journal and in memory: retried, and replayed after a restart if need be.
        this.#onError(error);
        if (!this.#closed) this.#flushSoon(RETRY_MS);
        throw error;
      }
      this.#waiting.shift();
      if (batch.closesSegment) {
        closeSync(batch.segment.fd);
        unlinkSync(batch.segment.file);
      }
    }
  }

  /** A flush in `ms` unless one is due sooner; its failure was reported by `#storeWaiting` and retries. */
  #flushSoon(ms: number): void {
    if (ms > 0 && this.#timer) return;
    if (this.#timer) clearTimeout(this.#timer);
    // Unref'd: the journal never keeps a process alive; what is not stored yet is in the journal file.
    this.#timer = setTimeout(() => void this.flush().catch(() => undefined), ms);
    this.#timer.unref();
  }

  #openSegment(): Segment {
    this.#segmentNumber += 1;
    const file = path.join(this.#dir, `${this.#tag}-${this.#segmentNumber}.jsonl`);
    return { file, fd: openSync(file, 'a', 0o600), lines: [], written: 0 };
  }

  async #replayLeftovers(): Promise<void> {
    for (const name of readdirSync(this.#dir).filter((file) => file.endsWith('.jsonl')).sort(bySegmentOrder)) {
      if (!writtenByDeadProcess(name)) continue;
      const file = path.join(this.#dir, name);
      await insertLines(this.#db, parseSegment(readFileSync(file, 'utf8')));
      unlinkSync(file);
    }
  }
}

/** The lines of a segment; a torn last line (the process died inside the write) was never answered. */
export function parseSegment(text: string): AuditLine[] {
  const lines: AuditLine[] = [];
  for (const raw of text.split('\n')) {
    if (!raw) continue;
    try {
      lines.push(JSON.parse(raw) as AuditLine);
    } catch {
      // Only the last line can be torn; nothing after it was written.
    }
  }
  return lines;
}

/** One statement per chunk; a line already stored (replayed) is skipped by its id. */
async function insertLines(db: Queryable, lines: readonly AuditLine[]): Promise<void> {
  for (let start = 0; start < lines.length; start += INSERT_CHUNK) {
    const chunk = lines.slice(start, start + INSERT_CHUNK);
    await db.query(
      `insert into audit_log (line_id, at, agent_id, action, subject_type, subject_id)
       select * from unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[])
       on conflict (line_id) do nothing`,
      [chunk.map((l) => l.id), chunk.map((l) => l.at), chunk.map((l) => l.agentId), chunk.map((l) => l.action), chunk.map((l) => l.subjectType), chunk.map((l) => l.subjectId)],
    );
  }
}

/** `<pid>-<start>-<n>.jsonl`: replay in the order they were written. */
function bySegmentOrder(a: string, b: string): number {
  const [pa = 0, sa = 0, na = 0] = a.slice(0, -6).split('-').map(Number);
  const [pb = 0, sb = 0, nb = 0] = b.slice(0, -6).split('-').map(Number);
  return sa - sb || pa - pb || na - nb;
}

/**
 * Whether the instance that wrote a segment is gone. Our own pid means an earlier life of this
 * process id (a container's hub is often pid 1 every time): this instance's own segments are
 * only made after the replay.
 */
function writtenByDeadProcess(name: string): boolean {
  const pid = Number(name.split('-')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
