import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpuSnapshot, cpuSpent, processCpuMs, untilQuiet } from '../../../bench/process-cpu.ts';

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
