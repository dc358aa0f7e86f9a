import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Each layer's tsconfig gives it only the host types it may use: the DOM does not exist in main
// and Node does not exist in the renderer or in common.
const root = path.resolve(import.meta.dirname, '../../..');
let probeDir: string;

beforeAll(async () => {
  probeDir = await mkdtemp(path.join(os.tmpdir(), 'loket-layer-types-'));
});
afterAll(() => rm(probeDir, { recursive: true, force: true }));

async function diagnostics(layer: string, code: string): Promise<string[]> {
  const configPath = path.join(root, layer, 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configPath), undefined, configPath);
  const probe = path.join(probeDir, `${layer.replace(/\W/g, '-')}-${Math.random().toString(36).slice(2)}.ts`);
  await writeFile(probe, code);
  const program = ts.createProgram([probe], parsed.options);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(probe))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('per-layer types', () => {
  it('main has Node but no DOM', async () => {
    expect(await diagnostics('main', 'export const dir: string = process.cwd();\n')).toEqual([]);
    expect((await diagnostics('main', 'export const title = document.title;\n')).join()).toMatch(/Cannot find name 'document'/);
  }, 30_000);

  it('the renderer has the DOM but no Node', async () => {
    expect(await diagnostics('renderer', 'export const title = document.title;\n')).toEqual([]);
    expect((await diagnostics('renderer', 'export const env = process.env;\n')).join()).toMatch(/Cannot find name 'process'/);
  }, 30_000);

  it('common has neither', async () => {
    const both = (await diagnostics('common', 'export const a = document.title;\nexport const b = process.env;\n')).join();
    expect(both).toMatch(/Cannot find name 'document'/);
    expect(both).toMatch(/Cannot find name 'process'/);
  }, 30_000);
});
