// `npm start`: builds what is missing, then opens the desktop app where an Electron runtime is
// installed, and the web shell (printing its address) where none is. `--web` forces the web shell.
import { spawn } from 'node:child_process';
import { distPaths, findAppRoot } from '../app-root.ts';
import { buildIfStale } from './build.ts';
import { findElectronRuntime } from './electron-runtime.ts';

async function launch(): Promise<void> {
  const root = findAppRoot();
  const forceWeb = process.argv.includes('--web');
  const started = performance.now();
  if (await buildIfStale(root)) {
    console.log(`[loket] built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const runtime = findElectronRuntime(root);
  let command: string;
  let args: string[];
  if (!forceWeb && runtime.available) {
    command = runtime.executable;
    args = [root];
    console.log('[loket] starting the desktop app');
  } else {
    if (!forceWeb && !runtime.available) console.log(`[loket] no Electron runtime (${runtime.reason}): using the web shell`);
    command = process.execPath;
    args = [distPaths(root).webMain];
  }
  const child = spawn(command, args, { stdio: 'inherit', cwd: root });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

launch().catch((error: unknown) => {
  console.error('[loket] could not start', error);
  process.exit(1);
});
