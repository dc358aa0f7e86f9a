import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { distPaths } from '../../main/app-root.ts';

export interface RunningWebShell {
  readonly url: string;
  readonly origin: string;
  readonly process: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** Starts the built web shell as its own process, exactly as `npm run start:web` does. */
export function startWebShellProcess(env: Record<string, string>): Promise<RunningWebShell> {
  const child = spawn(process.execPath, [distPaths(ROOT).webMain], {
    cwd: ROOT,
    env: { ...process.env, LOKET_LOG: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    // LOKET_TEST_SHELL_LOG=1 (with LOKET_LOG=info) shows the shell's log while debugging a test.
    if (process.env.LOKET_TEST_SHELL_LOG === '1') process.stderr.write(chunk);
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    // A shell that is late must not live on: it would keep writing into its data folder after
    // the caller has given up on it (and removed the folder). Reject once it has exited.
    let gaveUp = false;
    const timer = setTimeout(() => {
      gaveUp = true;
      child.removeAllListeners('exit');
      child.once('exit', () => reject(new Error(`web shell did not start in 20 s\n${stderr}`)));
      child.kill('SIGKILL');
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web shell exited with ${code}\n${stderr}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)(\/#token=\S+)/.exec(stdout);
      if (!match?.[1] || gaveUp) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      resolve({
        url: match[1] + match[2],
        origin: match[1],
        process: child,
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
  });
}
