import type { TestContext } from 'vitest';

/**
 * One line of the hardening table (`npm run test:hardening`, also printed at the end of
 * `npm test`): which reliability or security case a test covers, the fault it injects, what it
 * proved, and the figure it measured. The row travels in the test's meta data to the reporter
 * (test/tools/hardening-reporter.ts), so it is printed only for a test that ran to its end.
 */
export interface HardeningRow {
  /** The case, e.g. "live socket after logout". */
  readonly case: string;
  /** The fault the test injects, e.g. "20 × SIGKILL mid-write". */
  readonly fault: string;
  /** What held, e.g. "0 lost, 0 duplicated". */
  readonly result: string;
  /** The measured figure, e.g. "closed after 12 ms". */
  readonly figure: string;
}

declare module 'vitest' {
  interface TaskMeta {
    hardening?: HardeningRow[];
  }
}

/** Records a row for the hardening table; call it after the test's assertions. */
export function hardeningRow(context: TestContext, row: HardeningRow): void {
  const rows = (context.task.meta.hardening ??= []);
  rows.push({ ...row });
}
