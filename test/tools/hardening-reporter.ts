import type { Reporter, TestModule } from 'vitest/node';
import type { HardeningRow } from '../support/hardening.ts';

/**
 * Prints the hardening table at the end of a run: one row per reliability or security case
 * (test/support/hardening.ts), with the fault the test injected, what held and its figure.
 * `npm run test:hardening` runs only the `*.hardening.test.ts` files; `npm test` runs them with
 * everything else and prints the same table. A case whose test failed is listed as FAILED, so the
 * table never shows a figure that did not hold.
 */
export default class HardeningReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const rows: Array<HardeningRow & { project: string }> = [];
    for (const module of testModules) {
      const project = module.project.name;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        for (const row of test.meta().hardening ?? []) {
          rows.push({ ...row, project, result: state === 'passed' ? row.result : `FAILED (${row.result})` });
        }
        if (state === 'failed' && !(test.meta().hardening ?? []).length && isHardeningFile(module.moduleId)) {
          rows.push({ project, case: test.name, fault: '(test failed before recording its row)', result: 'FAILED', figure: '' });
        }
      }
    }
    if (rows.length === 0) return;
    console.log(`\nHardening cases (${rows.length}):\n${formatTable(rows)}\n`);
  }
}

function isHardeningFile(file: string): boolean {
  return /\.hardening\.test\.tsx?$/.test(file);
}

export function formatTable(rows: ReadonlyArray<HardeningRow & { project: string }>): string {
  const header = ['case', 'fault injected', 'result', 'figure', 'project'];
  const cells = rows.map((row) => [row.case, row.fault, row.result, row.figure, row.project]);
  const widths = header.map((title, column) => Math.min(60, Math.max(title.length, ...cells.map((line) => (line[column] ?? '').length))));
  const line = (values: readonly string[]) => `| ${values.map((value, column) => clip(value, widths[column] ?? 0).padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

function clip(value: string, width: number): string {
  return value.length <= width ? value : `${value.slice(0, width - 1)}…`;
}
