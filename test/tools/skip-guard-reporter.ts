import path from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { allowedSkip } from './skip-allow-list.ts';

/**
 * Fails the run when a test was skipped that is not on the allow-list (test/tools/skip-allow-list.ts):
 * lint bans `.skip` and `.todo` in the source, this catches what lint cannot see, such as a
 * `skipIf` whose condition is wrong on this machine. Allowed skips are listed with their reason.
 */
export default class SkipGuardReporter implements Reporter {
  #filteredByName = false;

  onInit(vitest: Vitest): void {
    // `-t <pattern>` skips every test it does not match: that is the person's choice, not a parked test.
    this.#filteredByName = vitest.config.testNamePattern !== undefined;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    if (this.#filteredByName) return;
    const allowed: string[] = [];
    const refused: string[] = [];
    for (const module of testModules) {
      const file = path.relative(process.cwd(), module.moduleId).split(path.sep).join('/');
      const project = module.project.name;
      for (const test of module.children.allTests()) {
        if (test.result().state !== 'skipped') continue;
        const name = test.fullName;
        const rule = allowedSkip(file, name, project);
        if (rule) allowed.push(`  ${project} ${file} › ${name}\n      why: ${rule.why}`);
        else refused.push(`  ${project} ${file} › ${name}`);
      }
    }
    if (allowed.length > 0) console.log(`\nSkipped (allowed, ${allowed.length}):\n${allowed.join('\n')}`);
    if (refused.length > 0) {
      console.error(`\nSkipped tests that are not on the allow-list (test/tools/skip-allow-list.ts) — the run fails:\n${refused.join('\n')}\n`);
      process.exitCode = 1;
    }
  }
}
