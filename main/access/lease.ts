import { z } from 'zod';
import { LeaseKey, type LeaseClaims } from '../../common/hub/access.ts';
import { verifyLease } from '../../common/hub/lease.ts';
import type { SecretVault } from '../cache/vault.ts';
import { createLogger } from '../log.ts';

const log = createLogger('access');

/** What the vault keeps as `hub-lease`: the pinned key, the last verified lease, the clock's high-water mark. */
export const StoredLease = z.object({
  hub: z.string(),
  key: LeaseKey,
  lease: z.string().nullable(),
  receivedAtLocal: z.number().nullable(),
  highWater: z.number().nullable().default(null),
});
export type StoredLease = z.infer<typeof StoredLease>;

/** A lease's claims if it verifies with the pinned key, else null (logged: an unverifiable lease is ignored). */
export async function verifiedClaims(lease: string, key: LeaseKey): Promise<LeaseClaims | null> {
  try {
    return await verifyLease(lease, key);
  } catch (error) {
    log.warn(`ignoring a lease that does not verify: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

export function readStoredLease(vault: SecretVault): StoredLease | null {
  if (!vault.availability.ok) return null;
  const raw = vault.read('hub-lease');
  if (!raw) return null;
  try {
    const parsed = StoredLease.safeParse(JSON.parse(raw.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeStoredLease(vault: SecretVault, stored: StoredLease): void {
  if (!vault.availability.ok) return;
  vault.write('hub-lease', Buffer.from(JSON.stringify(stored), 'utf8'));
}
