// The tests' temp folders: a test that never reached its cleanup (a hook that timed out, a throw
// before `finally`) must not leave a console's data behind in the OS temp dir.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp-dir.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'loket-temp-dir-check-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('tempDir', () => {
  it('removes the folders a process made and never cleaned up when that process exits', async () => {
    const osTemp = path.join(scratch, 'os-temp');
    rmSync(osTemp, { recursive: true, force: true });
    const script = path.join(scratch, 'forgetful-test.mts');
    const helper = path.join(root, 'test', 'support', 'temp-dir.ts');
    writeFileSync(
      script,
      [
        `import { writeFileSync, mkdirSync } from 'node:fs';`,
        `import { tempDir } from ${JSON.stringify(helper)};`,
        `const kept = await tempDir();`,
        `const forgotten = await tempDir();`,
        `mkdirSync(forgotten.dir + '/cache');`,
        `writeFileSync(forgotten.dir + '/settings.json', '{}');`,
        `await tempDir();`,
        `await kept.cleanup();`,
        `console.log(forgotten.dir);`,
      ].join('\n'),
    );
    mkdirSync(osTemp);
    const { stdout } = await promisify(execFile)(path.join(root, 'node_modules', '.bin', 'tsx'), [script], { env: { ...process.env, TMPDIR: osTemp } });

    expect(stdout.trim().startsWith(path.join(osTemp, 'loket-test-'))).toBe(true);
    // (tsx keeps its own cache there too: only our folders count.)
    expect(readdirSync(osTemp).filter((name) => name.startsWith('loket-test-'))).toEqual([]);
  });

  it('still hands out a folder that exists until its cleanup', async () => {
    const { dir, cleanup } = await tempDir();
    expect(existsSync(dir)).toBe(true);
    await cleanup();
    expect(existsSync(dir)).toBe(false);
  });
});
