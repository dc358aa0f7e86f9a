// Rate and size limits of one co-browse socket over a rolling window: a page that floods (a
// runaway mutation loop, a hostile script) or an agent client gone wrong is cut off with a clear
// reason instead of loading the hub and the other side.

export interface CobrowseLimits {
  /** The rolling window. */
  readonly windowMs: number;
  /** Customer → hub bytes per window. */
  readonly customerBytes: number;
  /** Customer → hub frames per window. */
  readonly customerFrames: number;
  /** Agent → hub frames per window. */
  readonly agentFrames: number;
}

export const DEFAULT_LIMITS: CobrowseLimits = { windowMs: 10_000, customerBytes: 5 * 1024 * 1024, customerFrames: 1_500, agentFrames: 600 };

/** Buckets the window is cut into: the window rolls in steps of a tenth of it. */
const BUCKETS = 10;

/**
 * Counts frames and bytes in a rolling window (ten buckets: constant memory and work however many
 * frames arrive). `add` answers whether the sender is still within its limits.
 */
export class RollingWindow {
  readonly #bucketMs: number;
  readonly #maxFrames: number;
  readonly #maxBytes: number;
  readonly #frames = new Array<number>(BUCKETS).fill(0);
  readonly #bytes = new Array<number>(BUCKETS).fill(0);
  #current = 0;
  #currentStart = 0;
  #frameSum = 0;
  #byteSum = 0;

  constructor(windowMs: number, maxFrames: number, maxBytes = Number.POSITIVE_INFINITY) {
    this.#bucketMs = Math.max(1, windowMs / BUCKETS);
    this.#maxFrames = maxFrames;
    this.#maxBytes = maxBytes;
  }

  add(bytes: number, now = Date.now()): boolean {
    this.#roll(now);
    this.#frames[this.#current] = (this.#frames[this.#current] ?? 0) + 1;
    this.#bytes[this.#current] = (this.#bytes[this.#current] ?? 0) + bytes;
    this.#frameSum += 1;
    this.#byteSum += bytes;
    return this.#frameSum <= this.#maxFrames && this.#byteSum <= this.#maxBytes;
  }

  #roll(now: number): void {
    if (this.#currentStart === 0) this.#currentStart = now;
    const steps = Math.floor((now - this.#currentStart) / this.#bucketMs);
    if (steps <= 0) return;
    for (let step = 0; step < Math.min(steps, BUCKETS); step += 1) {
      this.#current = (this.#current + 1) % BUCKETS;
      this.#frameSum -= this.#frames[this.#current] ?? 0;
      this.#byteSum -= this.#bytes[this.#current] ?? 0;
      this.#frames[this.#current] = 0;
      this.#bytes[this.#current] = 0;
    }
    this.#currentStart += steps * this.#bucketMs;
  }
}
