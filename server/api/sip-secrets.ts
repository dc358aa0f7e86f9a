// SIP passwords at rest. The console needs the password itself to register (a hash would not do),
// so the hub keeps it encrypted: AES-256-GCM, a random IV per value, under a key that lives
// outside the database (LOKET_SIP_KEY, or a file in the embedded hub's data folder).
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Queryable } from '../db/database.ts';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';
/** The file next to the embedded database that holds the generated key (0600). */
export const SIP_KEY_FILE = 'sip-key';
const KEY_CHECK_SETTING = 'sip_key_check';

/**
 * The key from its text form: 32 bytes in base64 (`openssl rand -base64 32`) or 64 hex digits.
 * Error messages never repeat the text.
 */
export function parseSipKey(text: string): KeyObject {
  const trimmed = text.trim();
  const hex = /^[0-9a-f]{64}$/i.test(trimmed);
  // 43 characters (and padding) are exactly 32 bytes, in base64 or base64url.
  if (!hex && !/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    throw new Error(`the SIP key must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 32) or ${KEY_BYTES * 2} hex digits`);
  }
  return createSecretKey(hex ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

/** The embedded hub's key: read from its data folder, made there (0600) at first start. */
export async function localSipKey(dataDir: string): Promise<KeyObject> {
  const file = path.join(dataDir, SIP_KEY_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // Written whole under another name, then linked into place: a hub and `npm run seed` starting
    // together end up with one key, and neither can read a half-written file.
    const draft = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(draft, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      await link(draft, file).catch((linkError: NodeJS.ErrnoException) => {
        if (linkError.code !== 'EEXIST') throw linkError;
      });
    } finally {
      await rm(draft, { force: true });
    }
    text = await readFile(file, 'utf8');
  }
  try {
    return parseSipKey(text);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

/** The hub's configured key: `LOKET_SIP_KEY`, else the data folder's (`npm run hub`, `npm run seed`). */
export async function configuredSipKey(env: NodeJS.ProcessEnv, dataDir: string): Promise<KeyObject> {
  if (env.LOKET_SIP_KEY) {
    try {
      return parseSipKey(env.LOKET_SIP_KEY);
    } catch (error) {
      throw new Error(`LOKET_SIP_KEY: ${(error as Error).message}`);
    }
  }
  return localSipKey(dataDir);
}

/** Seals and opens SIP passwords. Each value is bound to its agent: a sealed password copied to another agent's row does not open. */
export class SipSecrets {
  readonly #key: KeyObject;

  private constructor(key: KeyObject) {
    this.#key = key;
  }

  /**
   * For a configured key: checks it against the fingerprint the database keeps (and records it
   * on first use), so a hub started with another key than the one the stored passwords were
   * sealed with refuses to start instead of failing at each `GET /me/sip-account`.
   */
  static async open(db: Queryable, key: KeyObject): Promise<SipSecrets> {
    if (key.type !== 'secret' || key.symmetricKeySize !== KEY_BYTES) throw new Error(`the SIP key must be ${KEY_BYTES} bytes`);
    const check = keyCheck(key);
    await db.query(`insert into hub_setting (key, value) values ($1, $2) on conflict (key) do nothing`, [KEY_CHECK_SETTING, JSON.stringify(check)]);
    const [row] = await db.query<{ value: string }>('select value from hub_setting where key = $1', [KEY_CHECK_SETTING]);
    if (!row || !safeEqual(row.value, check)) {
      throw new Error('the SIP key (LOKET_SIP_KEY or the data folder’s sip-key) is not the one this database’s SIP passwords were encrypted with');
    }
    return new SipSecrets(key);
  }

  /**
   * A random key for this process only, checked against nothing: for tests and benchmarks that
   * build a hub without one. Passwords stored with it cannot be read after a restart.
   */
  static ephemeral(): SipSecrets {
    return new SipSecrets(createSecretKey(randomBytes(KEY_BYTES)));
  }

  /**
   * A key derived from another secret (the token signing secret) for one purpose: what a hub
   * without a SIP key seals its lease signing key with, the same on every instance that shares
   * that secret.
   */
  static derived(secret: Uint8Array, purpose: string): SipSecrets {
    return new SipSecrets(createSecretKey(Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `loket ${purpose}`, KEY_BYTES))));
  }

  seal(agentId: string, password: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(agentId));
    const sealed = Buffer.concat([cipher.update(password, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${FORMAT}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
  }

  open(agentId: string, sealed: string): string {
    const [format, iv, body] = sealed.split('.');
    if (format !== FORMAT || !iv || !body) throw new Error('a sealed SIP password in an unknown format');
    const bytes = Buffer.from(body, 'base64url');
    if (bytes.length < TAG_BYTES) throw new Error('a sealed SIP password that is too short');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(agentId));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

const associatedData = (agentId: string) => Buffer.from(`loket.sip_account.password:${agentId}`);

/** A fingerprint that tells keys apart without revealing them. */
function keyCheck(key: KeyObject): string {
  return createHmac('sha256', key).update('loket sip key check v1').digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
