import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync, renameSync, chmodSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the console keeps its few secrets: the cache's encryption key and the hub session's
 * refresh token. The Electron shell puts them in the OS keychain through safeStorage; the web
 * shell in files only its user may read (0600). Either way the rest of main sees this interface.
 */
export interface SecretVault {
  /** `ok` or why this machine cannot keep a secret safely (then no customer data is cached). */
  readonly availability: VaultAvailability;
  read(name: SecretName): Buffer | null;
  write(name: SecretName, value: Buffer): void;
  delete(name: SecretName): void;
}

export type VaultAvailability = { readonly ok: true; readonly backend: string } | { readonly ok: false; readonly reason: 'noSecretStore'; readonly backend: string };

/**
 * `sip-password`: the SIP account's password when the agent typed it in Settings; `hub-lease`:
 * the hub's last signed lease and its pinned key (main/access/), for the offline lock.
 */
export const SECRET_NAMES = ['cache-key', 'hub-session', 'sip-password', 'hub-lease'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export const CACHE_KEY_BYTES = 32;

/** The cache key: read, or made (32 random bytes) on first use. */
export function cacheKey(vault: SecretVault): Buffer {
  const existing = vault.read('cache-key');
  if (existing && existing.length === CACHE_KEY_BYTES) return existing;
  const key = randomBytes(CACHE_KEY_BYTES);
  vault.write('cache-key', key);
  return key;
}

/** Writes a file so that a crash leaves either the old or the new content, readable by its owner only. */
function writeSecretFile(file: string, content: Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode: 0o600, flush: true });
  chmodSync(temp, 0o600); // an existing temp file keeps its mode otherwise
  renameSync(temp, file);
}

function readIfExists(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The web shell's vault: one 0600 file per secret in a 0700 folder. */
export function keyFileVault(dir: string): SecretVault {
  const file = (name: SecretName) => path.join(dir, `${name}.secret`);
  return {
    availability: { ok: true, backend: 'keyFile' },
    read: (name) => readIfExists(file(name)),
    write: (name, value) => writeSecretFile(file(name), value),
    delete: (name) => rmSync(file(name), { force: true }),
  };
}

/** The parts of Electron's `safeStorage` the vault uses (so this logic runs and is tested in Node). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: `basic_text` means "no secret store, a hard-coded password". */
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * The Electron shell's vault: each secret encrypted by the OS keychain (Keychain, DPAPI,
 * libsecret/kwallet) and stored as a file. Where Linux offers no secret service, safeStorage
 * falls back to `basic_text` — a fixed password, i.e. no protection — and the vault says so
 * instead of pretending.
 */
export function safeStorageVault(storage: SafeStorageLike, dir: string, platform: NodeJS.Platform = process.platform): SecretVault {
  const backend = platform === 'linux' ? (storage.getSelectedStorageBackend?.() ?? 'unknown') : platform === 'darwin' ? 'keychain' : 'dpapi';
  const usable = storage.isEncryptionAvailable() && backend !== 'basic_text' && backend !== 'unknown';
  const file = (name: SecretName) => path.join(dir, `${name}.sealed`);
  return {
    availability: usable ? { ok: true, backend } : { ok: false, reason: 'noSecretStore', backend },
    read(name) {
      if (!usable) return null;
      const sealed = readIfExists(file(name));
      if (!sealed) return null;
      try {
        return Buffer.from(storage.decryptString(sealed), 'base64');
      } catch {
        // The keychain can no longer open what it sealed (a reset OS password, a profile copied to
        // another machine): the secret is gone. Said as "none", the cache is rebuilt under a new
        // key (reported as keyMismatch) and the hub session signs in again, instead of failing at
        // every start.
        return null;
      }
    },
    write(name, value) {
      if (!usable) throw new Error('no secret store on this machine');
      writeSecretFile(file(name), storage.encryptString(value.toString('base64')));
    },
    delete: (name) => rmSync(file(name), { force: true }),
  };
}
