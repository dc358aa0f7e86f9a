import type { Database } from '../db/database.ts';
import { onSessionChange, onSessionChangeHere } from '../events/bus.ts';

// Every authenticated request used to read its session, device, agent and office from the
// database. What that read answers changes only when a session ends (logout, revocation, a
// disabled agent, a reused refresh token, a moved access end), and every such change is announced
// (`announceSessionChange`): this instance's own at once, other instances' through PostgreSQL
// NOTIFY. So the answer is kept per session until an announcement, and at most MAX_AGE_MS as a
// safety net for changes nobody announced (a role edited by hand, a notification lost while the
// LISTEN connection was reconnecting — it also clears when that connection is back).
// Time-bound checks (the token's exp, an overflow agent's access end) run on every request
// against the kept row, so a cached session is never used past its end.

/** The longest a session's row is trusted without asking the database again. */
export const SESSION_MAX_AGE_MS = 2_000;
/** Beyond this many sessions the cache starts over (a bound on memory, not an eviction policy). */
const MAX_ENTRIES = 50_000;

interface Entry<T> {
  readonly row: T;
  readonly at: number;
}

export class SessionCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #maxAgeMs: number;
  /** Moves on every invalidation: a read that started before one is not kept. */
  #generation = 0;
  #unlisten: (() => Promise<void>) | null = null;

  constructor(maxAgeMs = SESSION_MAX_AGE_MS) {
    this.#maxAgeMs = maxAgeMs;
  }

  /** Forgets everything on every session announcement, by this or any instance. */
  async start(db: Database): Promise<void> {
    const forgetHere = onSessionChangeHere(db, () => this.forgetAll());
    const unlisten = await onSessionChange(db, () => this.forgetAll());
    this.#unlisten = async () => {
      forgetHere();
      await unlisten();
    };
  }

  async stop(): Promise<void> {
    await this.#unlisten?.();
    this.forgetAll();
  }

  /** The kept row of `key`, else `load()`'s (kept unless an invalidation came while it ran). */
  async get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit && performance.now() - hit.at < this.#maxAgeMs) return hit.row;
    const generation = this.#generation;
    const at = performance.now();
    const row = await load();
    if (generation === this.#generation) {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
      this.#entries.set(key, { row, at });
    }
    return row;
  }

  /** After this instance ended sessions, before its next request is checked. */
  forgetAll(): void {
    this.#generation += 1;
    this.#entries.clear();
  }
}
