// The Debian packages the telephony rig runs: Kamailio (with its WebSocket and TLS modules),
// rtpengine, baresip, plus iptables (rig.network), openssl (the WSS certificate) and iproute2
// (`ip`, to bring up loopback in the private network namespace). Installed from apt when missing.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { aptInstall } from '../support/apt.ts';

/** What apt installs when anything is missing (all of it at once: one `apt-get install`). */
export const RIG_APT_PACKAGES = [
  'kamailio',
  'kamailio-websocket-modules',
  'kamailio-tls-modules',
  'rtpengine-daemon',
  'baresip',
  'iptables',
  'openssl',
  'iproute2',
] as const;

/** baresip's modules on Debian (the `baresip-core` package); its config names this folder. */
export const BARESIP_MODULES_DIR = '/usr/lib/baresip/modules';

/** Folders that may hold a program: the rig runs as root or not, so sbin counts too. */
const BIN_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** The absolute path of a program, or null (PATH of non-root users often lacks sbin). */
export function findProgram(name: string): string | null {
  const fromPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of [...fromPath, ...BIN_DIRS]) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** Like findProgram, but a missing program is an error that says how to get it. */
export function requireProgram(name: string): string {
  const found = findProgram(name);
  if (!found) throw new Error(`\`${name}\` is not installed: run \`npx tsx test/rig/install.ts\``);
  return found;
}

/**
 * Kamailio's module folder. It is multiarch (/usr/lib/x86_64-linux-gnu/kamailio/modules on
 * amd64), so look it up instead of assuming the architecture.
 */
export function findKamailioModulesDir(): string | null {
  const candidates = ['/usr/lib/kamailio/modules', '/usr/lib64/kamailio/modules'];
  if (existsSync('/usr/lib')) {
    for (const entry of readdirSync('/usr/lib')) candidates.push(path.join('/usr/lib', entry, 'kamailio', 'modules'));
  }
  return candidates.find((dir) => existsSync(path.join(dir, 'tm.so'))) ?? null;
}

/** Everything the rig needs that is not there, as readable names (empty when complete). */
export function missingRigPieces(): string[] {
  const missing: string[] = [];
  for (const program of ['kamailio', 'kamcmd', 'rtpengine', 'baresip', 'iptables', 'openssl', 'ip']) {
    if (!findProgram(program)) missing.push(program);
  }
  const modules = findKamailioModulesDir();
  if (!modules) {
    missing.push('kamailio modules');
  } else {
    // The extra modules come in their own packages, so kamailio alone is not enough.
    for (const module of ['websocket.so', 'tls.so']) {
      if (!existsSync(path.join(modules, module))) missing.push(`kamailio ${module}`);
    }
  }
  if (!existsSync(path.join(BARESIP_MODULES_DIR, 'ctrl_tcp.so'))) missing.push('baresip modules');
  return missing;
}

/**
 * The rig's Debian packages: installed from apt when anything is missing (the telephony tests'
 * setup and CI both call this). Installing rtpengine-daemon or kamailio may start their system
 * services on the host; the rig runs in its own network namespace, and on the host it refuses to
 * start when its ports are taken (see rig.ts).
 */
export function ensureRigPackages(): void {
  const missing = missingRigPieces();
  if (missing.length === 0) return;
  console.log(`[rig] missing ${missing.join(', ')}: installing ${RIG_APT_PACKAGES.join(' ')} from Debian`);
  aptInstall(RIG_APT_PACKAGES, { recommends: false });
  const still = missingRigPieces();
  if (still.length > 0) throw new Error(`the rig's packages were installed but ${still.join(', ')} still missing`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureRigPackages();
  console.log('[rig] kamailio, rtpengine, baresip, iptables, openssl and ip are installed');
}
