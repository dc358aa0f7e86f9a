import { createHash, timingSafeEqual } from 'node:crypto';
import type { AgentProfile } from '../../common/hub/api.ts';
import type { Role } from '../../common/hub/roles.ts';

// The rows the auth tables give Auth (auth.ts), and the pure checks over them: kept apart so the
// sign-in, rotation and authentication logic reads without the row shapes in between.

export interface AgentRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  office_id: string;
  office_country: string;
  languages: string[];
  password_hash: string | null;
  access_expires_at: Date | null;
  disabled_at: Date | null;
}

/** What `authenticate` needs of a session beyond its token (kept per session: session-cache.ts). */
export interface SessionRow {
  revoked_at: Date | null;
  family_id: string;
  device_id: string | null;
  device_revoked: Date | null;
  role: Role;
  access_expires_at: Date | null;
  disabled_at: Date | null;
  office_country: string;
}

export const AGENT_SELECT = `select a.id, a.email, a.display_name, a.role, a.office_id, o.country as office_country, a.languages,
  a.password_hash, a.access_expires_at, a.disabled_at
  from agent a join office o on o.id = a.office_id`;

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** When an agent's access ends: only overflow agents have an end; a date in anyone else's row is ignored. */
export const accessEnd = (agent: { role: Role; access_expires_at: Date | null }) => (agent.role === 'overflow' ? agent.access_expires_at : null);

export function toProfile(agent: AgentRow): AgentProfile {
  return {
    id: agent.id,
    email: agent.email,
    displayName: agent.display_name,
    role: agent.role,
    officeId: agent.office_id,
    officeCountry: agent.office_country.trim(),
    languages: agent.languages,
    accessExpiresAt: accessEnd(agent)?.toISOString() ?? null,
  };
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A session being refreshed, with what the retry check needs of the session it was rotated into. */
export interface RefreshRow {
  id: string;
  agent_id: string;
  device_id: string | null;
  family_id: string;
  replaced_by: string | null;
  refresh_hash: string;
  retry_hash: string | null;
  expires_at: Date;
  revoked_at: Date | null;
  device_revoked: Date | null;
  successor_replaced_by: string | null;
  successor_revoked: Date | null;
}

/** The old token with its rotation's own retry key, and the successor never refreshed nor ended since. */
export function isRetry(session: RefreshRow, retryHash: string | null): boolean {
  if (retryHash === null || session.retry_hash === null || !safeEqual(session.retry_hash, retryHash)) return false;
  return session.successor_replaced_by === null && session.successor_revoked === null;
}
