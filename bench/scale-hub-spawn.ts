import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { processCpuMs } from './process-cpu.ts';
// Type only: the hub (PGlite) runs in its own process, never in the benchmark's.
import type { ScaleHubInfo } from './scale-hub.ts';

/** The line bench/scale-hub-process.ts prints once it listens. */
const READY_PREFIX = 'SCALE_HUB ';

export interface ChildHub {
  readonly info: ScaleHubInfo;
  /** The hub process's CPU time so far (user + system, ms); NaN where /proc cannot tell (not Linux). */
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * Starts bench/scale-hub-process.ts (the 100k data set's hub) in its own process and waits for the
 * line that says where it listens: the cache and screen-pop benchmarks then time the console, not
 * a hub sharing its event loop.
 */
export async function spawnScaleHub(): Promise<ChildHub> {
  // `LOKET_BENCH_HUB_NODE_ARGS="--cpu-prof --cpu-prof-dir=…"` profiles the hub's side (Node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = (process.env.LOKET_BENCH_HUB_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(import.meta.dirname, 'scale-hub-process.ts')], {
    cwd: path.dirname(import.meta.dirname),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const info = await new Promise<ScaleHubInfo>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(READY_PREFIX)) resolve(JSON.parse(line.slice(READY_PREFIX.length)) as ScaleHubInfo);
      else console.log(`    hub: ${line}`);
    });
    child.once('error', reject);
    void exited.then((code) => reject(new Error(`the scale hub exited (code ${code}) before it listened`)));
  });
  return {
    info,
    cpuMs: () => processCpuMs(child.pid),
    async stop() {
      child.stdin.end(); // the hub closes PGlite cleanly and exits
      const force = setTimeout(() => child.kill('SIGTERM'), 60_000);
      await exited;
      clearTimeout(force);
    },
  };
}
