// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and prints
// one table. Figures also go to bench/results/<timestamp>.json for comparing runs. A case or a
// suite's setup that fails is a FAILED row with its reason, its error is printed in full as it
// happens, the other suites still run, and the run exits 1.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatTable, runSuite, type BenchResult, type BenchSuite } from './harness.ts';

async function main(): Promise<void> {
  process.env.LOKET_LOG ??= 'silent';
  const dir = import.meta.dirname;
  const wanted = process.argv.slice(2);
  const files = (await readdir(dir)).filter((file) => file.endsWith('.bench.ts')).sort();
  const selected = wanted.length ? files.filter((file) => wanted.some((w) => file.includes(w))) : files;
  console.log(`Loket benchmarks on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.versions.node}`);
  const results: BenchResult[] = [];
  for (const file of selected) {
    const exported = (await import(pathToFileURL(path.join(dir, file)).href) as { default: BenchSuite | BenchSuite[] }).default;
    for (const suite of Array.isArray(exported) ? exported : [exported]) {
      console.log(`running ${suite.name} (${file})…`);
      results.push(...(await runSuite(suite, (line) => console.log(line), (what, error) => console.error(`\n${what} failed:`, error, '\n'))));
    }
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
