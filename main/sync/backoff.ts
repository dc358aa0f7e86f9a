/**
 * Exponential backoff with "equal jitter": each delay is between half and all of
 * min(max, start × 2^attempt), so a hub coming back is not hit by every console at once.
 */
export class Backoff {
  #attempt = 0;

  constructor(
    private readonly startMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const ceiling = Math.min(this.maxMs, this.startMs * 2 ** this.#attempt);
    this.#attempt = Math.min(this.#attempt + 1, 30);
    return Math.round(ceiling / 2 + (ceiling / 2) * this.random());
  }

  reset(): void {
    this.#attempt = 0;
  }

  get attempts(): number {
    return this.#attempt;
  }
}

/** The delay before try number `attempt` (0-based) of an outbox item, same rule as `Backoff`. */
export function backoffDelay(attempt: number, startMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, startMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
