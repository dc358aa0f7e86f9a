// Entry point of the desktop app. Deliberately thin: every rule it applies lives in a pure module
// next to it (trusted-sender, policy, window-state, menu-template, ipc) with its own tests; this
// file only wires those rules into Electron.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, app, ipcMain, protocol, safeStorage, screen, session, shell, type WebContents } from 'electron';
import { drop } from '../../../common/assert.ts';
import { distPaths, findAppRoot } from '../../app-root.ts';
import { safeStorageVault } from '../../cache/vault.ts';
import { createMainTranslator, resolveLanguage, type MenuT } from '../../i18n.ts';
import { configureLogFile, createLogger } from '../../log.ts';
import { hubFromEnv } from '../../hub/config.ts';
import { createServices, type Services } from '../../services.ts';
import { SECURITY_HEADERS, securityHeadersFor } from '../csp.ts';
import { loadStaticFile } from '../static-files.ts';
import { integrateDesktop } from './desktop-integration.ts';
import { startLifecycle } from './lifecycle.ts';
import { forwardEvents, registerContractHandlers } from './ipc.ts';
import { buildMenuTemplate } from './menu-template.ts';
import { externalHostsFromEnv, isAllowedNavigation, isPermissionGranted, isVettedExternalUrl } from './policy.ts';
import { APP_ORIGIN, APP_SCHEME } from './trusted-sender.ts';
import { MIN_SIZE, placeWindow, windowStateFile, type WindowState } from './window-state.ts';

const log = createLogger('electron');
const here = path.dirname(fileURLToPath(import.meta.url));
const externalHosts = externalHostsFromEnv(process.env.LOKET_EXTERNAL_HOSTS);

// Must happen before `ready`: a standard, secure scheme gets a real origin, fetch and storage.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  // A second start (double click on the icon) focuses the running console instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log.error('the desktop app could not start', error);
      app.exit(1);
    });
}

async function start(): Promise<void> {
  const root = findAppRoot(here);
  const dist = distPaths(root);
  configureLogFile(app.getPath('userData'));
  const services = await createServices({
    shell: 'electron',
    version: app.getVersion(),
    dataDir: app.getPath('userData'),
    osLocale: app.getLocale(),
    development: !app.isPackaged,
    electronVersions: { electron: process.versions.electron, chrome: process.versions.chrome },
    hub: hubFromEnv(),
    // The cache key and the hub session are sealed by the OS keychain (Keychain, DPAPI, libsecret).
    vault: safeStorageVault(safeStorage, path.join(app.getPath('userData'), 'secrets')),
  });

  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = await loadStaticFile(dist.renderer, url.pathname);
    if (!file) return new Response(null, { status: 404, headers: SECURITY_HEADERS });
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: { ...securityHeadersFor(url.pathname), 'Content-Type': file.contentType },
    });
  });

  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(isPermissionGranted({ permission, requestingUrl: contents.getURL(), mediaTypes }));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted({ permission, requestingUrl: requestingOrigin, mediaTypes: ['audio'] }),
  );

  registerContractHandlers(ipcMain, services.dispatcher);
  mainWindow = await createMainWindow(services, dist.preload);
  await installMenu(services);
  services.settings.onChange(() => drop(installMenu(services)));
  integrateDesktop({ services, window: () => mainWindow, t: () => translate });
  startLifecycle({ services, window: () => mainWindow, t: () => translate, language: () => resolveLanguage(services.settings.get().language, app.getLocale()) });
  // Released on will-quit: before-quit may still be cancelled by the quit guard.
  app.on('will-quit', () => drop(services.dispose()));
}

/** The translator for main's own texts in the current language (kept by installMenu). */
let translate: MenuT = (key) => key;

async function createMainWindow(services: Services, preload: string): Promise<BrowserWindow> {
  const stateFile = windowStateFile(app.getPath('userData'));
  const saved = (await stateFile.read()).value;
  const placed = placeWindow(
    saved,
    screen.getAllDisplays().map((display) => display.workArea),
  );
  // webPreferences stay literal here so security scanners read them (see README).
  const window = new BrowserWindow({
    ...placed.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Loket',
    backgroundColor: '#0f172a',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      // Middle-click must not open links in new windows (Electron security checklist).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (placed.maximized) window.maximize();
  forwardEvents(services.events, window.webContents);
  window.once('ready-to-show', () => window.show());

  // Saved as the window moves (debounced), not only on close: a quit may not wait for a write.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const remember = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (window.isDestroyed()) return;
      const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
      drop(stateFile.write(state));
    }, 500);
  };
  for (const event of ['resized', 'moved', 'maximize', 'unmaximize'] as const) window.on(event as 'resized', remember);

  await window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

async function installMenu(services: Services): Promise<void> {
  const language = resolveLanguage(services.settings.get().language, app.getLocale());
  const t = await createMainTranslator(language);
  translate = t;
  const template = buildMenuTemplate({
    t,
    platform: process.platform,
    development: !app.isPackaged,
    command: (command) => services.events.emit('ui.command', command),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Every web contents: no navigation away from the app, no new windows, no webviews. */
function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isVettedExternalUrl(url, externalHosts)) drop(shell.openExternal(url));
    else log.warn('blocked a window.open / link', url.slice(0, 200));
    return { action: 'deny' };
  });
}
