// Fetches the Electron runtime after `npm ci`, without ever failing the install.
//
// Why this exists: Electron's own postinstall downloads the runtime binary from GitHub. Build
// machines and locked-down VDI hosts cannot reach it, and a failed download would fail the whole
// `npm ci`. package.json therefore disables Electron's script (`allowScripts`) and runs this one
// instead: it tries the same download and, when it cannot, says the web shell will be used.
// npm versions that ignore `allowScripts` run Electron's script themselves; that is fine on a
// connected machine, and this script then finds the runtime already present.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const TIMEOUT_MS = Number(process.env.LOKET_ELECTRON_INSTALL_TIMEOUT_MS ?? 120_000);

function electronDir() {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null; // production install without devDependencies
  }
}

function runtimePresent(dir) {
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

const dir = electronDir();
if (!dir) process.exit(0);
if (runtimePresent(dir)) process.exit(0);
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('[loket] ELECTRON_SKIP_BINARY_DOWNLOAD is set: `npm start` will use the web shell.');
  process.exit(0);
}

const child = spawn(process.execPath, [path.join(dir, 'install.js')], { stdio: 'inherit', cwd: dir });
const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
child.on('exit', (code) => {
  clearTimeout(timer);
  if (code === 0 && runtimePresent(dir)) {
    console.log('[loket] Electron runtime installed: `npm start` opens the desktop app.');
  } else {
    console.log(
      '[loket] The Electron runtime could not be downloaded (no access to its download host).\n' +
        '[loket] Nothing is broken: `npm start` will serve the console in your browser (web shell).',
    );
  }
  process.exit(0);
});
