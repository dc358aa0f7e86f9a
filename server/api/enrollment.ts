import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../common/hub/roles.ts';
import type { Database, Queryable } from '../db/database.ts';
import { announceSessionChange } from '../events/bus.ts';
import { auditAction } from './audit.ts';
import { HubError, forbidden } from './errors.ts';

/**
 * Codes are for overflow agents who sign in with nothing else: no password, not disabled. A code
 * is a session for whoever holds it, so a team lead must not be able to make one for an admin,
 * another lead or any agent who has a password. Checked when the code is made and again when it
 * is redeemed (the agent may have been promoted or given a password in between).
 */
export function mayEnroll(agent: { role: Role; password_hash: string | null; disabled_at: Date | null }): boolean {
  return agent.role === 'overflow' && agent.password_hash === null && agent.disabled_at === null;
}

/** What the database keeps of a code: its hash, whatever case and separators it is typed with. */
export function codeHashOf(code: string): string {
  return createHash('sha256').update(code.toUpperCase().replace(/[^A-Z0-9]/g, '')).digest('hex');
}

export interface EnrollmentRequest {
  readonly createdBy: string;
  readonly agentId: string;
  readonly codeExpiresAt: Date;
  /** The agent's access end: future only (a past one would lock the agent out at once). */
  readonly accessExpiresAt: Date | undefined;
}

/**
 * A one-time code (and optionally the agent's access end) for an overflow agent without a
 * password. Anyone else is 403 `auth.forbidden` with reason `enrollment.target`; an access end
 * that is not in the future is 400 `request.invalid` (`accessExpiresAt`).
 */
export async function createEnrollment(db: Database, now: Date, request: EnrollmentRequest): Promise<string> {
  const code = await db.transaction((tx) => issueEnrollmentCode(tx, now, request));
  // The agent's open sockets close at the new end, not the old one.
  if (request.accessExpiresAt) await announceSessionChange(db);
  return code;
}

/**
 * `createEnrollment` inside the caller's transaction (a new overflow agent and its code commit
 * together); the caller announces a changed access end after commit.
 */
export async function issueEnrollmentCode(tx: Queryable, now: Date, request: EnrollmentRequest): Promise<string> {
  const { createdBy, agentId, codeExpiresAt, accessExpiresAt } = request;
  // 12 characters from an alphabet without look-alikes (0/O, 1/I), shown as XXXX-XXXX-XXXX.
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const raw = [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
  const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
  // Locked: a role change or a new password made meanwhile waits for this code (and is re-checked at redeem time).
  const [agent] = await tx.query<{ role: Role; password_hash: string | null; disabled_at: Date | null }>(
    'select role, password_hash, disabled_at from agent where id = $1 for update',
    [agentId],
  );
  if (!agent) throw new HubError(404, 'not.found', { what: 'agent' });
  if (!mayEnroll(agent)) throw forbidden('enrollment.target');
  if (accessExpiresAt && accessExpiresAt <= now) throw new HubError(400, 'request.invalid', { field: 'accessExpiresAt' });
  await tx.query('insert into enrollment_code (code_hash, agent_id, created_by, expires_at) values ($1, $2, $3, $4)', [
    codeHashOf(code),
    agentId,
    createdBy,
    codeExpiresAt,
  ]);
  if (accessExpiresAt) await tx.query('update agent set access_expires_at = $2 where id = $1', [agentId, accessExpiresAt]);
  await auditAction(tx, createdBy, 'enrollment.create', { type: 'agent', id: agentId }, {
    codeExpiresAt: codeExpiresAt.toISOString(),
    accessExpiresAt: accessExpiresAt?.toISOString() ?? null,
  });
  return code;
}
