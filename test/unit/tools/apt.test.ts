import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// Setup scripts install Debian packages while, on a real machine, unattended-upgrades or a
// person's apt run may hold the package lock: they must wait for it, not fail at once.
const root = path.resolve(import.meta.dirname, '../../..');
const isRoot = process.getuid?.() === 0;
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A process holding apt's locks (as another apt run would) until told to let go on stdin. */
async function holdAptLocks(): Promise<{ release(): void; exited: Promise<unknown> }> {
  const holder = spawn('python3', ['-c', [
    'import fcntl, sys',
    "locks = [open(p, 'w') for p in ('/var/lib/dpkg/lock-frontend', '/var/lib/dpkg/lock', '/var/lib/apt/lists/lock')]",
    '[fcntl.lockf(f, fcntl.LOCK_EX) for f in locks]',
    "print('locked', flush=True)",
    'sys.stdin.readline()',
  ].join('\n')], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(holder);
  const exited = once(holder, 'exit');
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    holder.once('exit', () => reject(new Error('the lock holder ended before taking the locks')));
  });
  return { release: () => holder.stdin.end('\n'), exited };
}

/** `tsx test/support/apt.ts <args>` in its own process; resolves with its output once `waitFor` shows. */
function runApt(args: readonly string[]) {
  const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'test/support/apt.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = once(child, 'exit').then(([code]) => ({ code: code as number | null, output }));
  return {
    exit,
    until: (text: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => (output.includes(text) ? resolve() : undefined);
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        void exit.then(() => (output.includes(text) ? resolve() : reject(new Error(`apt ended without "${text}":\n${output}`))));
        check();
      }),
  };
}

// Sources emptied: apt-get update then takes the lists lock and finishes offline in a moment.
const OFFLINE_UPDATE = ['update', '-q', '-o', 'Dir::Etc::sourcelist=/dev/null', '-o', 'Dir::Etc::sourceparts=/nonexistent'];

describe('apt in setup scripts', () => {
  // "needs root" is the reason for skipIf: only root can take Debian's package lock.
  it.skipIf(!isRoot)('waits for Debian\'s package lock held by another apt run, then runs: update and install (needs root to take the lock)', async () => {
    for (const args of [OFFLINE_UPDATE, ['install', '-y', '-q']]) {
      const locks = await holdAptLocks();
      const apt = runApt(args);
      let released = false;
      let endedWhileLocked = false;
      void apt.exit.then(() => (endedWhileLocked = !released));
      await apt.until("holds Debian's package lock");
      released = true;
      locks.release();
      await locks.exited;
      const { code, output } = await apt.exit;
      expect(endedWhileLocked, output).toBe(false);
      expect(code, output).toBe(0);
    }
  });
});
