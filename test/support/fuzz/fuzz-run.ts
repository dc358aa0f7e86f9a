import fc from 'fast-check';

// How a fuzz test file runs: a random seed each run (printed, so a failure can be replayed with
// FUZZ_SEED=<seed>), a run count per route or channel that FUZZ_RUNS overrides, and failures
// reported with the seed, fast-check's replay path and a readable (shortened) counterexample.

/** The run's seed: FUZZ_SEED when set (to replay a failure), else a fresh one. */
export function fuzzSeed(): number {
  const fromEnv = process.env.FUZZ_SEED;
  if (fromEnv !== undefined && fromEnv !== '') {
    const seed = Number(fromEnv);
    if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got ${fromEnv}`);
    return seed;
  }
  return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
}

/** Generated cases per route or channel: FUZZ_RUNS when set, else the file's default. */
export function fuzzRuns(fallback: number): number {
  const fromEnv = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : fallback;
}

/** Control characters, surrogate halves and direction marks: shown as \u escapes in a report. */
function visible(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    const odd = code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff && ch.length === 1) || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e);
    out += odd ? `\\u${code.toString(16).padStart(4, '0')}` : ch;
  }
  return out;
}

/** A copy that prints small: long strings, long arrays and deep nesting cut, odd characters escaped. */
function prune(value: unknown, max: number, depth: number): unknown {
  if (typeof value === 'string') {
    const shown = value.length > max ? `${value.slice(0, max)}… (${value.length} chars)` : value;
    return visible(shown);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === undefined) return '(undefined)';
  if (!value || typeof value !== 'object') return value;
  if (depth > 6) return Array.isArray(value) ? '[… deeper]' : '{… deeper}';
  if (Array.isArray(value)) {
    const items = value.slice(0, 8).map((item) => prune(item, max, depth + 1));
    return value.length > 8 ? [...items, `… (${value.length} items)`] : items;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(out, String(prune(key, 40, 0)), { value: prune(item, max, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A value as short JSON, so a 2 MB counterexample prints in a few lines. */
export function brief(value: unknown, max = 160): string {
  const text = JSON.stringify(prune(value, max, 0)) ?? String(value);
  return text.length > 4_000 ? `${text.slice(0, 4_000)}… (${text.length} chars)` : text;
}

/**
 * Runs an async property like `fc.assert`, but throws an error that names the seed, the replay
 * path and a shortened counterexample (fast-check's own report would print megabytes of a huge
 * generated string). Returns the number of runs fast-check made.
 */
export async function checkProperty<T>(
  what: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  options: { seed: number; numRuns: number },
): Promise<number> {
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      await predicate(value);
    }),
    { seed: options.seed, numRuns: options.numRuns, endOnFailure: false },
  );
  if (details.failed) {
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      [
        `${what}: property failed after ${details.numRuns} runs (${details.numShrinks} shrinks)`,
        `replay with FUZZ_SEED=${details.seed} (fast-check path ${details.counterexamplePath ?? '-'})`,
        `counterexample: ${brief(details.counterexample?.[0])}`,
        `failure: ${error}`,
      ].join('\n'),
    );
  }
  return details.numRuns;
}
