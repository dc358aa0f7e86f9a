import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ElectronRuntime = { available: true; executable: string } | { available: false; reason: string };

/**
 * Finds the Electron binary that `npm ci` may or may not have downloaded (see
 * install-runtime.mjs). Never `require('electron')` to find out: without the binary it throws.
 */
export function findElectronRuntime(root: string): ElectronRuntime {
  const require = createRequire(path.join(root, 'package.json'));
  let dir: string;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { available: false, reason: 'the electron package is not installed (npm ci --omit=dev?)' };
  }
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const executable = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, executableName());
    return existsSync(executable) ? { available: true, executable } : { available: false, reason: `${executable} does not exist` };
  }
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { available: false, reason: 'the Electron runtime was not downloaded at install time' };
  const executable = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? { available: true, executable } : { available: false, reason: `${executable} is missing` };
}

function executableName(): string {
  switch (process.platform) {
    case 'win32':
      return 'electron.exe';
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    default:
      return 'electron';
  }
}
