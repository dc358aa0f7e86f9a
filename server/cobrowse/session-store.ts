import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { CobrowseControl, CobrowseEndReason, CobrowsePage, CobrowseState } from '../../common/cobrowse/protocol.ts';
import type { CobrowseSessionView } from '../../common/hub/cobrowse.ts';
import type { Queryable } from '../db/database.ts';

// The co-browse session rows (migration 0010): the hub's record of every step, in SQL. The relay
// keeps sockets and timers in memory; whatever must survive an instance (who, state, consent and
// control times, end and reason) is written here first.

export interface SessionRow {
  id: string;
  agent_id: string;
  customer_id: string;
  code: string | null;
  code_expires_at: Date;
  customer_key_hash: string | null;
  state: CobrowseState;
  control: CobrowseControl;
  created_at: Date;
  consent_at: Date | null;
  control_requested_at: Date | null;
  control_granted_at: Date | null;
  control_revoked_at: Date | null;
  ended_at: Date | null;
  end_reason: CobrowseEndReason | null;
  pages: number;
  bytes_in: number;
  bytes_out: number;
  last_url: string | null;
  last_title: string | null;
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** A page's secret for the session socket: 32 random bytes, base64url. */
export const newCustomerKey = () => randomBytes(32).toString('base64url');
/** Six digits, leading zeros kept: read out over the phone. */
const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

export async function readSession(db: Queryable, id: string): Promise<SessionRow | null> {
  const [row] = await db.query<SessionRow>('select * from cobrowse_session where id = $1', [id]);
  return row ?? null;
}

/** The agent's sessions that are not over (at most one, by the hub's rule). */
export async function openSessionsOf(db: Queryable, agentId: string): Promise<SessionRow[]> {
  return db.query<SessionRow>(`select * from cobrowse_session where agent_id = $1 and state <> 'ended'`, [agentId]);
}

/**
 * A new requested session with a fresh code unique among usable codes. Codes of sessions whose
 * time ran out are released first; a clash with a usable one (one in a million per open session)
 * draws again.
 */
export async function insertSession(
  db: Queryable,
  session: { id: string; agentId: string; customerId: string; now: Date; codeTtlMs: number; customerKey: string; instanceId: string },
): Promise<SessionRow> {
  await db.query('update cobrowse_session set code = null where code is not null and code_expires_at <= $1', [session.now]);
  for (let attempt = 0; ; attempt += 1) {
    const code = newCode();
    try {
      const [row] = await db.query<SessionRow>(
        `insert into cobrowse_session (id, agent_id, customer_id, code, code_hash, code_expires_at, customer_key_hash, created_at, instance_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
        [session.id, session.agentId, session.customerId, code, sha256(session.id + code), new Date(session.now.getTime() + session.codeTtlMs), sha256(session.customerKey), session.now, session.instanceId],
      );
      if (!row) throw new Error('insert returned no row');
      return row;
    } catch (error) {
      const unique = (error as { code?: unknown; constraint?: unknown }).code === '23505';
      if (!unique || attempt > 20) throw error;
      // A clash on the id itself is not a code clash: the caller's idempotency check answers it.
      const [existing] = await db.query('select 1 from cobrowse_session where id = $1', [session.id]);
      if (existing) throw error;
    }
  }
}

/**
 * Uses a code once: the requested session it names gets a new page secret and loses its code.
 * Null for a wrong, expired or used code (one answer for all three).
 */
export async function claimCode(db: Queryable, code: string, now: Date, customerKey: string): Promise<SessionRow | null> {
  const [row] = await db.query<SessionRow>(
    `update cobrowse_session set code = null, customer_key_hash = $3
      where code = $1 and state = 'requested' and code_expires_at > $2 returning *`,
    [code, now, sha256(customerKey)],
  );
  return row ?? null;
}

/** The page consented (first hello) or came back (a resume after navigation): live again, one page more. */
export async function markLive(db: Queryable, id: string, now: Date, page: CobrowsePage): Promise<SessionRow | null> {
  const [row] = await db.query<SessionRow>(
    `update cobrowse_session set state = 'live', consent_at = coalesce(consent_at, $2), code = null, pages = pages + 1,
       last_url = $3, last_title = $4
      where id = $1 and state <> 'ended' returning *`,
    [id, now, page.url, page.title],
  );
  return row ?? null;
}

export async function markAway(db: Queryable, id: string): Promise<void> {
  await db.query(`update cobrowse_session set state = 'away' where id = $1 and state = 'live'`, [id]);
}

export async function storePage(db: Queryable, id: string, page: CobrowsePage): Promise<void> {
  await db.query('update cobrowse_session set last_url = $2, last_title = $3 where id = $1', [id, page.url, page.title]);
}

/** Control moved: asked (`requested`), granted (`on`), taken back or refused (`off`). */
export async function storeControl(db: Queryable, id: string, control: CobrowseControl, now: Date): Promise<void> {
  const column = control === 'requested' ? 'control_requested_at' : control === 'on' ? 'control_granted_at' : 'control_revoked_at';
  await db.query(`update cobrowse_session set control = $2, ${column} = $3 where id = $1 and state <> 'ended'`, [id, control, now]);
}

/** Ends the session unless it already ended; returns the row when this call ended it. */
export async function markEnded(db: Queryable, id: string, reason: CobrowseEndReason, now: Date): Promise<SessionRow | null> {
  const [row] = await db.query<SessionRow>(
    `update cobrowse_session set state = 'ended', end_reason = $2, ended_at = $3, code = null,
       control = 'off', control_revoked_at = case when control = 'on' then $3 else control_revoked_at end
      where id = $1 and state <> 'ended' returning *`,
    [id, reason, now],
  );
  return row ?? null;
}

/** Requested sessions whose code ran out without consent: ended `code_expired`, returned. */
export async function expireCodes(db: Queryable, now: Date): Promise<SessionRow[]> {
  return db.query<SessionRow>(
    `update cobrowse_session set state = 'ended', end_reason = 'code_expired', ended_at = $1, code = null
      where state = 'requested' and code_expires_at <= $1 returning *`,
    [now],
  );
}

/** An instance of the hub that relays co-browse counts as gone when it did not sweep for this long. */
export const INSTANCE_STALE_MS = 60_000;

/** This instance is alive (its sweep), and forgets instances that stopped sweeping long ago. */
export async function heartbeatInstance(db: Queryable, instanceId: string, now: Date): Promise<void> {
  await db.query('insert into cobrowse_instance (id, seen_at) values ($1, $2) on conflict (id) do update set seen_at = excluded.seen_at', [instanceId, now]);
  await db.query('delete from cobrowse_instance where seen_at < $1', [new Date(now.getTime() - 10 * INSTANCE_STALE_MS)]);
}

/** A stopping instance: its sessions are left for the others (or its next start) to end. */
export async function forgetInstance(db: Queryable, instanceId: string): Promise<void> {
  await db.query('delete from cobrowse_instance where id = $1', [instanceId]);
}

/** The session is held by this instance now (it made it, or its sockets arrived here). */
export async function holdSession(db: Queryable, id: string, instanceId: string): Promise<void> {
  await db.query('update cobrowse_session set instance_id = $2 where id = $1 and instance_id is distinct from $2', [id, instanceId]);
}

/**
 * Sessions no running instance holds any more (their hub stopped or crashed with them running):
 * ended `hub_restart`. An instance that stopped cleanly is gone at once; one that crashed after
 * INSTANCE_STALE_MS without a sweep.
 */
export async function endOrphans(db: Queryable, now: Date): Promise<SessionRow[]> {
  return db.query<SessionRow>(
    `update cobrowse_session set state = 'ended', end_reason = 'hub_restart', ended_at = $1, code = null, control = 'off'
      where state <> 'ended' and (instance_id is null or instance_id not in (select id from cobrowse_instance where seen_at > $2))
      returning *`,
    [now, new Date(now.getTime() - INSTANCE_STALE_MS)],
  );
}

/** Wire bytes of a closed socket, after compression. */
export async function addBytes(db: Queryable, id: string, bytesIn: number, bytesOut: number): Promise<void> {
  if (bytesIn === 0 && bytesOut === 0) return;
  await db.query('update cobrowse_session set bytes_in = bytes_in + $2, bytes_out = bytes_out + $3 where id = $1', [id, bytesIn, bytesOut]);
}

export async function agentFirstName(db: Queryable, agentId: string): Promise<string> {
  const [row] = await db.query<{ display_name: string }>('select display_name from agent where id = $1', [agentId]);
  return firstName(row?.display_name ?? '');
}

/** "Anouk de Jong" → "Anouk": the customer sees the agent's first name only. */
export const firstName = (displayName: string) => displayName.trim().split(/\s+/)[0] ?? '';

export function viewOf(row: SessionRow): CobrowseSessionView {
  return {
    id: row.id,
    customerId: row.customer_id,
    state: row.state,
    control: row.control,
    code: row.state === 'requested' ? row.code : null,
    codeExpiresAt: row.code_expires_at.toISOString(),
    page: row.last_url === null ? null : { url: row.last_url, title: row.last_title ?? '' },
    createdAt: row.created_at.toISOString(),
    consentAt: row.consent_at?.toISOString() ?? null,
    controlGrantedAt: row.control_granted_at?.toISOString() ?? null,
    endedAt: row.ended_at?.toISOString() ?? null,
    endReason: row.end_reason,
  };
}
