import { z } from 'zod';
import type { SyncProgress } from '../../common/contract/data.ts';
import type { Applied } from '../cache/apply.ts';
import type { LocalCache } from '../cache/local-cache.ts';
import type { HubSession } from '../hub/hub-session.ts';
import { createLogger } from '../log.ts';
import { HubRequestError } from '../hub/hub-errors.ts';
import { Backoff } from './backoff.ts';
import type { LiveEvent, LiveFrame } from './live-frame.ts';
import { LiveSocket } from './live-socket.ts';
import { pullSnapshot, type SnapshotTimings } from './snapshot-pull.ts';

export { liveEventOf, type LiveEvent } from './live-frame.ts';

const log = createLogger('sync');

/** Rows per request: large enough to amortise the round trip, small enough to keep memory flat. */
export const PAGE_ROWS = 5_000;
const DELTA_INTERVAL_MS = 30_000;
/** Live events arrive in bursts (a wrap-up touches several rows): sync once per burst. */
const EVENT_COALESCE_MS = 50;
const PROGRESS_EVERY_MS = 250;

// The page is checked for its shape; rows stay loose records (the applier reads what it knows),
// so a 5,000-row page is not validated field by field.
const SyncPage = z.object({
  changes: z.array(z.object({ seq: z.number(), entity: z.string(), row: z.record(z.string(), z.unknown()) })),
  next: z.number(),
  more: z.boolean(),
  head: z.number().optional(),
});
type SyncPage = z.infer<typeof SyncPage>;

export interface SyncerEvents {
  /** The state worth showing changed: phase, progress, online/offline. */
  onStatus(): void;
  onApplied(applied: Applied): void;
  /** The hub could (true) or could not (false) be reached just now. */
  onReachable(reachable: boolean, retryAt: number | null): void;
  /** A live event (`sip_account.changed`, `escalation.assigned`, …), for services that act on more than data. */
  onLiveEvent(event: LiveEvent): void;
}

export type SyncPhase = 'idle' | 'initial' | 'delta';

/**
 * Pulls the hub's changes into the cache: a first full sync with progress, then a delta sync on
 * every live event (over one WebSocket), on a timer, and on request. Pages are fetched one ahead
 * of the one being written, so the hub and SQLite work at the same time. A missed event is never
 * a lost one: the cursor in the cache says what the console has. A live frame usually carries
 * the rows around its event (server/events/deltas.ts): when they start at or before the cursor,
 * they are applied as they are and no delta sync is needed; otherwise the frame only says
 * "something changed".
 */
export class Syncer {
  readonly #session: HubSession;
  readonly #cache: LocalCache;
  readonly #events: SyncerEvents;
  readonly #keepSinceMs: () => number | null;
  #phase: SyncPhase = 'idle';
  #progress: SyncProgress | null = null;
  #lastSyncedAt: number | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = true;
  readonly #live: LiveSocket;
  #deltaTimer: ReturnType<typeof setInterval> | null = null;
  #coalesce: ReturnType<typeof setTimeout> | null = null;
  /** Live frames with rows that came while a sync ran (applied after it, see the socket's message handler). */
  #held: LiveFrame[] = [];
  #pullBackoff = new Backoff(1_000, 30_000);
  #pullRetry: ReturnType<typeof setTimeout> | null = null;
  #snapshotRows = 0;
  /** Rows per snapshot request (tests use small pages to cut a first sync off half-way). */
  readonly #snapshotPageRows: number | undefined;
  /** Where the first sync's time went (read by the cache benchmark). */
  readonly snapshotTimings: SnapshotTimings = { waitMs: 0, applyMs: 0, fetchedBy: null, finish: null, tables: {} };

  constructor(session: HubSession, cache: LocalCache, events: SyncerEvents, keepSinceMs: () => number | null, options: { readonly snapshotRows?: number } = {}) {
    this.#session = session;
    this.#cache = cache;
    this.#events = events;
    this.#keepSinceMs = keepSinceMs;
    this.#snapshotPageRows = options.snapshotRows;
    this.#live = new LiveSocket(session, () => cache.cursor(), {
      onOpen: () => void this.syncNow(), // catch up on whatever happened while the socket was down
      onFrame: (frame) => this.#onFrame(frame),
      // One request now lets the session learn it (401 → refresh refused → signed out) instead of after a reconnect's back-off.
      onSessionEnded: () => void this.syncNow(),
      onDown: (retryAt) => events.onReachable(false, retryAt),
    });
  }

  get phase(): SyncPhase {
    return this.#phase;
  }

  get progress(): SyncProgress | null {
    return this.#progress;
  }

  get lastSyncedAt(): number | null {
    return this.#lastSyncedAt;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    void this.syncNow();
    this.#live.start();
    this.#deltaTimer = setInterval(() => void this.syncNow(), DELTA_INTERVAL_MS);
    this.#deltaTimer.unref?.();
  }

  stop(): void {
    this.#stopped = true;
    this.#held = [];
    for (const timer of [this.#coalesce, this.#pullRetry]) if (timer) clearTimeout(timer);
    if (this.#deltaTimer) clearInterval(this.#deltaTimer);
    this.#live.stop();
  }

  /** Syncs now; if a sync is running, one more runs right after it (so nothing announced meanwhile is missed). */
  syncNow(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#pullAll()
      .catch((error: unknown) => log.error('sync failed', error))
      .finally(() => {
        this.#running = null;
        // Frames held while it ran, in order; the first that does not line up needs a sync (it covers the rest).
        const held = this.#held.splice(0);
        if (held.some((frame) => !this.#applyDelta(frame))) this.#again = true;
        if (this.#again && !this.#stopped) {
          this.#again = false;
          void this.syncNow();
        }
      });
    return this.#running;
  }

  /** Resolves when no sync is running (tests and benchmarks). */
  async settled(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #pullAll(): Promise<void> {
    if (this.#pullRetry) clearTimeout(this.#pullRetry);
    const start = this.#cache.cursor();
    this.#phase = start === 0 ? 'initial' : 'delta';
    const started = performance.now();
    let rows = 0;
    let lastProgress = 0;
    let cursor = start;
    try {
      if (start === 0) {
        const upTo = await this.#pullSnapshot(started);
        if (upTo === null && this.#stopped) return;
        if (upTo !== null) {
          cursor = upTo;
          rows = this.#snapshotRows;
        }
      }
      let pending: Promise<SyncPage> | null = this.#fetchPage(cursor);
      while (pending) {
        const page: SyncPage = await pending;
        if (this.#stopped) return; // signed out or closing: the cache is no longer ours to write
        this.#events.onReachable(true, null);
        // Ask for the next page before writing this one: the hub builds it meanwhile.
        pending = page.more && !this.#stopped ? this.#fetchPage(page.next) : null;
        const applied = this.#cache.applyPage(page.changes, page.next, this.#keepSinceMs());
        cursor = page.next;
        rows += page.changes.length;
        if (applied.customers.size > 0 || applied.events.length > 0) this.#events.onApplied(applied);
        const now = performance.now();
        if (this.#phase === 'initial' && (now - lastProgress > PROGRESS_EVERY_MS || !pending)) {
          lastProgress = now;
          this.#progress = progressOf(rows, start, cursor, page.head ?? cursor, (now - started) / 1000, !pending);
          this.#events.onStatus();
        }
      }
      this.#lastSyncedAt = Date.now();
      this.#pullBackoff.reset();
      if (this.#phase === 'initial') log.info(`initial sync: ${rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      if (this.#stopped) return;
      const delay = this.#pullBackoff.next();
      this.#events.onReachable(false, Date.now() + delay);
      log.warn(`sync paused at ${cursor}: ${error instanceof Error ? error.message : String(error)}; again in ${Math.round(delay / 1000)} s`);
      this.#pullRetry = setTimeout(() => void this.syncNow(), delay);
      this.#pullRetry.unref?.();
    } finally {
      this.#phase = 'idle';
      this.#progress = null;
      if (!this.#stopped) this.#events.onStatus();
    }
  }

  /**
   * The first sync's bulk part (snapshot-pull.ts), resumed where an earlier one stopped; null when
   * stopped or when the hub has no snapshot (an older hub: then delta sync from 0 does it all).
   */
  async #pullSnapshot(started: number): Promise<number | null> {
    this.#snapshotRows = 0;
    let lastProgress = 0;
    try {
      return await pullSnapshot(this.#session, this.#cache, {
        keepSinceMs: this.#keepSinceMs,
        stopped: () => this.#stopped,
        timings: this.snapshotTimings,
        ...(this.#snapshotPageRows === undefined ? {} : { pageRows: this.#snapshotPageRows }),
        onPage: (applied, progress) => {
          this.#snapshotRows = progress.rows;
          this.#events.onReachable(true, null);
          if (applied.customers.size > 0) this.#events.onApplied(applied);
          const now = performance.now();
          if (now - lastProgress < PROGRESS_EVERY_MS) return;
          lastProgress = now;
          // Sequence values up to `upTo` ≈ rows to come, as for delta pages.
          this.#progress = progressOf(progress.rows, 0, progress.rows, progress.upTo, (now - started) / 1000, false);
          this.#events.onStatus();
        },
      });
    } catch (error) {
      if (error instanceof HubRequestError && error.status === 404) return null;
      throw error;
    }
  }

  async #fetchPage(since: number): Promise<SyncPage> {
    const body = await this.#session.request('GET', `/sync?since=${since}&limit=${PAGE_ROWS}`, undefined, 60_000);
    return SyncPage.parse(body);
  }

  #onFrame(frame: LiveFrame | null): void {
    if (frame) this.#events.onLiveEvent(frame.event);
    // A sync is running: its page, read earlier, lands after this frame would. Keep the frame
    // and apply it once the sync is done (under load a sync can take longer than the next
    // event: syncing again for each would never catch up).
    if (frame?.delta && this.#running) {
      this.#held.push(frame);
      return;
    }
    if (frame && this.#applyDelta(frame)) return;
    if (this.#coalesce) return;
    this.#coalesce = setTimeout(() => {
      this.#coalesce = null;
      void this.syncNow();
    }, EVENT_COALESCE_MS);
  }

  /**
   * Applies a live frame's rows (server/events/deltas.ts) instead of a delta sync when they are
   * exactly what the sync would bring: the cache's cursor lies within the frame's range, so no
   * change in between is missing. Not while a sync runs (its page, read earlier, is written
   * after and would set older rows and cursor back over these). False: sync as before.
   */
  #applyDelta(frame: LiveFrame): boolean {
    const delta = frame.delta;
    if (!delta || this.#running || this.#stopped) return false;
    try {
      const cursor = this.#cache.cursor();
      if (cursor >= delta.to) return true; // a sync already brought all of it
      if (cursor < delta.from) return false; // a gap: something before this range is not here yet
      const event = { seq: delta.seq, entity: 'event', row: { kind: frame.event.kind, at: delta.at, payload: frame.event.payload } };
      const changes = [...delta.rows, event].filter((change) => change.seq > cursor).sort((a, b) => a.seq - b.seq);
      const applied = this.#cache.applyPage(changes, delta.to, this.#keepSinceMs());
      if (applied.customers.size > 0 || applied.events.length > 0) this.#events.onApplied(applied);
      this.#lastSyncedAt = Date.now();
      this.#events.onStatus();
      return true;
    } catch (error) {
      log.warn(`live delta not applied, syncing: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
}

/** Progress in the hub's change sequence: every row has its own number, so seq distance ≈ rows to go. */
export function progressOf(rows: number, start: number, cursor: number, head: number, seconds: number, done: boolean): SyncProgress {
  const span = Math.max(1, head - start);
  const fraction = done ? 1 : Math.min(1, Math.max(0, (cursor - start) / span));
  const rowsPerSecond = seconds > 0 ? rows / seconds : 0;
  const total = Math.max(rows, Math.round(rows / Math.max(fraction, 1e-9)));
  const etaSeconds = done ? 0 : rowsPerSecond > 0 ? Math.max(0, (total - rows) / rowsPerSecond) : null;
  return { rows, total: fraction > 0 ? total : null, rowsPerSecond, etaSeconds, fraction };
}

