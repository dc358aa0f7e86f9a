// Loket as a citizen of the desktop: the tray/menu-bar icon, the OS notifications main decides
// on, the quit guard, global shortcuts and the `loket:`/`tel:`/`callto:`/`sip:` protocol handler.
// Thin wiring only: each rule lives in a pure module with its tests (tray-menu, notification-port,
// tray-icon, ../../desktop/*, ../../links/open-link, common/desktop/quit-guard).
import { Menu, Notification, Tray, app, dialog, globalShortcut, nativeImage, type BrowserWindow } from 'electron';
import { drop } from '../../../common/assert.ts';
import type { Settings } from '../../../common/contract/contract.ts';
import { quitQuestion } from '../../../common/desktop/quit-guard.ts';
import { applyGlobalShortcuts, runShortcut } from '../../desktop/global-shortcuts.ts';
import { linkFromArgv } from '../../desktop/link-from-argv.ts';
import type { MenuT } from '../../i18n.ts';
import { openLink } from '../../links/open-link.ts';
import { createLogger } from '../../log.ts';
import type { Services } from '../../services.ts';
import { electronNotificationPort } from './notification-port.ts';
import { trayIconBitmap } from './tray-icon.ts';
import { buildTrayTemplate, trayStateOf, trayTooltip, type HubConnection } from './tray-menu.ts';

const log = createLogger('desktop');

/** The schemes Loket offers to handle. Phone schemes only in an installed app: a development run must not take the OS's tel: handler. */
export const LINK_SCHEMES = ['loket', 'tel', 'callto', 'sip'] as const;

// macOS hands links to `open-url`, which can fire before the app is ready (the link that
// launched it): they wait here until the services can take them.
const early: string[] = [];
let deliver: ((url: string) => void) | null = null;
app.on('open-url', (event, url) => {
  event.preventDefault();
  if (deliver) deliver(url);
  else early.push(url);
});

export interface DesktopIntegrationOptions {
  readonly services: Services;
  readonly window: () => BrowserWindow | null;
  /** Main's translator for the current language (it changes with the setting). */
  readonly t: () => MenuT;
}

export function integrateDesktop({ services, window, t }: DesktopIntegrationOptions): void {
  const bringToFront = () => {
    const current = window();
    if (!current || current.isDestroyed()) return;
    if (current.isMinimized()) current.restore();
    current.show();
    current.focus();
  };

  // ---- notifications ----
  services.notifier.usePort(
    electronNotificationPort({
      create: (options) => new Notification({ ...options, actions: [...options.actions] }),
      bodyMarkup: process.platform === 'linux',
      act: (id, action) => services.notifier.act(id, action),
      closed: (id) => services.notifier.closed(id),
    }),
    bringToFront,
  );

  // ---- links from outside ----
  for (const scheme of LINK_SCHEMES) {
    if (!app.isPackaged && scheme !== 'loket') continue;
    const registered = process.defaultApp ? app.setAsDefaultProtocolClient(scheme, process.execPath, [process.argv[1] ?? '.']) : app.setAsDefaultProtocolClient(scheme);
    if (!registered) log.warn('could not become the handler of', scheme);
  }
  const open = (url: string) => {
    bringToFront();
    drop(openLink(url, { enroll: (link) => services.access.enroll(link), command: (command) => services.events.emit('ui.command', command) }), (error) =>
      log.warn('a link could not be opened', error),
    );
  };
  deliver = open;
  for (const url of early.splice(0)) open(url);
  const atStart = linkFromArgv(process.argv);
  if (atStart) open(atStart);
  app.on('second-instance', (_event, argv) => {
    const link = linkFromArgv(argv);
    if (link) open(link);
  });

  // ---- quit guard ----
  let quitConfirmed = false;
  const guard = (event: { preventDefault(): void }) => {
    if (quitConfirmed) return;
    const phone = services.phone.status();
    const question = quitQuestion({
      activeCalls: phone.calls.filter((call) => call.state !== 'ended').length,
      outboxPending: services.data.status().pending,
    });
    if (!question.ask) return;
    event.preventDefault();
    const tr = t();
    const detail = [question.callActive ? tr('desktop:quit.callActive') : null, question.outboxPending > 0 ? tr('desktop:quit.outbox', { count: question.outboxPending }) : null]
      .filter(Boolean)
      .join('\n\n');
    const parent = window();
    const options = { type: 'warning' as const, title: tr('desktop:quit.title'), message: tr('desktop:quit.title'), detail, buttons: [tr('desktop:quit.stay'), tr('desktop:quit.quit')], defaultId: 0, cancelId: 0 };
    drop(
      (parent && !parent.isDestroyed() ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options)).then(({ response }) => {
        if (response !== 1) return;
        quitConfirmed = true;
        app.quit();
      }),
    );
  };
  app.on('before-quit', guard);
  window()?.on('close', guard);

  // ---- tray ----
  const size = process.platform === 'darwin' ? 16 : 32;
  const tray = new Tray(nativeImage.createFromBitmap(trayIconBitmap(size), { width: size, height: size }));
  let hub: HubConnection = 'off';
  const refreshTray = () => {
    const state = trayStateOf(services.phone.status(), hub);
    tray.setToolTip(trayTooltip(t(), state));
    tray.setContextMenu(
      Menu.buildFromTemplate(
        buildTrayTemplate(t(), state, {
          setPresence: (presence) => services.phone.setPresence(presence),
          open: bringToFront,
          quit: () => app.quit(),
        }),
      ),
    );
  };
  tray.on('click', bringToFront);
  services.events.subscribe((name, payload) => {
    if (name === 'sync.changed') hub = (payload as { connection: HubConnection }).connection;
    if (name === 'hub.changed' && (payload as { state: string }).state === 'off') hub = 'off';
    if (name === 'phone.changed' || name === 'sync.changed' || name === 'hub.changed' || name === 'settings.changed') refreshTray();
  });
  refreshTray();

  // ---- global shortcuts ----
  let applied = '';
  const applyShortcuts = (settings: Settings) => {
    const wanted = JSON.stringify(settings.globalShortcuts);
    if (wanted === applied) return;
    applied = wanted;
    services.desktop.set(
      applyGlobalShortcuts(
        settings.globalShortcuts,
        { register: (accelerator, run) => globalShortcut.register(accelerator, run), unregisterAll: () => globalShortcut.unregisterAll() },
        (action) => drop(runShortcut(action, services.phone), (error) => log.warn('a global shortcut failed', action, error)),
      ),
    );
  };
  applyShortcuts(services.settings.get());
  services.settings.onChange(applyShortcuts);
  app.on('will-quit', () => {
    globalShortcut.unregisterAll();
    tray.destroy();
  });
}
