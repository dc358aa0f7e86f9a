// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and prints
// one table. Figures also go to bench/results/<timestamp>.json for comparing runs. A case or a
// suite's setup that fails is a FAILED row with its reason, its error is printed in full as it
// happens, the other suites still run, and the run exits 1.
//
// Each suite file runs in a fresh process of its own (this script again, with
// `LOKET_BENCH_RESULTS_TO` naming where it writes its rows): a suite measured after another in
// the same process inherited its heap and its leftovers (the team board's PGlite left ~380 MB
// behind, and the first sync after it took 72 s against 67–69 s alone).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { failedRow, formatTable, runSuite, type BenchResult, type BenchSuite } from './harness.ts';

const RESULTS_TO = 'LOKET_BENCH_RESULTS_TO';
/** Where the suites are: this folder, or another one (the harness's own test runs suites made for it). */
const SUITES_DIR = process.env.LOKET_BENCH_SUITES_DIR ?? import.meta.dirname;
const NOT_MEASURED = new Set(['p50Ms', 'p95Ms', 'p99Ms', 'opsPerSecond', 'value']);

/** Runs the suites of one file in this process and writes their rows to `out`. */
async function runFile(file: string, out: string): Promise<void> {
  const exported = (await import(pathToFileURL(path.join(SUITES_DIR, file)).href) as { default: BenchSuite | BenchSuite[] }).default;
  const results: BenchResult[] = [];
  for (const suite of Array.isArray(exported) ? exported : [exported]) {
    console.log(`running ${suite.name} (${file})…`);
    results.push(...(await runSuite(suite, (line) => console.log(line), (what, error) => console.error(`\n${what} failed:`, error, '\n'))));
  }
  await writeFile(out, JSON.stringify(results));
}

/** One file's suites in a child process; a child that dies without its rows is a failed row of its own. */
async function runFileApart(file: string, dir: string): Promise<BenchResult[]> {
  const out = path.join(dir, `${file}.json`);
  const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, file], { stdio: 'inherit', env: { ...process.env, [RESULTS_TO]: out } });
  const exit = await new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`));
  });
  try {
    // JSON has no NaN ("not measured"): it comes back as null.
    return JSON.parse(await readFile(out, 'utf8'), (key, value: unknown) => (value === null && NOT_MEASURED.has(key) ? Number.NaN : value)) as BenchResult[];
  } catch {
    const why = `its process ended (${exit}) before it wrote its figures`;
    console.error(`\n${file} failed: ${why}\n`);
    return [failedRow(file, '(process)', why)];
  }
}

async function main(): Promise<void> {
  process.env.LOKET_LOG ??= 'silent';
  const own = process.env[RESULTS_TO];
  if (own) return runFile(process.argv[2] ?? '', own);
  const dir = SUITES_DIR;
  const wanted = process.argv.slice(2);
  const files = (await readdir(dir)).filter((file) => file.endsWith('.bench.ts')).sort();
  const selected = wanted.length ? files.filter((file) => wanted.some((w) => file.includes(w))) : files;
  console.log(`Loket benchmarks on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.versions.node}`);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'loket-bench-results-'));
  const results: BenchResult[] = [];
  try {
    for (const file of selected) results.push(...(await runFileApart(file, scratch)));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  console.log(`\n${formatTable(results)}\n`);
  const out = path.join(dir, 'results');
  await mkdir(out, { recursive: true });
  const file = path.join(out, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify({ machine: { cpus: os.cpus().length, node: process.versions.node }, results }, null, 2)}\n`);
  console.log(`figures saved to ${path.relative(process.cwd(), file)}`);
  if (results.some((r) => r.met === false)) console.log('Some targets were missed (see the "met" column).');
  // Every other figure is printed and saved above; the run still says it was not whole.
  if (results.some((r) => r.failed !== undefined)) {
    console.error('Some cases failed and measured nothing (see "Failed, so not measured" above, and each error as it happened).');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
