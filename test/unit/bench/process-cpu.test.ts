import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processCpuMs } from '../../../bench/scale-hub-spawn.ts';

describe("a child process's CPU time from /proc (the cache bench's hub CPU)", () => {
  it.runIf(process.platform === 'linux')('rises by what a busy child spends, and is NaN for a process that is not there', async () => {
    // A child that spins for its first ~400 ms of CPU, then waits to be killed.
    const child = spawn(process.execPath, ['-e', 'const end = process.cpuUsage().user + 400_000; while (process.cpuUsage().user < end); process.stdout.write("done\\n"); setInterval(() => {}, 1000);']);
    try {
      const before = processCpuMs(child.pid);
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      const spent = processCpuMs(child.pid) - before;
      expect(spent).toBeGreaterThanOrEqual(350);
      expect(spent).toBeLessThan(5_000);
    } finally {
      child.kill();
    }
    expect(processCpuMs(undefined)).toBeNaN();
    expect(processCpuMs(2 ** 22 + 7)).toBeNaN();
  });
});
