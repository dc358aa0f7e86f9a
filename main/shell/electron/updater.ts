// Wires electron-updater into the desktop app. Thin on purpose: when to look, download and install
// is decided by ../../updates/update-policy.ts (tested without Electron); this file only feeds it
// the updater's events, the phone and the machine's idle time.
import { app, powerMonitor } from 'electron';
import electronUpdater from 'electron-updater';
import { createLogger } from '../../log.ts';
import type { Services } from '../../services.ts';
import { TICK_MS, UpdateScheduler } from '../../updates/update-policy.ts';

const log = createLogger('updates');

/** The hub's update feed for a hub URL (server/updates/): `<hub>/updates/`. */
export function updateFeedUrl(hubUrl: string): string {
  return `${hubUrl.replace(/\/+$/, '')}/updates/`;
}

/**
 * Starts looking for updates (packaged builds only: a development run has no installer to
 * replace). The feed is the signed-in hub's; before any hub is known, the one baked in at
 * packaging time (`LOKET_UPDATE_URL`, app-update.yml). Returns the stop function.
 */
export function startUpdates(services: Services): () => void {
  if (!app.isPackaged) {
    log.info('updates are off in a development run');
    return () => undefined;
  }
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = log;
  autoUpdater.autoDownload = true;
  // Never a pre-release for agents; never downgrade because a hub serves an older feed.
  autoUpdater.allowPrerelease = false;
  autoUpdater.allowDowngrade = false;

  let feed: string | null = null;
  const followHub = () => {
    const hubUrl = services.hub.url();
    const next = hubUrl ? updateFeedUrl(hubUrl) : null;
    if (!next || next === feed) return;
    feed = next;
    autoUpdater.setFeedURL({ provider: 'generic', url: next, useMultipleRangeRequest: false });
  };
  followHub();
  const stopFollowing = services.hub.onChange(followHub);

  const scheduler = new UpdateScheduler({
    now: () => Date.now(),
    idleMs: () => powerMonitor.getSystemIdleTime() * 1000,
    callActive: () => services.phone.status().calls.some((call) => call.state !== 'ended'),
    check: async () => {
      await autoUpdater.checkForUpdates();
    },
    install: () => autoUpdater.quitAndInstall(true, true),
    installOnQuit: (on) => {
      autoUpdater.autoInstallOnAppQuit = on;
    },
  });
  autoUpdater.on('update-available', (info) => scheduler.found(info.version));
  autoUpdater.on('update-not-available', () => scheduler.nothingNew());
  autoUpdater.on('update-downloaded', (info) => scheduler.downloaded(info.version));
  autoUpdater.on('error', (error) => {
    log.warn('update failed', error.message);
    scheduler.failed();
  });
  const stopCalls = services.phone.onCall(() => scheduler.tick());
  const onQuit = () => scheduler.quitting();
  app.on('before-quit', onQuit);
  const timer = setInterval(() => scheduler.tick(), TICK_MS);
  scheduler.tick();
  return () => {
    clearInterval(timer);
    stopCalls();
    stopFollowing();
    app.off('before-quit', onQuit);
  };
}
