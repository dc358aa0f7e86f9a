import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/web-shell-process.ts';
import { tempDir } from '../../support/temp-dir.ts';

// `npm run bench` itself (bench/run.ts), on suites made for this test: each suite file runs in a
// process of its own, and one that fails costs only its own figures.

/** A suite file whose figure is the pid of the process that ran it. */
const pidSuite = (name: string) => `export default { name: '${name}', cases: [{ name: 'pid', unit: 'pid', measure: () => process.pid }] };\n`;

function runBench(suitesDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'run.ts')], {
    cwd: ROOT,
    env: { ...process.env, LOKET_BENCH_SUITES_DIR: suitesDir, LOKET_BENCH_RESULTS_TO: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench (bench/run.ts)', () => {
  it('runs each suite file in a fresh process, goes on past a failing one, prints every figure and exits 1', async () => {
    const { dir, cleanup } = await tempDir('loket-bench-run-');
    try {
      await writeFile(path.join(dir, 'a-first.bench.ts'), pidSuite('first'));
      await writeFile(path.join(dir, 'b-broken.bench.ts'), `export default { name: 'broken', setup() { throw new Error('the data set is not whole: delete it'); }, cases: [] };\n`);
      await writeFile(path.join(dir, 'c-dies.bench.ts'), `process.exit(3);\n`);
      await writeFile(path.join(dir, 'd-last.bench.ts'), pidSuite('last'));
      const { code, stdout, stderr } = await runBench(dir);

      expect(code).toBe(1);
      const pids = [...stdout.matchAll(/\| (first|last) +\| pid .*?\| ([\d,]+) pid/g)].map((match) => Number(match[2]?.replace(/,/g, '')));
      expect(pids).toHaveLength(2);
      expect(new Set(pids).size).toBe(2);
      expect(stdout).toMatch(/\| broken +\| \(setup\) .*\| FAILED \|/);
      expect(stdout).toContain('- broken › (setup): the data set is not whole: delete it');
      expect(stdout).toContain('- c-dies.bench.ts › (process): its process ended (exit code 3) before it wrote its figures');
      expect(stderr).toContain('Error: the data set is not whole');

      const [saved] = await readdir(path.join(dir, 'results'));
      const results = JSON.parse(await readFile(path.join(dir, 'results', saved ?? ''), 'utf8')) as { results: { suite: string; name: string }[] };
      expect(results.results.map((r) => `${r.suite} › ${r.name}`)).toEqual(['first › pid', 'broken › (setup)', 'c-dies.bench.ts › (process)', 'last › pid']);
    } finally {
      await cleanup();
    }
  });
});
