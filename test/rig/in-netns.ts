// Runs a command in a private network namespace that has only loopback, so the telephony rig's
// fixed ports cannot collide with anything on the machine, media can only take 127.0.0.1, and
// rig.network may change the firewall without touching the host's.
//
//   npx tsx test/rig/in-netns.ts <command...>
//
// The child sees LOKET_RIG_NETNS=1 inside the namespace. Where a namespace cannot be made (not
// root, or unshare refused, e.g. in an unprivileged container) it says why in one line and runs
// the command on the host's loopback with LOKET_RIG_NETNS=0.
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { findProgram } from './install.ts';

/** Set for the child: '1' inside a private namespace, '0' on the host. rig.ts reads it. */
export const NETNS_ENV = 'LOKET_RIG_NETNS';

export type NetnsSupport = { readonly ok: true; readonly unshare: string } | { readonly ok: false; readonly reason: string };

// Brings loopback up (a new namespace starts with lo down), then becomes the command itself.
const NETNS_SHELL = 'ip link set lo up && exec "$@"';

/** Whether this process can make a network namespace with loopback up: tried for real, it takes ~5 ms. */
export function netnsSupport(): NetnsSupport {
  if (process.getuid?.() !== 0) return { ok: false, reason: 'not running as root' };
  const unshare = findProgram('unshare');
  if (!unshare) return { ok: false, reason: '`unshare` (util-linux) is not installed' };
  if (!findProgram('ip')) return { ok: false, reason: '`ip` (iproute2) is not installed' };
  const probe = spawnSync(unshare, ['--net', '--', 'sh', '-c', 'ip link set lo up'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const why = (probe.stderr || probe.error?.message || `exit ${probe.status}`).trim().split('\n')[0];
    return { ok: false, reason: `unshare --net failed: ${why}` };
  }
  return { ok: true, unshare };
}

/**
 * Runs `command` with inherited stdio and resolves with its exit code (128 + signal number when
 * a signal ended it). Inside a namespace already (LOKET_RIG_NETNS=1), it runs there directly.
 */
export function runInNetns(command: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [program, ...args] = command;
  if (!program) return Promise.reject(new Error('in-netns: no command given'));
  let argv: [string, ...string[]];
  let inNamespace: boolean;
  if (env[NETNS_ENV] === '1') {
    argv = [program, ...args];
    inNamespace = true;
  } else {
    const support = netnsSupport();
    inNamespace = support.ok;
    if (support.ok) {
      argv = [support.unshare, '--net', '--', 'sh', '-c', NETNS_SHELL, 'sh', program, ...args];
    } else {
      console.log(`[in-netns] no private network namespace (${support.reason}): running on the host's loopback`);
      argv = [program, ...args];
    }
  }
  const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env: { ...env, [NETNS_ENV]: inNamespace ? '1' : '0' } });
  // The terminal sends SIGINT to the child too (same process group), so only pass on the
  // signals that are aimed at this launcher alone.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  const ignore = () => {};
  process.on('SIGTERM', forward).on('SIGHUP', forward).on('SIGINT', ignore);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGTERM', forward).off('SIGHUP', forward).off('SIGINT', ignore);
      resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0));
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const command = process.argv.slice(2);
  if (command.length === 0) {
    console.error('usage: npx tsx test/rig/in-netns.ts <command...>');
    process.exit(2);
  }
  process.exitCode = await runInNetns(command);
}
