// `npm start`: builds what is missing, starts the embedded demo hub (unless LOKET_HUB_URL points
// at a real one), then opens the desktop app where an Electron runtime is installed and the web
// shell (printing its address) where none is, signed in to the hub as the demo agent.
// `--web` forces the web shell; `--no-hub` starts the console alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { DEMO_AGENT_EMAIL, DEMO_HUB_PORT, DEMO_PASSWORD } from '../../common/hub/demo.ts';
import { distPaths, findAppRoot } from '../app-root.ts';
import { buildIfStale } from './build.ts';
import { ensureElectronBinding, SQLITE_BINDING_ENV } from './electron-native.ts';
import { findElectronRuntime } from './electron-runtime.ts';

const children: ChildProcess[] = [];

async function launch(): Promise<void> {
  const root = findAppRoot();
  const forceWeb = process.argv.includes('--web');
  const withHub = !process.argv.includes('--no-hub') && !process.env.LOKET_HUB_URL;
  const started = performance.now();
  if (await buildIfStale(root)) {
    console.log(`[loket] built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  const env: NodeJS.ProcessEnv = { ...process.env };
  if (withHub) {
    const hubUrl = await startDemoHub(root);
    Object.assign(env, { LOKET_HUB_URL: hubUrl, LOKET_HUB_EMAIL: DEMO_AGENT_EMAIL, LOKET_HUB_PASSWORD: DEMO_PASSWORD });
    console.log(`[loket] demo hub at ${hubUrl}; the console signs in as ${DEMO_AGENT_EMAIL}`);
    console.log(`[loket] demo shop (try co-browse from the customer screen) at ${hubUrl}/demo-shop/`);
  }

  const runtime = findElectronRuntime(root);
  let command: string;
  let args: string[];
  const binding = !forceWeb && runtime.available ? await ensureElectronBinding(root) : null;
  if (!forceWeb && runtime.available && binding?.ok) {
    command = runtime.executable;
    args = [root];
    env[SQLITE_BINDING_ENV] = binding.binding;
    console.log('[loket] starting the desktop app');
  } else {
    if (!forceWeb && !runtime.available) console.log(`[loket] no Electron runtime (${runtime.reason}): using the web shell`);
    if (binding && !binding.ok) console.log(`[loket] the SQLite driver could not be built for Electron (${binding.reason}): using the web shell`);
    command = process.execPath;
    args = [distPaths(root).webMain];
  }
  const console_ = spawn(command, args, { stdio: 'inherit', cwd: root, env });
  children.push(console_);
  console_.on('exit', (code, signal) => shutdown(code ?? (signal ? 1 : 0)));
}

/**
 * The hub as its own process; resolves once it listens (first start seeds ~1 min). On the same
 * port every start when it is free: the console keeps one cache per hub address, and a new
 * address would make it sync all demo data again.
 */
async function startDemoHub(root: string): Promise<string> {
  const port = process.env.LOKET_HUB_PORT ?? String(await freePort(DEMO_HUB_PORT));
  if (!process.env.LOKET_HUB_PORT && port !== String(DEMO_HUB_PORT)) {
    console.log(`[loket] port ${DEMO_HUB_PORT} is taken: the demo hub uses ${port} (the console then syncs the demo data afresh)`);
  }
  const hub = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'main.ts')], {
    cwd: root,
    env: { ...process.env, LOKET_HUB_PORT: port },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(hub);
  return new Promise((resolve, reject) => {
    let output = '';
    hub.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    hub.once('exit', (code) => reject(new Error(`the demo hub stopped (exit ${code}) before it listened`)));
  });
}

/** `preferred` when nothing listens there, else any free port. */
function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (preferred !== 0 && error.code === 'EADDRINUSE') resolve(freePort(0));
      else reject(error);
    });
    server.listen(preferred, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function shutdown(code: number): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

launch().catch((error: unknown) => {
  console.error('[loket] could not start', error);
  shutdown(1);
});
