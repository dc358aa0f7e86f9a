// The benchmark harness: each suite is a list of cases; each case runs warm-up rounds, then
// timed rounds, and reports percentiles against an optional target. `npm run bench` prints one
// table for all suites and writes the figures to bench/results/ (not committed).

export interface BenchCase {
  readonly name: string;
  /** Timed rounds (after `warmup` untimed ones). */
  readonly iterations: number;
  readonly warmup?: number;
  /** The figure the issue asks for, e.g. `{ p95Ms: 10 }`. */
  readonly target?: { readonly p95Ms: number };
  /**
   * One round. Timed as a whole, unless it returns its own samples in ms (e.g. the delivery
   * latency at each of 2,000 sockets), which are then the figures.
   */
  run(iteration: number): Promise<void | number[]> | void | number[];
}

/**
 * A figure that is not a latency — a rate, a size, a duration — measured once and printed as its
 * own row (value and unit in the "figure" column, the target as "≥"/"≤").
 */
export interface FigureCase {
  readonly name: string;
  readonly unit: string;
  readonly target?: { readonly atLeast: number } | { readonly atMost: number };
  /** The value; NaN when it was not measured this run (shown as "n/a", no verdict). */
  measure(): Promise<number> | number;
}

export interface BenchSuite {
  readonly name: string;
  setup?(): Promise<void> | void;
  readonly cases: readonly (BenchCase | FigureCase)[];
  teardown?(): Promise<void> | void;
}

export interface BenchResult {
  readonly suite: string;
  readonly name: string;
  readonly iterations: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly opsPerSecond: number;
  readonly targetP95Ms: number | null;
  readonly met: boolean | null;
  /** Only for a `FigureCase` row (its latency columns are then NaN). */
  readonly figure?: { readonly value: number; readonly unit: string; readonly target: string | null };
  /** Why the case (or, for the row named `SETUP_FAILED`, its suite's setup) measured nothing: its error's first line. */
  readonly failed?: string;
}

/** The row a suite whose setup (or teardown) threw gets in place of its cases' figures. */
export const SETUP_FAILED = '(setup)';
export const TEARDOWN_FAILED = '(teardown)';

export function defineSuite(suite: BenchSuite): BenchSuite {
  return suite;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/**
 * `LOKET_BENCH_CASE=<part of a name>` runs only the cases whose names contain it (e.g. one case of
 * a suite while working on it; the suite's setup and teardown still run).
 */
function wantedCase(name: string): boolean {
  const wanted = process.env.LOKET_BENCH_CASE;
  return !wanted || name.toLowerCase().includes(wanted.toLowerCase());
}

/**
 * Runs one suite. A case that throws (a check that refuses its figure, a peer that died) becomes
 * a failed row with its reason, and the suite goes on with its next case: one failure must not
 * cost a long run every other figure. A setup that throws measures nothing at all: the suite
 * ends with one failed row. `onError` gets each error whole (the table shows its first line).
 */
export async function runSuite(suite: BenchSuite, onProgress: (line: string) => void = () => undefined, onError: (what: string, error: unknown) => void = () => undefined): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const fail = (name: string, error: unknown) => {
    onError(`${suite.name} › ${name}`, error);
    results.push(failedRow(suite.name, name, error));
    onProgress(`  ${suite.name} › ${name}: FAILED (${firstLine(error)})`);
  };
  try {
    await suite.setup?.();
  } catch (error) {
    fail(SETUP_FAILED, error);
    await teardown(suite, fail);
    return results;
  }
  for (const bench of suite.cases) {
    if (!wantedCase(bench.name)) continue;
    try {
      results.push('measure' in bench ? await measureFigure(suite.name, bench) : await timeCase(suite.name, bench));
      onProgress(`  ${suite.name} › ${bench.name}: done`);
    } catch (error) {
      fail(bench.name, error);
    }
  }
  await teardown(suite, fail);
  return results;
}

async function teardown(suite: BenchSuite, fail: (name: string, error: unknown) => void): Promise<void> {
  try {
    await suite.teardown?.();
  } catch (error) {
    fail(TEARDOWN_FAILED, error);
  }
}

async function timeCase(suite: string, bench: BenchCase): Promise<BenchResult> {
  for (let i = 0; i < (bench.warmup ?? Math.min(50, bench.iterations)); i++) await bench.run(i);
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < bench.iterations; i++) {
    const t0 = performance.now();
    const own = await bench.run(i);
    if (Array.isArray(own)) samples.push(...own);
    else samples.push(performance.now() - t0);
  }
  const total = performance.now() - started;
  samples.sort((a, b) => a - b);
  const p95Ms = percentile(samples, 95);
  const targetP95Ms = bench.target?.p95Ms ?? null;
  return {
    suite,
    name: bench.name,
    iterations: samples.length,
    p50Ms: percentile(samples, 50),
    p95Ms,
    p99Ms: percentile(samples, 99),
    opsPerSecond: (bench.iterations / total) * 1000,
    targetP95Ms,
    met: targetP95Ms === null ? null : p95Ms <= targetP95Ms,
  };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n', 1)[0]?.trim() || 'failed';
}

/** A row for a case (or a suite, or its process) that measured nothing, with its reason. */
export function failedRow(suite: string, name: string, error: unknown): BenchResult {
  return { suite, name, iterations: 0, p50Ms: Number.NaN, p95Ms: Number.NaN, p99Ms: Number.NaN, opsPerSecond: Number.NaN, targetP95Ms: null, met: null, failed: firstLine(error) };
}

async function measureFigure(suite: string, figure: FigureCase): Promise<BenchResult> {
  const value = await figure.measure();
  const target = figure.target;
  const met = !target || Number.isNaN(value) ? null : 'atLeast' in target ? value >= target.atLeast : value <= target.atMost;
  const targetText = !target ? null : 'atLeast' in target ? `≥ ${formatFigure(target.atLeast)} ${figure.unit}` : `≤ ${formatFigure(target.atMost)} ${figure.unit}`;
  return {
    suite,
    name: figure.name,
    iterations: 1,
    p50Ms: Number.NaN,
    p95Ms: Number.NaN,
    p99Ms: Number.NaN,
    opsPerSecond: Number.NaN,
    targetP95Ms: null,
    met,
    figure: { value, unit: figure.unit, target: targetText },
  };
}

function formatFigure(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en', { maximumFractionDigits: Math.abs(value) >= 1_000 ? 0 : 1 });
}

export function formatTable(results: readonly BenchResult[]): string {
  // The "figure" column (and "target" for the header) only when a suite reports figures, so tables without them read as before.
  const figures = results.some((r) => r.figure);
  const header = ['suite', 'case', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'ops/s', ...(figures ? ['figure', 'target'] : ['target p95']), 'met'];
  const rows = results.map((r) => {
    const noLatency = r.figure !== undefined || r.failed !== undefined;
    return [
      r.suite,
      r.name,
      noLatency ? '–' : String(r.iterations),
      noLatency ? '–' : r.p50Ms.toFixed(3),
      noLatency ? '–' : r.p95Ms.toFixed(3),
      noLatency ? '–' : r.p99Ms.toFixed(3),
      noLatency ? '–' : r.opsPerSecond.toFixed(0),
      ...(figures ? [r.figure ? `${formatFigure(r.figure.value)} ${r.figure.unit}` : '–'] : []),
      r.figure ? (r.figure.target ?? '–') : r.targetP95Ms === null ? '–' : `≤ ${r.targetP95Ms} ms`,
      r.failed !== undefined ? 'FAILED' : r.met === null ? '–' : r.met ? 'yes' : 'NO',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const table = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
  const failures = results.filter((r) => r.failed !== undefined).map((r) => `- ${r.suite} › ${r.name}: ${r.failed}`);
  return (failures.length > 0 ? [...table, '', 'Failed, so not measured:', ...failures] : table).join('\n');
}
