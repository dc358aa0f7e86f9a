import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK } from 'jose';
import { LeaseClaims, LeaseKey } from './access.ts';

// Checking a lease the hub signed (server/api/lease-signer.ts), the same way in the console's main
// process and in the hub's tests. Only the signature and the claims' shape are checked here: what
// the times mean is the console's clock's business (main/access/hub-clock.ts), so no `exp` or
// "issued in the future" rule gets in its way.

export class LeaseError extends Error {
  readonly reason: 'format' | 'key' | 'signature' | 'claims';

  constructor(reason: LeaseError['reason'], message: string) {
    super(message);
    this.name = 'LeaseError';
    this.reason = reason;
  }
}

/**
 * The claims of `lease` when `key` (the hub's published `GET /auth/lease-key`, pinned at sign-in)
 * signed it; throws LeaseError otherwise (tampered, another key, not a lease).
 */
export async function verifyLease(lease: string, key: LeaseKey | LeaseKey['jwk']): Promise<LeaseClaims> {
  const published = 'jwk' in key ? LeaseKey.safeParse(key) : LeaseKey.safeParse({ kid: key.kid ?? '', jwk: key });
  if (!published.success) throw new LeaseError('key', 'not an Ed25519 public key');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(lease);
  } catch {
    throw new LeaseError('format', 'not a compact JWS');
  }
  if (header.alg !== 'EdDSA' && header.alg !== 'Ed25519') throw new LeaseError('format', `unexpected algorithm ${String(header.alg)}`);
  if (published.data.kid && header.kid !== published.data.kid) throw new LeaseError('key', 'signed with another key');
  try {
    const publicKey = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: published.data.jwk.x }, 'EdDSA');
    await compactVerify(lease, publicKey, { algorithms: ['EdDSA', 'Ed25519'] });
  } catch {
    throw new LeaseError('signature', 'the signature does not match');
  }
  let parsed: unknown;
  try {
    // Verified above: decoding the same compact form reads the payload that was signed.
    parsed = decodeJwt(lease);
  } catch {
    throw new LeaseError('claims', 'the payload is not a JSON object');
  }
  const claims = LeaseClaims.safeParse(parsed);
  if (!claims.success) throw new LeaseError('claims', 'the payload is not a lease');
  return claims.data;
}
