import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CpuWindows, cpuSnapshot, cpuSpent, processCpuMs, untilQuiet } from '../../../bench/process-cpu.ts';

/** A Node child that spins for its first ~400 ms of CPU, says "done", then waits to be killed. */
const SPIN = 'const end = process.cpuUsage().user + 400_000; while (process.cpuUsage().user < end); process.stdout.write("done\\n"); setInterval(() => {}, 1000);';

function spinner(args: string[]) {
  const child = spawn(process.execPath, args);
  const done = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  return { child, done };
}

describe("processes' CPU time from /proc (the benchmarks' hub CPU and who shares the cores)", () => {
  it.runIf(process.platform === 'linux')("a child's time rises by what it spends, and is NaN for a process that is not there", async () => {
    const { child, done } = spinner(['-e', SPIN]);
    try {
      const before = processCpuMs(child.pid);
      await done;
      const spent = processCpuMs(child.pid) - before;
      expect(spent).toBeGreaterThanOrEqual(350);
      expect(spent).toBeLessThan(5_000);
    } finally {
      child.kill();
    }
    expect(processCpuMs(undefined)).toBeNaN();
    expect(processCpuMs(2 ** 22 + 7)).toBeNaN();
  });

  it.runIf(process.platform === 'linux')('two snapshots of every process give the CPU each spent in between, under the name given or of the script it runs', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'loket-cpu-'));
    const script = path.join(dir, 'busy-worker.mjs');
    await writeFile(script, SPIN);
    const named = spinner(['-e', SPIN]);
    const byScript = spinner([script]);
    try {
      const names = { [named.child.pid!]: 'the named one' };
      const before = cpuSnapshot(names);
      await Promise.all([named.done, byScript.done]);
      const spent = cpuSpent(before, cpuSnapshot(names));
      const of = (label: string) => spent.find((entry) => entry.label === label)?.ms ?? 0;
      // Each spun ~400 ms, part of it possibly before the first snapshot.
      expect(of('the named one')).toBeGreaterThanOrEqual(200);
      expect(of('node busy-worker.mjs')).toBeGreaterThanOrEqual(200);
      expect(of('the named one') + of('node busy-worker.mjs')).toBeLessThan(10_000);
      // Busiest first, and nothing counted twice or negative.
      expect(spent.map((entry) => entry.ms)).toEqual([...spent.map((entry) => entry.ms)].sort((a, b) => b - a));
      expect(spent.every((entry) => entry.ms > 0)).toBe(true);
    } finally {
      named.child.kill();
      byScript.child.kill();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("a benchmark's timed windows: who used the cores in them", () => {
  it.runIf(process.platform === 'linux')('sums each label over the windows counted, per window, and leaves out a warm-up window', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'loket-cpu-'));
    await writeFile(path.join(dir, 'warm-up-spinner.mjs'), SPIN);
    await writeFile(path.join(dir, 'timed-spinner.mjs'), SPIN);
    const windows = new CpuWindows();
    expect(windows.describe('in the test')).toBe('CPU in the test: no window measured');
    // One after the other, each inside its own window (a process is labelled by its script).
    windows.start();
    const warmUp = spinner([path.join(dir, 'warm-up-spinner.mjs')]);
    await warmUp.done;
    windows.stop(false);
    windows.start();
    const timed = spinner([path.join(dir, 'timed-spinner.mjs')]);
    await timed.done;
    windows.stop();
    try {
      const line = windows.describe('in the test', 2);
      expect(line).toMatch(/^CPU in the test \(mean ms of 1; [\d.]+ ms of wall time, [\d.]+ ms of CPU: [\d.]+ of the 2 cores busy\): /);
      expect(Number(/node timed-spinner\.mjs ([\d.]+)/.exec(line)?.[1])).toBeGreaterThanOrEqual(300);
      // The warm-up spinner only worked in the window left out.
      expect(Number(/node warm-up-spinner\.mjs ([\d.]+)/.exec(line)?.[1] ?? 0)).toBeLessThan(100);
    } finally {
      warmUp.child.kill();
      timed.child.kill();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('waiting for a quiet machine (each screen-pop round starts after the previous call has settled)', () => {
  /** Only the child's CPU: the tests run beside others, so the whole machine is rarely quiet. A spinning
   * child gets several of /proc's 10 ms ticks in 300 ms even on a loaded machine; an idle one none. */
  const only = (pid: number | undefined) => () => new Map([[String(pid), { label: 'child', cpuMs: processCpuMs(pid) }]]);

  it.runIf(process.platform === 'linux')('waits while a process works, and resolves once it stops', async () => {
    // Spins ~1.2 s of CPU, then idles: the machine cannot be quiet before it is done.
    const busy = spawn(process.execPath, ['-e', 'const end = process.cpuUsage().user + 1_200_000; while (process.cpuUsage().user < end); process.stdout.write("done\\n"); setInterval(() => {}, 1000);']);
    let done = false;
    busy.stdout.once('data', () => (done = true));
    try {
      await new Promise<void>((resolve) => busy.once('spawn', () => resolve()));
      expect(await untilQuiet({ windowMs: 300, maxBusyShare: 0.02, timeoutMs: 60_000, snapshot: only(busy.pid) })).toBe(true);
      expect(done).toBe(true);
    } finally {
      busy.kill();
    }
  });

  it.runIf(process.platform === 'linux')('gives up after its timeout while the work goes on, saying so', async () => {
    const busy = spawn(process.execPath, ['-e', 'process.stdout.write("go\\n"); for (;;);']);
    try {
      await new Promise<void>((resolve) => busy.stdout.once('data', () => resolve()));
      expect(await untilQuiet({ windowMs: 300, maxBusyShare: 0.02, timeoutMs: 1_000, snapshot: only(busy.pid) })).toBe(false);
    } finally {
      busy.kill();
    }
  });
});
