import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';

// CPU time from /proc, so a benchmark counts work done (not time waited) by processes it did not
// write: the hub it spawned, and everything that shares the cores during a screen pop (Kamailio,
// rtpengine, baresip, Chromium's processes). Linux only: elsewhere the figures are NaN / empty.

/** Clock ticks per second of /proc's times (`getconf CLK_TCK`: 100 on Linux's common builds). */
const CLOCK_TICKS_PER_SECOND = 100;

/** user + system ms of one /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat line, and its name. */
function readStat(file: string): { name: string; cpuMs: number } | null {
  try {
    const line = readFileSync(file, 'utf8');
    // The name is in parentheses and may hold spaces or parentheses itself: cut at the last ") ".
    const close = line.lastIndexOf(') ');
    const fields = line.slice(close + 2).split(' ');
    // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (!Number.isFinite(ticks)) return null;
    return { name: line.slice(line.indexOf('(') + 1, close), cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** A process's user + system CPU time in ms; NaN for a process that is not there (or not Linux). */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  return readStat(`/proc/${pid}/stat`)?.cpuMs ?? Number.NaN;
}

/** CPU time so far of every process (or thread) by what it is, e.g. `chromium renderer` or `kamailio`. */
export type CpuSnapshot = ReadonlyMap<string, { readonly label: string; readonly cpuMs: number }>;

const labels = new Map<string, string>();

/**
 * What a process is, from its name and command line: Chromium's processes by `--type`, Node
 * processes by the script they run, others by their name. Read once per process.
 */
function labelOf(pid: string, name: string, names: Readonly<Record<number, string>>): string {
  const known = names[Number(pid)];
  if (known) return known;
  const key = `${pid} ${name}`;
  const cached = labels.get(key);
  if (cached) return cached;
  let command = '';
  try {
    // Chromium's child processes rewrite their command line as one string (spaces, not NULs).
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    // Gone already: its name is all there is.
  }
  let label = name;
  const type = /--type=(\S+)/.exec(command)?.[1];
  if (type !== undefined) {
    const sub = /--utility-sub-type=(\S+)/.exec(command)?.[1]?.split('.').at(-2);
    label = `chromium ${type}${sub ? ` (${sub})` : ''}`;
  } else if (/chrom/i.test(name)) label = 'chromium browser';
  else if (name.startsWith('node')) {
    const script = /(\S+\.(?:ts|js|mjs))(?:\s|$)/.exec(command)?.[1]?.split('/').at(-1);
    label = `node ${script ?? ''}`.trim();
  }
  labels.set(key, label);
  return label;
}

/**
 * Every process's CPU time so far, keyed by pid; Chromium's by thread (pid/tid, labelled e.g.
 * `chromium renderer: CrRendererMain`, `chromium gpu-process: VizCompositorTh`), as which of its
 * threads work is what tells a page's render from the compositor's or the network's. `names`
 * labels known pids (e.g. this process as `bench: main`).
 */
export function cpuSnapshot(names: Readonly<Record<number, string>> = {}): CpuSnapshot {
  const snapshot = new Map<string, { label: string; cpuMs: number }>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return snapshot;
  }
  for (const pid of pids) {
    const stat = readStat(`/proc/${pid}/stat`);
    if (!stat) continue;
    const label = labelOf(pid, stat.name, names);
    if (!label.startsWith('chromium')) {
      snapshot.set(pid, { label, cpuMs: stat.cpuMs });
      continue;
    }
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const thread = readStat(`/proc/${pid}/task/${tid}/stat`);
      if (thread) snapshot.set(`${pid}/${tid}`, { label: `${label}: ${thread.name}`, cpuMs: thread.cpuMs });
    }
  }
  return snapshot;
}

/**
 * CPU spent between two snapshots, summed by label, busiest first (processes that started in
 * between count from zero; ones that ended are left out).
 */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): { label: string; ms: number }[] {
  const byLabel = new Map<string, number>();
  for (const [key, { label, cpuMs }] of after) {
    const spent = cpuMs - (before.get(key)?.cpuMs ?? 0);
    if (spent > 0) byLabel.set(label, (byLabel.get(label) ?? 0) + spent);
  }
  return [...byLabel.entries()].map(([label, ms]) => ({ label, ms })).sort((a, b) => b.ms - a.ms);
}

/**
 * Resolves once the machine is quiet: in a `windowMs` window every process together used less
 * than `maxBusyShare` of one core (this one's reading of /proc included). After `timeoutMs` it
 * resolves anyway, with false. A benchmark that times one event waits for this first, so the
 * previous round's aftermath (a call's log reaching the hub, a screen refreshing) is not inside
 * the next round's window.
 */
export async function untilQuiet(
  options: { windowMs?: number; maxBusyShare?: number; timeoutMs?: number; snapshot?: () => CpuSnapshot } = {},
): Promise<boolean> {
  const windowMs = options.windowMs ?? 100;
  const maxBusyShare = options.maxBusyShare ?? 0.15;
  const end = performance.now() + (options.timeoutMs ?? 3_000);
  /** Every process by default; a test watches its own. */
  const snapshot = options.snapshot ?? (() => cpuSnapshot());
  let before = snapshot();
  let at = performance.now();
  while (performance.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = snapshot();
    const now = performance.now();
    const busy = cpuSpent(before, after).reduce((sum, { ms }) => sum + ms, 0);
    if (busy / (now - at) < maxBusyShare) return true;
    before = after;
    at = now;
  }
  return false;
}

/** The label of the benchmark's own process: it runs main's services and drives Playwright. */
export const BENCH_PROCESS: Readonly<Record<number, string>> = { [process.pid]: 'bench: main and Playwright' };

/**
 * Who used the cores during a benchmark's timed windows: CPU per label summed over the windows
 * (`start` / `stop` around each), with their wall time. /proc counts in 10 ms ticks, so the
 * figure is a mean over many windows, not a window's own.
 */
export class CpuWindows {
  readonly #names: Readonly<Record<number, string>>;
  readonly #byLabel = new Map<string, number>();
  #wallMs = 0;
  #windows = 0;
  #open: { before: CpuSnapshot; at: number } | null = null;

  /** `names` labels known pids, e.g. the benchmark's own process. */
  constructor(names: Readonly<Record<number, string>> = {}) {
    this.#names = names;
  }

  start(): void {
    this.#open = { before: cpuSnapshot(this.#names), at: performance.now() };
  }

  /** Ends the window; `count` false drops it (a warm-up round). */
  stop(count = true): void {
    const open = this.#open;
    this.#open = null;
    if (!open || !count) return;
    for (const { label, ms } of cpuSpent(open.before, cpuSnapshot(this.#names))) this.#byLabel.set(label, (this.#byLabel.get(label) ?? 0) + ms);
    this.#wallMs += performance.now() - open.at;
    this.#windows += 1;
  }

  /** One line: per window, the wall time, all CPU, the share of the cores busy and the busiest labels. */
  describe(what: string, cores = availableParallelism()): string {
    if (this.#windows === 0) return `CPU ${what}: no window measured`;
    const n = this.#windows;
    const total = [...this.#byLabel.values()].reduce((sum, ms) => sum + ms, 0);
    const busiest = [...this.#byLabel.entries()]
      .sort((a, b) => b[1] - a[1])
      .filter(([, ms]) => ms / n >= 0.5)
      .map(([label, ms]) => `${label} ${(ms / n).toFixed(1)}`);
    return (
      `CPU ${what} (mean ms of ${n}; ${(this.#wallMs / n).toFixed(1)} ms of wall time, ${(total / n).toFixed(1)} ms of CPU: ` +
      `${(total / this.#wallMs).toFixed(2)} of the ${cores} cores busy): ${busiest.join(', ')}`
    );
  }
}
