import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findElectronRuntime } from '../../main/shell/electron-runtime.ts';
import { ROOT } from '../support/web-shell-process.ts';

// The desktop app itself, through Playwright's Electron driver. It needs the Electron runtime,
// which `npm ci` downloads where the download host is reachable; elsewhere this says so and skips.
const runtime = findElectronRuntime(ROOT);
if (!runtime.available) {
  console.warn(`SKIPPED electron smoke test: no Electron runtime on this machine (${runtime.reason}). The web shell e2e tests cover the renderer and main services.`);
}

describe.skipIf(!runtime.available)('the desktop app (Electron)', () => {
  it('opens the console window with the secure preload bridge', async () => {
    if (!runtime.available) return;
    const userData = await mkdtemp(path.join(os.tmpdir(), 'loket-electron-'));
    const app = await electron.launch({
      executablePath: runtime.executable,
      args: [ROOT, `--user-data-dir=${userData}`],
      env: { ...process.env, LOKET_LOG: 'silent' },
    });
    try {
      const window = await app.firstWindow();
      await window.locator('.connection[data-state="connected"]').waitFor();
      expect(window.url()).toBe('app://loket/index.html');
      // The page sees the contract and nothing of Node or Electron.
      const globals = await window.evaluate(() => ({
        loket: typeof (window as unknown as { loket?: unknown }).loket,
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(globals).toEqual({ loket: 'object', require: 'undefined', process: 'undefined' });
      const info = await window.evaluate(async () => {
        const bridge = (window as unknown as { loket: { request(c: string, p: unknown): Promise<unknown> } }).loket;
        return bridge.request('app.info', {});
      });
      expect(info).toMatchObject({ ok: true, value: { shell: 'electron' } });
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        // getLastWebPreferences exists at run time but is missing from Electron's typings.
        const contents = BrowserWindow.getAllWindows()[0]?.webContents as unknown as {
          getLastWebPreferences(): { contextIsolation?: boolean; sandbox?: boolean; nodeIntegration?: boolean } | null;
        };
        const web = contents.getLastWebPreferences();
        return { contextIsolation: web?.contextIsolation, sandbox: web?.sandbox, nodeIntegration: web?.nodeIntegration };
      });
      expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    } finally {
      await app.close();
      await rm(userData, { recursive: true, force: true });
    }
  });
});
