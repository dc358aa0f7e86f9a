import { describe, expect, it } from 'vitest';
import { lintAt as lint } from './lint-at.ts';

describe('the layering lint', () => {
  it('fails on an electron import outside main/shell/electron/', async () => {
    const messages = await lint('main/settings/example.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expect(messages.some((m) => m.startsWith('loket/layers') && m.includes("may import 'electron'"))).toBe(true);
    expect(await lint('renderer/example.ts', "import { shell } from 'electron';\nexport const s = shell;\n")).not.toEqual([]);
  });

  it('allows electron inside main/shell/electron/', async () => {
    expect(await lint('main/shell/electron/example.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });

  it('lets the preload use contextBridge and ipcRenderer only', async () => {
    expect(await lint('preload/example.ts', "import { contextBridge } from 'electron';\nexport const c = contextBridge;\n")).toEqual([]);
    const messages = await lint('preload/example.ts', "import { shell } from 'electron';\nexport const s = shell;\n");
    expect(messages.some((m) => m.startsWith('loket/layers'))).toBe(true);
  });

  it('fails on main/ imported from renderer/', async () => {
    const messages = await lint('renderer/features/example.ts', "import { createServices } from '../../main/services.ts';\nexport const c = createServices;\n");
    expect(messages).toContainEqual(expect.stringMatching(/^loket\/layers: renderer\/ may not import main\//));
  });

  it('fails on a shell imported by the rest of main, and on server code in main', async () => {
    expect(await lint('main/example.ts', "import { startWebShell } from './shell/web/server.ts';\nexport const s = startWebShell;\n")).toContainEqual(
      expect.stringMatching(/main\/ may not import main\/shell\/web\//),
    );
  });

  it('fails on Node built-ins in code that runs in a page or everywhere', async () => {
    expect(await lint('renderer/example.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;\n")).toContainEqual(
      expect.stringMatching(/^loket\/layers: renderer\/ runs outside Node/),
    );
    expect(await lint('common/example.ts', "import path from 'path';\nexport const p = path;\n")).toContainEqual(
      expect.stringMatching(/^loket\/layers: common\/ runs outside Node/),
    );
    expect(await lint('main/example.ts', "import path from 'node:path';\nexport const p = path;\n")).toEqual([]);
  });

  it('fails on common/ importing anything of ours', async () => {
    expect(await lint('common/example.ts', "import { x } from '../renderer/x.ts';\nexport const y = x;\n")).toContainEqual(
      expect.stringMatching(/common\/ may not import renderer\//),
    );
  });

  it('bans raw ipcMain outside the validating wrapper', async () => {
    const code = "import type { IpcMain } from 'electron';\ndeclare const ipcMain: IpcMain;\nipcMain.handle('x', () => 1);\n";
    expect(await lint('main/shell/electron/example.ts', code)).toContainEqual(expect.stringMatching(/^no-restricted-syntax: Register handlers through/));
    expect(await lint('main/shell/electron/other.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n")).toContainEqual(
      expect.stringMatching(/^no-restricted-imports/),
    );
  });

  it('bans .only in tests', async () => {
    const messages = await lint('test/unit/example.test.ts', "import { it } from 'vitest';\nit.only('x', () => undefined);\n");
    expect(messages).toContainEqual(expect.stringMatching(/^no-restricted-syntax: No \.only in tests/));
  });

  it('bans .skip and .todo in tests, also after a modifier and as xit, but lets skipIf name a missing runtime', async () => {
    const banned = [
      "it.skip('x', () => undefined);",
      "describe.skip('x', () => undefined);",
      "test.todo('x');",
      "it.concurrent.skip('x', () => undefined);",
      "xit('x', () => undefined);",
    ];
    for (const line of banned) {
      const messages = await lint('test/hub/example.test.ts', `import { describe, it, test } from 'vitest';\ndeclare const xit: typeof it;\n${line}\nexport { describe, test };\n`);
      expect(messages.filter((m) => m.startsWith('no-restricted-syntax')), line).toHaveLength(1);
    }
    const allowed = "import { it } from 'vitest';\nit.skipIf(process.platform === 'win32')('runs where a runtime exists', () => undefined);\n";
    expect(await lint('test/hub/example.test.ts', allowed)).toEqual([]);
  });

  it('bans literal text in JSX', async () => {
    const code = "export function A() {\n  return <p title=\"Close\">Hello agent</p>;\n}\n";
    const messages = await lint('renderer/features/example.tsx', code);
    expect(messages.filter((m) => m.startsWith('i18next/no-literal-string'))).toHaveLength(2);
  });
});
