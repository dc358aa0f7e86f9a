import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The two reporters every run uses, tried on a real vitest run of small test files (written
// into an ignored folder of the checkout, so they resolve 'vitest' like the real tests do).
const root = path.resolve(import.meta.dirname, '../../..');
let dir: string;

beforeAll(async () => {
  const base = path.join(root, '.tmp-vitest');
  await import('node:fs/promises').then((fs) => fs.mkdir(base, { recursive: true }));
  dir = await mkdtemp(path.join(base, 'reporters-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function runVitest(files: Record<string, string>): Promise<{ status: number | null; output: string }> {
  for (const [name, code] of Object.entries(files)) await writeFile(path.join(dir, name), code);
  const config = `export default { test: { name: 'fixture', include: ['*.test.ts'], reporters: ['default', ${JSON.stringify(path.join(root, 'test/tools/hardening-reporter.ts'))}, ${JSON.stringify(path.join(root, 'test/tools/skip-guard-reporter.ts'))}] } };\n`;
  await writeFile(path.join(dir, 'vitest.config.mjs'), config);
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, '--config', path.join(dir, 'vitest.config.mjs')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('the test-run reporters', () => {
  it('fail a run whose only problem is a test skipped outside the allow-list, and name it', async () => {
    const run = await runVitest({
      'parked.test.ts': "import { it, expect } from 'vitest';\nit('runs', () => expect(1).toBe(1));\nit.skipIf(true)('parked for later', () => undefined);\n",
    });
    expect(run.status).toBe(1);
    expect(run.output).toContain('not on the allow-list');
    expect(run.output).toContain('parked for later');
  });

  it('print the hardening table with each recorded row, and mark a failed case FAILED', async () => {
    const hardening = JSON.stringify(path.join(root, 'test/support/hardening.ts'));
    const run = await runVitest({
      'parked.test.ts': "import { it } from 'vitest';\nit('nothing parked', () => undefined);\n",
      'case.hardening.test.ts': `import { it, expect } from 'vitest';\nimport { hardeningRow } from ${hardening};\n` +
        "it('holds', (ctx) => { hardeningRow(ctx, { case: 'disk full', fault: 'ENOSPC on write', result: 'kept in outbox', figure: '3 retries' }); });\n" +
        "it('breaks', (ctx) => { hardeningRow(ctx, { case: 'power cut', fault: 'SIGKILL', result: 'nothing lost', figure: '0 rows' }); expect(1).toBe(2); });\n",
    });
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/Hardening cases \(2\)/);
    expect(run.output).toMatch(/\| disk full +\| ENOSPC on write +\| kept in outbox +\| 3 retries/);
    expect(run.output).toMatch(/\| power cut +\| SIGKILL +\| FAILED \(nothing lost\)/);
  });
});
