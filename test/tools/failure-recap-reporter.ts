import path from 'node:path';
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Repeats what failed as the very last lines of a run. The default reporter lists failures above
 * the hardening table and the skip list, so whoever reads only the tail of a long CI log (often
 * all a CI page keeps) saw a table of passing cases and an exit code 1 with no name. This recap
 * names each failed test or hook, its project and file and the first lines of its error, and any
 * unhandled error (which fails a run even when every test passed).
 */
export default class FailureRecapReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const lines: string[] = [];
    for (const module of testModules) {
      const where = `${module.project.name} ${relative(module.moduleId)}`;
      for (const error of module.errors()) lines.push(`  ${where} (file or hook)\n${excerpt(error)}`);
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state !== 'failed') continue;
        lines.push(`  ${where} › ${test.fullName}\n${(result.errors ?? []).map(excerpt).join('\n')}`);
      }
    }
    for (const error of unhandledErrors) lines.push(`  unhandled error\n${excerpt(error)}`);
    if (lines.length === 0) return;
    console.error(`\nFailed (${lines.length}) — recap; full output above:\n${lines.join('\n')}\n`);
  }
}

function relative(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join('/');
}

function excerpt(error: SerializedError | { message?: string; stack?: string }): string {
  const text = (error.stack ?? error.message ?? String(error)).split('\n').slice(0, 8);
  return text.map((line) => `      ${line}`).join('\n');
}
