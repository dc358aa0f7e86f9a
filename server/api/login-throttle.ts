import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { HubError } from './errors.ts';

/** Failed logins an account may have in one window before every login to it waits for the window's end. */
export const LOGIN_FAILURES_PER_WINDOW = 10;
export const LOGIN_WINDOW_MS = 15 * 60_000;

/**
 * The per-account half of the login limit (the per-address half is the route's rate limit, which
 * guesses from many addresses pass). Counted in the database, so all hub instances share it, in a
 * fixed window: a refusal lasts at most until the window that filled up ends, so an attacker can
 * delay an agent's sign-in but not lock the agent out for good. Unknown addresses are counted
 * like known ones: the answers do not tell whether an account exists.
 */
export class LoginThrottle {
  readonly #db: Queryable;
  readonly #now: () => Date;

  constructor(db: Queryable, now: () => Date) {
    this.#db = db;
    this.#now = now;
  }

  /** Throws 429 `auth.rateLimited` with `retryAfter` (seconds) while the account's window is full; true when it has a count. */
  async check(email: string): Promise<boolean> {
    const [row] = await this.#db.query<{ failures: number; window_started_at: Date }>(
      'select failures, window_started_at from login_throttle where key = $1',
      [keyOf(email)],
    );
    if (!row) return false;
    const endsInMs = row.window_started_at.getTime() + LOGIN_WINDOW_MS - this.#now().getTime();
    if (row.failures >= LOGIN_FAILURES_PER_WINDOW && endsInMs > 0) {
      throw new HubError(429, 'auth.rateLimited', { retryAfter: Math.ceil(endsInMs / 1000) });
    }
    return true;
  }

  /** Counts a failure: in the current window, or the first of a new one. */
  async failed(email: string): Promise<void> {
    const now = this.#now();
    const windowStart = new Date(now.getTime() - LOGIN_WINDOW_MS);
    const [row] = await this.#db.query<{ failures: number }>(
      `insert into login_throttle (key, failures, window_started_at) values ($1, 1, $2)
       on conflict (key) do update set
         failures = case when login_throttle.window_started_at <= $3 then 1 else login_throttle.failures + 1 end,
         window_started_at = case when login_throttle.window_started_at <= $3 then excluded.window_started_at else login_throttle.window_started_at end
       returning failures`,
      [keyOf(email), now, windowStart],
    );
    // A new window began: drop the rows of windows that ended, so guesses at made-up addresses
    // do not pile up.
    if (row?.failures === 1) await this.#db.query('delete from login_throttle where window_started_at <= $1', [windowStart]);
  }

  /** The right password: the account's count starts afresh. */
  async succeeded(email: string): Promise<void> {
    await this.#db.query('delete from login_throttle where key = $1', [keyOf(email)]);
  }
}

/** The row of an account (hashed: the table holds no e-mail addresses, also not mistyped ones). */
export function keyOf(email: string): string {
  return createHash('sha256').update(`login:${email.trim().toLowerCase()}`).digest('hex');
}
