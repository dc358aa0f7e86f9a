import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The SQLite driver is a native addon: Node and Electron need builds for their own ABI. */
export const SQLITE_PACKAGE = 'better-sqlite3-multiple-ciphers';
/** Set for the Electron process by `npm start`: where the Electron build of the driver is. */
export const SQLITE_BINDING_ENV = 'LOKET_SQLITE_NATIVE_BINDING';

export type ElectronBinding = { ok: true; binding: string } | { ok: false; reason: string };

/**
 * `npm start` with a desktop runtime: node_modules holds the driver built for Node (tests and the
 * web shell use it), so the desktop app gets its own copy rebuilt for Electron's ABI in
 * `.electron-native/<electron version>/`, made once with @electron/rebuild (it fetches Electron's
 * headers). A packaged app needs none of this: `npm run dist` rebuilds for Electron before packing.
 */
export async function ensureElectronBinding(root: string): Promise<ElectronBinding> {
  const require = createRequire(path.join(root, 'package.json'));
  const electronVersion = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
  const dir = path.join(root, '.electron-native', electronVersion);
  const moduleDir = path.join(dir, 'node_modules', SQLITE_PACKAGE);
  const binding = path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return { ok: true, binding };
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'loket-electron-native', private: true, dependencies: { [SQLITE_PACKAGE]: '*' } }));
    cpSync(path.dirname(require.resolve(`${SQLITE_PACKAGE}/package.json`)), moduleDir, { recursive: true });
    const { rebuild } = (await import('@electron/rebuild')) as { rebuild: (options: { buildPath: string; electronVersion: string; force: boolean; onlyModules: string[] }) => Promise<void> };
    console.log(`[loket] building the SQLite driver for Electron ${electronVersion} (once)…`);
    await rebuild({ buildPath: dir, electronVersion, force: true, onlyModules: [SQLITE_PACKAGE] });
    return existsSync(binding) ? { ok: true, binding } : { ok: false, reason: 'the rebuild produced no binary' };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error) };
  }
}
