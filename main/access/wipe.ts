import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { SECRET_NAMES, type SecretName, type SecretVault } from '../cache/vault.ts';

// The end of access leaves no customer data and no way back in on this machine: the cache
// folder (database, -wal, -shm and anything else in it), every secret (the cache key, the hub
// session, the SIP password, the lease) and the SIP account file. What stays: the language and
// theme (settings.json), the window's place and a small note of why access ended.

export interface WipeTargets {
  readonly dataDir: string;
  readonly vault: SecretVault;
}

export interface WipeResult {
  /** Files and folders removed from the data folder. */
  readonly removed: string[];
  /** Secrets that were in the vault and are gone now. */
  readonly secrets: SecretName[];
}

/** Files in the data folder that belong to the agent (beside the cache folder). */
const AGENT_FILES = ['sip-account.json'];

function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const paths: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) paths.push(...listTree(full));
    paths.push(full);
  }
  return paths;
}

/** Deletes the agent's data; call with the cache closed. Returns what it removed (tests prove it is gone). */
export function wipeAgentData({ dataDir, vault }: WipeTargets): WipeResult {
  const removed: string[] = [];
  const cacheDir = path.join(dataDir, 'cache');
  const inCache = listTree(cacheDir);
  const hadCache = existsSync(cacheDir);
  rmSync(cacheDir, { recursive: true, force: true });
  removed.push(...inCache);
  if (hadCache) removed.push(cacheDir);
  // The file itself, its temp files and any unreadable copy set aside (`<name>.unreadable-<ms>`).
  const entries = existsSync(dataDir) ? readdirSync(dataDir) : [];
  for (const entry of entries) {
    if (!AGENT_FILES.some((name) => entry === name || entry.startsWith(`${name}.`))) continue;
    const file = path.join(dataDir, entry);
    rmSync(file, { force: true });
    removed.push(file);
  }
  const secrets: SecretName[] = [];
  for (const name of SECRET_NAMES) {
    let held = false;
    try {
      held = vault.read(name) !== null;
    } catch {
      held = true; // unreadable is still there: delete it all the same
    }
    vault.delete(name);
    if (held) secrets.push(name);
  }
  return { removed, secrets };
}
