// The postinstall that fetches the Electron runtime: where the download host cannot be reached,
// `npm ci` shows one friendly line (two at most) and never a stack trace, and still exits 0.
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { failureReason, installRuntime } from '../../../main/shell/electron/install-runtime.mjs';
import { tempDir } from '../../support/temp-dir.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(path.join(root, 'package.json'));
const realElectronDir = path.dirname(require.resolve('electron/package.json'));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function scratch(): Promise<string> {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  return dir;
}

/** A port nothing listens on: bound by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * A copy of Electron's npm package (its real install.js, version and checksums) with no runtime,
 * whose dependencies are the installed ones: the real installer runs, but writes only here.
 */
function electronPackageCopy(dir: string): string {
  const electronDir = path.join(dir, 'node_modules', 'electron');
  mkdirSync(electronDir, { recursive: true });
  for (const file of ['install.js', 'package.json', 'checksums.json']) copyFileSync(path.join(realElectronDir, file), path.join(electronDir, file));
  mkdirSync(path.join(dir, 'node_modules', '@electron'));
  symlinkSync(path.dirname(require.resolve('@electron/get/package.json')), path.join(dir, 'node_modules', '@electron', 'get'), 'dir');
  symlinkSync(path.dirname(require.resolve('extract-zip/package.json')), path.join(dir, 'node_modules', 'extract-zip'), 'dir');
  return electronDir;
}

/** The environment of an `npm ci` whose Electron download goes to `mirror`, with an empty download cache. */
function installEnv(dir: string, mirror: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/electron/i.test(key)));
  return { ...env, ELECTRON_MIRROR: mirror, electron_config_cache: path.join(dir, 'download-cache') };
}

function fakeElectronPackage(dir: string, installScript: string): string {
  const electronDir = path.join(dir, 'electron');
  mkdirSync(electronDir, { recursive: true });
  writeFileSync(path.join(electronDir, 'install.js'), installScript);
  return electronDir;
}

describe('the Electron runtime postinstall', () => {
  it("prints one friendly line and no stack when Electron's real installer cannot reach its download host", async () => {
    const dir = await scratch();
    const electronDir = electronPackageCopy(dir);
    const port = await closedPort();
    const logFile = path.join(dir, 'logs', 'electron-install.log');
    const printed: string[] = [];

    const outcome = await installRuntime({ electronDir, env: installEnv(dir, `http://127.0.0.1:${port}/`), logFile, timeoutMs: 60_000, print: (text) => printed.push(text) });

    expect(outcome).toBe('failed');
    const lines = printed.join('\n').split('\n');
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(lines[0]).toContain(`connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(lines[0]).toContain('web shell');
    for (const line of lines) expect(line).not.toMatch(/^\s*at |node_modules\/got|Error:/);
    // The stack is not lost: it is in the log the second line names.
    expect(lines[1]).toContain(logFile);
    expect(readFileSync(logFile, 'utf8')).toMatch(/ECONNREFUSED[\s\S]*\n\s+at /);
  });

  it('names the unreachable host the way npm ci met it on a machine without DNS for github.com', () => {
    const gotOutput = [
      'RequestError: getaddrinfo ENOTFOUND github.com',
      '    at ClientRequest.<anonymous> (/app/node_modules/got/dist/source/core/index.js:970:111)',
      '    at Object.onceWrapper (node:events:639:26)',
      '    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:122:26)',
    ].join('\n');
    expect(failureReason(gotOutput)).toBe('getaddrinfo ENOTFOUND github.com');
    expect(failureReason('')).toBe('the installer gave no reason');
  });

  it('gives up on an installer that hangs, and says how long it waited', async () => {
    const dir = await scratch();
    const electronDir = fakeElectronPackage(dir, 'setInterval(() => {}, 1000);\n');
    const printed: string[] = [];

    const outcome = await installRuntime({ electronDir, env: process.env, logFile: null, timeoutMs: 1000, print: (text) => printed.push(text) });

    expect(outcome).toBe('failed');
    expect(printed).toEqual([expect.stringContaining('no answer within 1 s')]);
  });

  it('says the desktop app will open when the installer put the runtime in place', async () => {
    const dir = await scratch();
    const install = "const fs = require('fs');\nfs.mkdirSync('dist');\nfs.writeFileSync('dist/electron', '');\nfs.writeFileSync('path.txt', 'electron');\n";
    const electronDir = fakeElectronPackage(dir, install);
    const printed: string[] = [];

    expect(await installRuntime({ electronDir, env: process.env, logFile: null, print: (text) => printed.push(text) })).toBe('installed');
    expect(printed).toEqual([expect.stringContaining('desktop app')]);
    // A second run finds it and stays quiet.
    expect(await installRuntime({ electronDir, env: process.env, logFile: null, print: (text) => printed.push(text) })).toBe('present');
    expect(printed).toHaveLength(1);
  });
});
