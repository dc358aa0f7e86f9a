import { z } from 'zod';
import { AgentProfile } from '../../common/hub/api.ts';
import type { SecretVault } from '../cache/vault.ts';

// The hub session as it lives in the OS keychain between launches: the hub, the rotating refresh
// token and who the agent is, so a restart (even offline) knows the agent without a sign-in.

const VAULT_KEY = 'hub-session';

/**
 * `retryKey`: set and stored before a refresh is sent, cleared when its answer is stored. Still
 * there after a dropped answer or a crash, it goes with the same token again, and the hub knows a
 * retry from a stolen copy (server/api/auth.ts refresh).
 */
export const StoredSession = z.object({ url: z.string(), refreshToken: z.string(), agent: AgentProfile, retryKey: z.string().optional() });
export type StoredSession = z.infer<typeof StoredSession>;

/** The stored session, or null when there is none, the keychain is unavailable or the entry is unreadable. */
export function readStoredSession(vault: SecretVault | undefined): StoredSession | null {
  const raw = vault?.availability.ok ? vault.read(VAULT_KEY) : null;
  if (!raw) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return null; // a damaged entry is no session: sign in again rather than crash at start
  }
  const parsed = StoredSession.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export function writeStoredSession(vault: SecretVault | undefined, session: StoredSession): void {
  if (!vault?.availability.ok) return;
  vault.write(VAULT_KEY, Buffer.from(JSON.stringify(session), 'utf8'));
}

export function forgetStoredSession(vault: SecretVault | undefined): void {
  vault?.delete(VAULT_KEY);
}
