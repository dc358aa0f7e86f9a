// The desktop app's life after start: updates from the hub's feed and the page's crash restore.
// Called once from main.ts; the rules live in pure modules (../../updates/update-policy.ts,
// ./crash-policy.ts) with their own tests, this file only wires them into Electron.
import type { BrowserWindow } from 'electron';
import { currentLogFile, createLogger } from '../../log.ts';
import type { MenuT } from '../../i18n.ts';
import type { Services } from '../../services.ts';
import { APP_ORIGIN } from './trusted-sender.ts';
import { CrashPolicy, crashPageUrl } from './crash-policy.ts';
import { startUpdates } from './updater.ts';

const log = createLogger('lifecycle');

export interface LifecycleOptions {
  readonly services: Services;
  readonly window: () => BrowserWindow | null;
  /** Main's translator in the current language (menu namespace has the crash page's texts). */
  readonly t: () => MenuT;
  readonly language: () => string;
}

export function startLifecycle(options: LifecycleOptions): () => void {
  const stopUpdates = startUpdates(options.services);
  const window = options.window();
  if (window) watchCrashes(window, options);
  return stopUpdates;
}

/**
 * The page's renderer went away: reload it (ui.restore brings the open customer back, the cache
 * the drafts), at most 3 times a minute, then a static error page. Main — calls, the outbox,
 * the session — is untouched by a renderer crash, so a call in progress goes on.
 */
function watchCrashes(window: BrowserWindow, options: LifecycleOptions): void {
  const policy = new CrashPolicy();
  window.webContents.on('render-process-gone', (_event, details) => {
    const action = policy.decide(details.reason);
    log.warn(`the page's renderer is gone (${details.reason}, exit code ${details.exitCode}): ${action}`);
    if (action === 'ignore' || window.isDestroyed()) return;
    if (action === 'reload') {
      window.loadURL(`${APP_ORIGIN}/index.html`).catch((error: unknown) => log.error('reload after a crash failed', error));
      return;
    }
    const t = options.t();
    const url = crashPageUrl({
      lang: options.language(),
      title: t('menu:crash.title'),
      body: t('menu:crash.body'),
      logFile: currentLogFile(),
      logLabel: t('menu:crash.logFile'),
    });
    window.loadURL(url).catch((error: unknown) => log.error('the crash page could not be shown', error));
  });
}
