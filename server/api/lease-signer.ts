import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { LeaseClaims, LeaseKey } from '../../common/hub/access.ts';
import type { AgentProfile } from '../../common/hub/api.ts';
import type { Database } from '../db/database.ts';
import type { SipSecrets } from './sip-secrets.ts';

// The lease: a statement of the hub's time and the agent's access, signed with an Ed25519 key the
// consoles pin at sign-in. A console offline keeps time by the last lease it verified, so moving
// the laptop's clock back gives no extra days (main/access/hub-clock.ts).

/** Which key seals the private key at rest: the hub's SIP key, or one derived from the token secret. */
export type LeaseSealing = { readonly kind: 'sip-key' | 'token-secret'; readonly secrets: SipSecrets };

/** The associated data of the sealed private key (one row, so a fixed label). */
const SEAL_LABEL = 'hub_signing_key';

export interface LeaseSettings {
  /** How many days an overflow agent's console may work without reaching the hub. */
  readonly offlineDaysOverflow: number;
  /** The same for everyone else. */
  readonly offlineDays: number;
}

/** `LOKET_OFFLINE_DAYS_OVERFLOW` (default 3) and `LOKET_OFFLINE_DAYS` (default 14). */
export function leaseSettingsFrom(env: NodeJS.ProcessEnv): LeaseSettings {
  const days = (text: string | undefined, fallback: number) => {
    const value = text === undefined || text.trim() === '' ? fallback : Number(text);
    if (!Number.isFinite(value) || value < 0 || value > 365) throw new Error(`offline days must be a number of days from 0 to 365, not ${text}`);
    return value;
  };
  return { offlineDaysOverflow: days(env.LOKET_OFFLINE_DAYS_OVERFLOW, 3), offlineDays: days(env.LOKET_OFFLINE_DAYS, 14) };
}

export class LeaseSigner {
  readonly #privateKey: CryptoKey;
  readonly #published: LeaseKey;
  readonly #settings: LeaseSettings;

  private constructor(privateKey: CryptoKey, published: LeaseKey, settings: LeaseSettings) {
    this.#privateKey = privateKey;
    this.#published = published;
    this.#settings = settings;
  }

  /**
   * The database's key pair, made by whichever instance comes first (insert … on conflict do
   * nothing, then read), so every instance signs with the same key.
   */
  static async load(db: Database, sealing: LeaseSealing, fallback: LeaseSealing | null, settings: LeaseSettings): Promise<LeaseSigner> {
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const privateJwk = await exportJWK(pair.privateKey);
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    await db.query(
      `insert into hub_signing_key (singleton, kid, public_jwk, private_sealed, sealed_with) values (true, $1, $2, $3, $4) on conflict (singleton) do nothing`,
      [kid, JSON.stringify(publicJwk), sealing.secrets.seal(SEAL_LABEL, JSON.stringify(privateJwk)), sealing.kind],
    );
    const [row] = await db.query<{ kid: string; public_jwk: JWK; private_sealed: string; sealed_with: LeaseSealing['kind'] }>(
      'select kid, public_jwk, private_sealed, sealed_with from hub_signing_key',
    );
    if (!row) throw new Error('the lease signing key could not be stored');
    const opener = row.sealed_with === sealing.kind ? sealing : fallback?.kind === row.sealed_with ? fallback : null;
    if (!opener) throw new Error(`the lease signing key was sealed with the hub's ${row.sealed_with}, which this hub was not started with (LOKET_SIP_KEY)`);
    let stored: JWK;
    try {
      stored = JSON.parse(opener.secrets.open(SEAL_LABEL, row.private_sealed)) as JWK;
    } catch (error) {
      throw new Error(`the lease signing key could not be opened (${(error as Error).message}): was the hub started with another SIP key or token secret?`);
    }
    const privateKey = (await importJWK({ ...stored, alg: 'EdDSA' }, 'EdDSA')) as CryptoKey;
    const x = String(row.public_jwk.x ?? '');
    return new LeaseSigner(privateKey, { kid: row.kid, jwk: { kty: 'OKP', crv: 'Ed25519', x, kid: row.kid } }, settings);
  }

  /** The public key, for `GET /auth/lease-key`. */
  get published(): LeaseKey {
    return this.#published;
  }

  /** How many offline days a role gets. */
  offlineDaysOf(role: AgentProfile['role']): number {
    return role === 'overflow' ? this.#settings.offlineDaysOverflow : this.#settings.offlineDays;
  }

  /** A fresh lease for `agent` on `deviceId`, at the hub's time `now`, issued by `issuer` (the hub's public URL). */
  async issue(agent: Pick<AgentProfile, 'id' | 'role' | 'accessExpiresAt'>, deviceId: string | null, now: Date, issuer: string): Promise<string> {
    const claims: LeaseClaims = {
      sub: agent.id,
      did: deviceId,
      iat: Math.floor(now.getTime() / 1000),
      hubTime: now.toISOString(),
      accessExpiresAt: agent.accessExpiresAt,
      offlineDays: this.offlineDaysOf(agent.role),
      iss: issuer,
    };
    return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: this.#published.kid, typ: 'loket-lease' }).sign(this.#privateKey);
  }
}
