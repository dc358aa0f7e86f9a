import { describe, expect, it } from 'vitest';
import { UI_LANGUAGES } from '../../../common/locales.ts';
import { REQUEST_CHANNELS } from '../../../common/contract/contract.ts';
import { createMainTranslator, resolveLanguage } from '../../../main/i18n.ts';
import { handleInvoke, registerContractHandlers, type IpcMainLike } from '../../../main/shell/electron/ipc.ts';
import { buildMenuTemplate } from '../../../main/shell/electron/menu-template.ts';
import { externalHostsFromEnv, isAllowedNavigation, isPermissionGranted, isVettedExternalUrl } from '../../../main/shell/electron/policy.ts';
import { isTrustedSender } from '../../../main/shell/electron/trusted-sender.ts';
import { placeWindow } from '../../../main/shell/electron/window-state.ts';
import { createServices } from '../../../main/services.ts';
import { hardeningRow } from '../../support/hardening.ts';
import { tempDir } from '../../support/temp-dir.ts';
import type { MenuItemConstructorOptions } from 'electron';

// The Electron shell's rules, run here through its small adapters (no Electron runtime needed).

describe('the IPC sender check', () => {
  it('trusts only the app’s own top frame', () => {
    expect(isTrustedSender({ url: 'app://loket/index.html', isTopFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://loket/index.html', isTopFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isTopFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'app://loket.evil/index.html', isTopFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'app://user:pw@loket/', isTopFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'file:///etc/passwd', isTopFrame: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });

  it('refuses a request from a subframe before the dispatcher sees it', async (ctx) => {
    const { dir, cleanup } = await tempDir();
    try {
      const services = await createServices({ shell: 'electron', version: '1.0.0', dataDir: dir, osLocale: 'en', development: false });
      const fromIframe = { sender: { id: 7 }, senderFrame: { url: 'app://loket/index.html', parent: {} } };
      const refused = await handleInvoke(services.dispatcher, 'settings.set', fromIframe as never, { theme: 'dark' });
      expect(refused).toEqual({ ok: false, error: { code: 'sender.forbidden', params: {} } });
      expect(services.settings.get().theme).toBe('system');

      const gone = { sender: { id: 7 }, senderFrame: null };
      expect(await handleInvoke(services.dispatcher, 'settings.get', gone as never, {})).toMatchObject({ ok: false });

      const fromTop = { sender: { id: 7 }, senderFrame: { url: 'app://loket/index.html', parent: null } };
      expect(await handleInvoke(services.dispatcher, 'settings.set', fromTop as never, { theme: 'dark' })).toMatchObject({ ok: true });
      expect(services.settings.get().theme).toBe('dark');
    } finally {
      await cleanup();
    }
    hardeningRow(ctx, { case: 'foreign-frame IPC', fault: 'settings.set from an iframe / a closed frame', result: 'sender.forbidden, setting unchanged', figure: '2 refused, top frame allowed' });
  });

  it('registers exactly one guarded handler per contract channel, and removes them', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const services = await createServices({ shell: 'electron', version: '1.0.0', dataDir: dir, osLocale: 'en', development: false });
      const handlers = new Map<string, unknown>();
      const ipc: IpcMainLike = {
        handle: (channel, listener) => void handlers.set(channel, listener),
        removeHandler: (channel) => void handlers.delete(channel),
      };
      const unregister = registerContractHandlers(ipc, services.dispatcher);
      expect([...handlers.keys()].sort()).toEqual(REQUEST_CHANNELS.map((c) => `loket:${c}`).sort());
      unregister();
      expect(handlers.size).toBe(0);
    } finally {
      await cleanup();
    }
  });
});

describe('navigation, links and permissions', () => {
  const hosts = ['help.loket.example'];
  it('opens only vetted https links outside the app', (ctx) => {
    expect(isVettedExternalUrl('https://help.loket.example/shortcuts', hosts)).toBe(true);
    expect(isVettedExternalUrl('https://eu.help.loket.example/', hosts)).toBe(true);
    expect(isVettedExternalUrl('http://help.loket.example/', hosts)).toBe(false);
    expect(isVettedExternalUrl('https://help.loket.example.evil.com/', hosts)).toBe(false);
    expect(isVettedExternalUrl('https://user@help.loket.example/', hosts)).toBe(false);
    expect(isVettedExternalUrl('https://help.loket.example:8443/', hosts)).toBe(false);
    expect(isVettedExternalUrl('file:///C:/Windows/System32/calc.exe', hosts)).toBe(false);
    expect(isVettedExternalUrl('javascript:alert(1)', hosts)).toBe(false);
    expect(isVettedExternalUrl('https://anything.example/', [])).toBe(false);
    hardeningRow(ctx, { case: 'window.open / external links', fault: 'http, look-alike host, credentials, port, file:, javascript:', result: 'denied (window.open always denied in-app)', figure: '7 refused, 2 vetted' });
  });

  it('reads the host list from the environment, dropping junk', () => {
    expect(externalHostsFromEnv(' help.shop.example , *.evil, ,localhost ')).toEqual(['help.shop.example']);
    expect(externalHostsFromEnv(undefined)).toEqual([]);
  });

  it('grants the microphone and notifications to the app only', (ctx) => {
    const app = 'app://loket/index.html';
    expect(isPermissionGranted({ permission: 'media', requestingUrl: app, mediaTypes: ['audio'] })).toBe(true);
    expect(isPermissionGranted({ permission: 'media', requestingUrl: app, mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(isPermissionGranted({ permission: 'media', requestingUrl: app, mediaTypes: [] })).toBe(false);
    expect(isPermissionGranted({ permission: 'notifications', requestingUrl: app })).toBe(true);
    expect(isPermissionGranted({ permission: 'geolocation', requestingUrl: app })).toBe(false);
    expect(isPermissionGranted({ permission: 'notifications', requestingUrl: 'https://shop.example/' })).toBe(false);
    hardeningRow(ctx, { case: 'permissions', fault: 'camera, geolocation, a foreign origin asking', result: 'only microphone + notifications for the app', figure: '4 refused, 2 granted' });
  });

  it('keeps navigation inside the app', (ctx) => {
    expect(isAllowedNavigation('app://loket/index.html#x')).toBe(true);
    expect(isAllowedNavigation('https://shop.example/')).toBe(false);
    hardeningRow(ctx, { case: 'navigation block', fault: 'navigate the window to a web page', result: 'prevented', figure: 'app:// only' });
  });
});

describe('window placement', () => {
  const laptop = { x: 0, y: 0, width: 1920, height: 1040 };
  const monitor = { x: 1920, y: 0, width: 2560, height: 1400 };

  it('reopens where it was when that screen is still there', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1600, height: 1000 }, maximized: true };
    expect(placeWindow(saved, [laptop, monitor])).toEqual(saved);
  });

  it('comes back on screen after the second monitor is gone', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1600, height: 1000 }, maximized: false };
    const placed = placeWindow(saved, [laptop]);
    expect(placed.bounds.x).toBeGreaterThanOrEqual(0);
    expect(placed.bounds.x + placed.bounds.width).toBeLessThanOrEqual(1920);
  });

  it('shrinks to fit a smaller screen', () => {
    const saved = { bounds: { x: 0, y: 0, width: 2400, height: 1300 }, maximized: false };
    expect(placeWindow(saved, [{ x: 0, y: 0, width: 1366, height: 728 }]).bounds).toEqual({ x: 0, y: 0, width: 1366, height: 728 });
  });

  it('centres a default size the first time', () => {
    expect(placeWindow(undefined, [laptop])).toEqual({ bounds: { x: 240, y: 70, width: 1440, height: 900 }, maximized: false });
  });
});

describe('the localised app menu', () => {
  function labels(items: MenuItemConstructorOptions[]): string[] {
    return items.flatMap((item) => [
      ...(item.label ? [item.label] : []),
      ...(Array.isArray(item.submenu) ? labels(item.submenu) : []),
    ]);
  }

  it.each(UI_LANGUAGES)('has every label translated in %s', async (language) => {
    const t = await createMainTranslator(language);
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const all = labels(buildMenuTemplate({ t, platform, development: true, command: () => undefined }));
      expect(all.length).toBeGreaterThan(15);
      for (const label of all) expect(label).not.toMatch(/^menu:|^[a-z]+\.[a-zA-Z.]+$/);
    }
  });

  it('speaks the agent’s language and sends navigation to the renderer', async () => {
    const sent: unknown[] = [];
    const template = buildMenuTemplate({
      t: await createMainTranslator('de'),
      platform: 'win32',
      development: false,
      command: (command) => sent.push(command),
    });
    const edit = template.find((item) => Array.isArray(item.submenu) && item.submenu.some((sub) => sub.role === 'copy'));
    expect(edit?.label).toBe('Bearbeiten');
    const go = template.find((item) => Array.isArray(item.submenu) && item.submenu.some((sub) => sub.accelerator === 'CmdOrCtrl+2'));
    const search = (go?.submenu as MenuItemConstructorOptions[]).find((sub) => sub.accelerator === 'CmdOrCtrl+2');
    (search?.click as () => void)();
    expect(sent).toEqual([{ command: 'navigate', view: 'search' }]);
    expect(labels(template)).not.toContain((await createMainTranslator('de'))('menu:view.devTools'));
  });

  it('resolves the system language from the OS locale', () => {
    expect(resolveLanguage('system', 'pl-PL')).toBe('pl');
    expect(resolveLanguage('system', 'sv-SE')).toBe('en');
    expect(resolveLanguage('pseudo', 'nl-NL')).toBe('en');
    expect(resolveLanguage('fr', 'nl-NL')).toBe('fr');
  });
});
