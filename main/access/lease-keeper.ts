import { LeaseKey } from '../../common/hub/access.ts';
import type { SecretVault } from '../cache/vault.ts';
import { createLogger } from '../log.ts';
import { HubClock, type ClockVerdict } from './hub-clock.ts';
import { readStoredLease, verifiedClaims, writeStoredLease, type StoredLease } from './lease.ts';

const log = createLogger('access');

/** The high-water mark is written back at most this often (a keychain write each second is waste). */
const HIGH_WATER_WRITE_MS = 60_000;

export interface LeaseKeeperOptions {
  readonly vault: SecretVault;
  readonly fetch?: typeof fetch;
  readonly now?: (() => number) | undefined;
  readonly monotonic?: (() => number) | undefined;
}

/**
 * Keeps the hub's signed lease: pins the hub's lease key at sign-in (`GET /auth/lease-key`),
 * verifies every lease a sign-in or refresh brings, keeps the last good one in the vault
 * (`hub-lease`) and runs the hub clock on it. A lease that does not verify is ignored: the clock
 * goes on from the last good one, so a forged lease cannot buy time.
 */
export class LeaseKeeper {
  readonly clock: HubClock;
  readonly #vault: SecretVault;
  readonly #fetch: typeof fetch;
  #stored: StoredLease | null;
  #highWaterWritten = 0;
  #pinning: { readonly hub: string; readonly promise: Promise<LeaseKey | null> } | null = null;
  readonly #restoring: Promise<void>;

  constructor(options: LeaseKeeperOptions) {
    this.#vault = options.vault;
    this.#fetch = options.fetch ?? fetch;
    this.#stored = readStoredLease(options.vault);
    this.clock = new HubClock({
      now: options.now,
      monotonic: options.monotonic,
      highWater: this.#stored?.highWater ?? null,
      onHighWater: (highWater) => this.#persistHighWater(highWater),
    });
    this.#restoring = this.#restore();
  }

  verdict(): ClockVerdict {
    return this.clock.verdict();
  }

  /** Pins the hub's lease key (once per hub: a later different key is not trusted). */
  pin(hub: string): Promise<LeaseKey | null> {
    if (this.#stored?.hub === hub) return Promise.resolve(this.#stored.key);
    // Enrollment and the first lease ask at the same moment: one request, one pinned key.
    if (this.#pinning?.hub === hub) return this.#pinning.promise;
    const promise = this.#fetchKey(hub).finally(() => {
      if (this.#pinning?.promise === promise) this.#pinning = null;
    });
    this.#pinning = { hub, promise };
    return promise;
  }

  async #fetchKey(hub: string): Promise<LeaseKey | null> {
    try {
      const response = await this.#fetch(new URL('/auth/lease-key', hub), { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) {
        log.warn(`the hub has no lease key (${response.status}): no offline lock until it has`);
        return null;
      }
      const key = LeaseKey.parse(await response.json());
      if (this.#stored?.hub === hub) return this.#stored.key;
      // Another hub than the one pinned before: its leases start over.
      this.#stored = { hub, key, lease: null, receivedAtLocal: null, highWater: this.clock.highWater };
      this.clock.forget();
      writeStoredLease(this.#vault, this.#stored);
      return key;
    } catch (error) {
      log.warn(`could not pin the hub's lease key: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  /** A lease from a sign-in or refresh answer; true when it verified and the clock runs on it now. */
  async accept(hub: string, lease: string): Promise<boolean> {
    const key = await this.pin(hub);
    if (!key || !this.#stored) return false;
    const claims = await verifiedClaims(lease, key);
    if (!claims) return false;
    const held = this.clock.accept(claims);
    this.#stored = { ...this.#stored, lease, receivedAtLocal: held.receivedAtLocal, highWater: this.clock.highWater };
    writeStoredLease(this.#vault, this.#stored);
    this.#highWaterWritten = held.receivedAtLocal;
    return true;
  }

  /** The wipe: the key, the lease and the clock's mark go with everything else. */
  forget(): void {
    this.#stored = null;
    this.clock.forget();
    this.#vault.delete('hub-lease');
  }

  async #restore(): Promise<void> {
    const stored = this.#stored;
    if (!stored?.lease || stored.receivedAtLocal === null) return;
    const claims = await verifiedClaims(stored.lease, stored.key);
    // A newer lease may have arrived while this one was being checked.
    if (claims && !this.clock.lease) this.clock.restore({ claims, receivedAtLocal: stored.receivedAtLocal });
  }

  /** Resolves once the lease kept from the last launch is back on the clock (or known to be absent). */
  ready(): Promise<void> {
    return this.#restoring;
  }

  #persistHighWater(highWater: number): void {
    if (!this.#stored || highWater - this.#highWaterWritten < HIGH_WATER_WRITE_MS) return;
    this.#highWaterWritten = highWater;
    this.#stored = { ...this.#stored, highWater };
    writeStoredLease(this.#vault, this.#stored);
  }
}
