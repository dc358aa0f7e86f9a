import os from 'node:os';
import path from 'node:path';

/**
 * Where the console keeps its files when no Electron `app.getPath('userData')` is at hand (the
 * web shell). It matches Electron's own choice per platform, so both shells share one folder.
 * `LOKET_DATA_DIR` overrides it (tests, portable installs).
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (env.LOKET_DATA_DIR) return path.resolve(env.LOKET_DATA_DIR);
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Loket');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Loket');
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Loket');
  }
}
