// Debian packages the tests drive (Chromium, PostgreSQL, the telephony rig), installed with apt
// when missing. On a real machine another apt run often holds Debian's package lock at that very
// moment (unattended-upgrades after boot, a person's `apt install`), so a run waits for the lock
// instead of failing at once.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** How long to wait for another apt run to finish: unattended-upgrades may take minutes. */
export const APT_LOCK_WAIT_MS = 10 * 60_000;

/** apt's messages when another process holds one of its locks (dpkg frontend, lists, archives). */
const LOCKED = /Could not get lock|Unable to lock|Unable to acquire the dpkg frontend lock/;

export interface AptOptions {
  /** Give up after this long (default APT_LOCK_WAIT_MS). */
  readonly lockWaitMs?: number;
  /** Where progress goes (default the console). */
  readonly log?: (line: string) => void;
}

/**
 * Runs `apt-get <args>` as root (or through `sudo -n`), waiting while another process holds the
 * package lock: a lock error is retried every second until the deadline. (apt's own
 * `DPkg::Lock::Timeout` covers only the dpkg lock; `apt-get update` ignores it for the lists lock.)
 */
export function aptGet(args: readonly string[], options: AptOptions = {}): void {
  const log = options.log ?? ((line: string) => console.log(line));
  const deadline = Date.now() + (options.lockWaitMs ?? APT_LOCK_WAIT_MS);
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  let announced = false;
  for (;;) {
    const [command, ...rest] = [...asRoot, 'apt-get', ...args] as [string, ...string[]];
    const result = spawnSync(command, rest, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 64 * 1024 * 1024 });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    if (result.status === 0) {
      if (result.stdout) process.stdout.write(result.stdout);
      return;
    }
    if (LOCKED.test(output) && Date.now() < deadline) {
      if (!announced) log(`[apt] another apt run holds Debian's package lock (unattended-upgrades?): waiting up to ${Math.ceil((deadline - Date.now()) / 60_000)} min`);
      announced = true;
      // A synchronous pause between tries: this runs before any test, in a setup script.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_000);
      continue;
    }
    process.stderr.write(output);
    throw new Error(`apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
  }
}

/** `apt-get update` then `apt-get install` of the packages, each waiting for the package lock. */
export function aptInstall(packages: readonly string[], options: AptOptions & { readonly recommends?: boolean } = {}): void {
  aptGet(['update', '-q'], options);
  aptGet(['install', '-y', '-q', ...(options.recommends === false ? ['--no-install-recommends'] : []), ...packages], options);
}

// `tsx test/support/apt.ts <apt-get arguments>`: one apt-get run that waits for the lock.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) aptGet(process.argv.slice(2));
