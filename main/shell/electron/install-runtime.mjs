// Fetches the Electron runtime after `npm ci`, without ever failing the install.
//
// Why this exists: Electron's own postinstall downloads the runtime binary from GitHub. Build
// machines and locked-down VDI hosts cannot reach it, and a failed download would fail the whole
// `npm ci`. package.json therefore disables Electron's script (`allowScripts`) and runs this one
// instead: it tries the same download and, when it cannot, says the web shell will be used.
// npm versions that ignore `allowScripts` run Electron's script themselves; that is fine on a
// connected machine, and this script then finds the runtime already present.
//
// Electron's installer prints a whole stack trace when the download fails. A newcomer reading
// `npm ci`'s output should see one line that says what happened and that nothing is broken, so
// the installer's output is kept in a log file and only its reason is shown.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PREFIX = '[loket]';
const REASON_MAX_CHARS = 160;
const DEFAULT_TIMEOUT_MS = 120_000;

/** Where Electron's npm package is, or null in a production install without devDependencies. */
export function findElectronDir() {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** True when `path.txt` names a runtime binary that exists (what Electron's installer writes last). */
export function runtimePresent(electronDir) {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

/**
 * The one thing worth telling from an installer's output: the first line that is not a stack
 * frame, without the error's class name ("RequestError: getaddrinfo ENOTFOUND github.com" →
 * "getaddrinfo ENOTFOUND github.com").
 */
export function failureReason(output, { timedOutAfterMs } = {}) {
  if (timedOutAfterMs !== undefined) return `no answer within ${Math.round(timedOutAfterMs / 1000)} s`;
  const line = output
    .split(/\r?\n/)
    .map((text) => text.trim())
    .find((text) => text !== '' && !text.startsWith('at ') && !/^[{}[\]]/.test(text));
  if (!line) return 'the installer gave no reason';
  const reason = line.replace(/^(?:[A-Z]\w*)?Error:\s*/, '');
  return reason.length > REASON_MAX_CHARS ? `${reason.slice(0, REASON_MAX_CHARS - 1)}…` : reason;
}

/** What `npm ci` shows when the runtime could not be fetched: two lines at most, no stack. */
export function failureMessage(reason, logFile) {
  const lines = [`${PREFIX} No Electron runtime (its download failed: ${reason}). Nothing is broken: \`npm start\` serves the console in your browser (web shell).`];
  if (logFile) lines.push(`${PREFIX} The installer's full output is in ${logFile}`);
  return lines.join('\n');
}

/** Runs Electron's own installer with its output captured; resolves with how it ended. */
function runInstaller(electronDir, env, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const finish = (code, error) => {
      clearTimeout(timer);
      const output = Buffer.concat(chunks).toString('utf8') + (error ? `${error.message}\n` : '');
      resolve({ code, output, timedOut });
    };
    child.on('error', (error) => finish(null, error));
    child.on('close', (code) => finish(code));
  });
}

/** A path as short as it can be read: relative inside the project (npm's working folder), else whole. */
function shownPath(file) {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function writeLog(logFile, text) {
  try {
    mkdirSync(path.dirname(logFile), { recursive: true });
    writeFileSync(logFile, text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure the Electron runtime is there if it can be. Never throws and never rejects: the
 * install must not fail for a runtime the web shell can do without.
 * Resolves with 'absent-package' | 'present' | 'skipped' | 'installed' | 'failed'.
 */
export async function installRuntime({
  electronDir = findElectronDir(),
  env = process.env,
  timeoutMs = Number(env.LOKET_ELECTRON_INSTALL_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS),
  logFile = electronDir ? path.join(path.dirname(electronDir), '.cache', 'loket', 'electron-install.log') : null,
  print = (text) => console.log(text),
} = {}) {
  if (!electronDir) return 'absent-package';
  if (runtimePresent(electronDir)) return 'present';
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    print(`${PREFIX} ELECTRON_SKIP_BINARY_DOWNLOAD is set: \`npm start\` will use the web shell.`);
    return 'skipped';
  }
  try {
    const { code, output, timedOut } = await runInstaller(electronDir, env, timeoutMs);
    if (code === 0 && runtimePresent(electronDir)) {
      print(`${PREFIX} Electron runtime installed: \`npm start\` opens the desktop app.`);
      return 'installed';
    }
    const reason = failureReason(output, timedOut ? { timedOutAfterMs: timeoutMs } : {});
    const logged = logFile !== null && writeLog(logFile, output);
    print(failureMessage(reason, logged ? shownPath(logFile) : null));
    return 'failed';
  } catch (error) {
    print(failureMessage(failureReason(error instanceof Error ? error.message : String(error)), null));
    return 'failed';
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await installRuntime();
  process.exit(0);
}
