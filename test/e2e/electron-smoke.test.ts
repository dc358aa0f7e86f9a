import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findElectronRuntime } from '../../main/shell/electron-runtime.ts';
import { PASSWORD } from '../support/hub-fixture.ts';
import { startFixtureHub } from '../support/console-fixture.ts';
import { ROOT } from '../support/web-shell-process.ts';

// The desktop app itself, through Playwright's Electron driver. It needs the Electron runtime,
// which `npm ci` downloads where the download host is reachable; elsewhere this says so and skips.
const runtime = findElectronRuntime(ROOT);
if (!runtime.available) {
  console.warn(
    `SKIPPED electron smoke test (window, preload bridge, tray, OS notifications, protocol handler): no Electron runtime on this machine (${runtime.reason}). The web shell e2e tests cover the renderer and main services; the desktop rules have unit tests (tray-menu, notification policy, link parsing, crash policy, update policy).`,
  );
}

/** What the desktop app did with the desktop, recorded in its main process by RECORDER_SOURCE. */
interface DesktopRecord {
  trays: number;
  trayMenus: string[][];
  trayTooltips: string[];
  notifications: { title: string; body: string }[];
}

/**
 * Loaded into the app's main process with `--require` (development runs only: the packaged app's
 * fuses refuse NODE_OPTIONS): records tray icons, their menus and tooltips and the OS
 * notifications shown, for `app.evaluate`. It changes nothing the app sees.
 */
const RECORDER_SOURCE = `
const { Notification, Tray } = require('electron');

const recorded = { trays: 0, trayMenus: [], trayTooltips: [], notifications: [] };
globalThis.__loketDesktop = recorded;

const originalSetContextMenu = Tray.prototype.setContextMenu;
Tray.prototype.setContextMenu = function setContextMenu(menu) {
  if (!this.__loketCounted) {
    this.__loketCounted = true;
    recorded.trays += 1;
  }
  recorded.trayMenus.push(menu ? menu.items.map((item) => item.label) : []);
  return originalSetContextMenu.call(this, menu);
};
const originalSetToolTip = Tray.prototype.setToolTip;
Tray.prototype.setToolTip = function setToolTip(text) {
  recorded.trayTooltips.push(text);
  return originalSetToolTip.call(this, text);
};
const originalShow = Notification.prototype.show;
Notification.prototype.show = function show() {
  recorded.notifications.push({ title: this.title, body: this.body });
  return originalShow.call(this);
};
`;

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

  it('sits in the tray, handles loket: and tel: links, and shows an OS notification when the hub is lost', async () => {
    if (!runtime.available) return;
    const hub = await startFixtureHub();
    const userData = await mkdtemp(path.join(os.tmpdir(), 'loket-electron-'));
    const recorder = path.join(userData, 'desktop-recorder.cjs');
    await writeFile(recorder, RECORDER_SOURCE);
    const app = await electron.launch({
      executablePath: runtime.executable,
      args: [ROOT, `--user-data-dir=${userData}`],
      env: {
        ...process.env,
        LOKET_LOG: 'silent',
        LOKET_HUB_URL: hub.hub.url,
        LOKET_HUB_EMAIL: hub.fixture.agents.first_line.email,
        LOKET_HUB_PASSWORD: PASSWORD,
        NODE_OPTIONS: `--require ${recorder}`,
      },
    });
    const record = () => app.evaluate(() => (globalThis as unknown as { __loketDesktop: DesktopRecord }).__loketDesktop);
    try {
      const window = await app.firstWindow();
      await window.locator('.connection[data-state="connected"]').waitFor();

      // Tray: one icon, a menu with open and quit, a tooltip with the state.
      await expect.poll(async () => (await record()).trays, { timeout: 20_000 }).toBe(1);
      const desktop = await record();
      expect(desktop.trayMenus.at(-1)?.length).toBeGreaterThanOrEqual(3);
      expect(desktop.trayTooltips.at(-1)).toMatch(/Loket/);

      // Protocol handler: a development run registers loket: only (never the OS's tel: handler).
      expect(await app.evaluate(({ app: electronApp }) => electronApp.isDefaultProtocolClient('loket'))).toBe(true);
      // A tel: link (as macOS hands it over) fills the dial pad and dials nothing.
      await app.evaluate(({ app: electronApp }) => electronApp.emit('open-url', { preventDefault: () => undefined }, 'tel:+31%2020%20123%204567'));
      await expect.poll(async () => (await window.getByTestId('dial-input').inputValue()).replace(/\D/g, ''), { timeout: 15_000 }).toBe('31201234567');
      const calls = await window.evaluate(async () => {
        const bridge = (window as unknown as { loket: { request(c: string, p: unknown): Promise<{ ok: boolean; value: { calls: unknown[] } }> } }).loket;
        return (await bridge.request('phone.status', {})).value.calls.length;
      });
      expect(calls).toBe(0);

      // OS notification: the hub goes away; after the grace time the console says so.
      await hub.hub.close();
      await expect.poll(async () => (await record()).notifications.length, { timeout: 120_000, interval: 1_000 }).toBeGreaterThan(0);
      expect((await record()).notifications[0]?.title).toBeTruthy();
    } finally {
      await app.close();
      await rm(userData, { recursive: true, force: true });
      await hub.close();
    }
  }, 240_000);
});
