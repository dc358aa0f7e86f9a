import os from 'node:os';
import path from 'node:path';

/** The embedded hub's folder: `LOKET_HUB_DATA_DIR`, or next to the console's data per platform. */
export function hubDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  if (env.LOKET_HUB_DATA_DIR) return path.resolve(env.LOKET_HUB_DATA_DIR);
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Loket', 'hub');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Loket', 'hub');
    default:
      return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'loket-hub');
  }
}
