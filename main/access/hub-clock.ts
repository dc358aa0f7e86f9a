import type { LeaseClaims } from '../../common/hub/access.ts';

// The console's idea of the hub's time, from the hub's last signed lease. The local clock is
// the agent's to move, so it is only ever used for how much time passed since the lease came,
// and even then never backwards: moving the clock back gives no more time, moving it forward
// only ends access (or the offline allowance) sooner.

export const DAY_MS = 24 * 60 * 60 * 1000;
/** `active` says `endingSoon` this long before the access end. */
export const ENDING_SOON_MS = 3 * DAY_MS;

/** A verified lease and when (on the console's never-backwards local time) it arrived. */
export interface HeldLease {
  readonly claims: LeaseClaims;
  readonly receivedAtLocal: number;
}

export type ClockVerdict =
  /** No lease yet (a hub without leases, or before the first sign-in): nothing to lock on. */
  | { readonly state: 'unknown' }
  | { readonly state: 'ok'; readonly hubNow: number; readonly accessEndsAt: number | null; readonly endingSoon: boolean; readonly offlineUntil: number }
  | { readonly state: 'expired'; readonly hubNow: number }
  | { readonly state: 'offline'; readonly hubNow: number };

export interface HubClockOptions {
  /** The wall clock (Date.now). */
  readonly now?: (() => number) | undefined;
  /** A clock that only goes forward while the process runs (performance.now). */
  readonly monotonic?: (() => number) | undefined;
  /** The highest local time seen, kept between launches. */
  readonly highWater: number | null;
  /** Called when the high-water mark moved (the caller persists it, throttled as it likes). */
  readonly onHighWater?: (highWater: number) => void;
}

/**
 * Estimated hub time = lease.hubTime + (localNow − receivedAtLocal), where localNow is the local
 * time that never goes back: while the process runs it advances by the monotonic clock even if
 * the wall clock is set back (and jumps with the wall clock when that is set forward); across a
 * restart it starts from the persisted high-water mark. Pure: clocks and storage are injected.
 */
export class HubClock {
  readonly #now: () => number;
  readonly #monotonic: () => number;
  readonly #onHighWater: (highWater: number) => void;
  #highWater: number | null;
  #lastMonotonic: number | null = null;
  #lease: HeldLease | null = null;

  constructor(options: HubClockOptions) {
    this.#now = options.now ?? Date.now;
    this.#monotonic = options.monotonic ?? (() => performance.now());
    this.#highWater = options.highWater;
    this.#onHighWater = options.onHighWater ?? (() => undefined);
  }

  /** The console's local time, never below any local time it has seen. */
  localNow(): number {
    const wall = this.#now();
    const monotonic = this.#monotonic();
    let next = wall;
    if (this.#highWater !== null) {
      const elapsed = this.#lastMonotonic === null ? 0 : Math.max(0, monotonic - this.#lastMonotonic);
      next = Math.max(wall, this.#highWater + elapsed);
    }
    this.#lastMonotonic = monotonic;
    if (next !== this.#highWater) {
      this.#highWater = next;
      this.#onHighWater(next);
    }
    return next;
  }

  get highWater(): number | null {
    return this.#highWater;
  }

  get lease(): HeldLease | null {
    return this.#lease;
  }

  /** A lease verified just now: hub time restarts from it. Returns what the clock keeps. */
  accept(claims: LeaseClaims): HeldLease {
    this.#lease = { claims, receivedAtLocal: this.localNow() };
    return this.#lease;
  }

  /** A lease kept from an earlier launch (its `receivedAtLocal` is on the same never-backwards time). */
  restore(lease: HeldLease): void {
    this.#lease = lease;
  }

  forget(): void {
    this.#lease = null;
  }

  /** The hub's time as estimated now, or null without a lease. */
  hubNow(): number | null {
    const lease = this.#lease;
    if (!lease) return null;
    return Date.parse(lease.claims.hubTime) + Math.max(0, this.localNow() - lease.receivedAtLocal);
  }

  verdict(): ClockVerdict {
    const lease = this.#lease;
    const hubNow = this.hubNow();
    if (!lease || hubNow === null) return { state: 'unknown' };
    const accessEndsAt = lease.claims.accessExpiresAt ? Date.parse(lease.claims.accessExpiresAt) : null;
    if (accessEndsAt !== null && hubNow >= accessEndsAt) return { state: 'expired', hubNow };
    const offlineUntil = Date.parse(lease.claims.hubTime) + lease.claims.offlineDays * DAY_MS;
    if (hubNow > offlineUntil) return { state: 'offline', hubNow };
    return { state: 'ok', hubNow, accessEndsAt, endingSoon: accessEndsAt !== null && accessEndsAt - hubNow <= ENDING_SOON_MS, offlineUntil };
  }
}
