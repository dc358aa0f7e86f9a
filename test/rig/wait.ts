import { setTimeout as delay } from 'node:timers/promises';

/** How often conditions are polled: sockets appear within milliseconds on loopback. */
export const POLL_MS = 5;

/**
 * Polls `condition` until it returns a value other than false/undefined/null and returns that.
 * `failFast` is checked on every round and its message ends the wait at once (e.g. the process
 * being waited for has exited), instead of running into the timeout.
 */
export async function waitUntil<T>(
  condition: () => T | false | undefined | null | Promise<T | false | undefined | null>,
  options: { timeoutMs: number; what: string; failFast?: () => string | null },
): Promise<T> {
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== false && value !== undefined && value !== null) return value;
    const failure = options.failFast?.();
    if (failure) throw new Error(`${options.what}: ${failure}`);
    if (performance.now() > deadline) throw new Error(`${options.what}: timed out after ${options.timeoutMs} ms`);
    await delay(POLL_MS);
  }
}
