import { v7 as uuidv7 } from 'uuid';
import type { FinalReport, OverflowAgent, UnsentReport } from '../../common/hub/access.ts';
import type { Database, Queryable } from '../db/database.ts';
import { write } from '../db/writes.ts';
import { EventBus } from '../events/bus.ts';
import { auditAction } from './audit.ts';
import { sha256 } from './auth-rows.ts';
import { REFRESH_TTL_DAYS } from './auth.ts';
import { HubError } from './errors.ts';

// The lead's view of the overflow season: its overflow agents with their devices and what their
// consoles could not send, and the final report a console sends when its access ends.

interface OverflowRow {
  id: string;
  display_name: string;
  email: string;
  office_id: string;
  languages: string[];
  access_expires_at: Date | null;
  disabled_at: Date | null;
  devices: { id: string; name: string; enrolled_at: string; last_seen_at: string | null; revoked_at: string | null }[];
  unsent_reports: number;
}

const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());

/** The overflow agents of `officeId` (null: every office), by name. */
export async function listOverflowAgents(db: Queryable, officeId: string | null, now: Date): Promise<OverflowAgent[]> {
  const rows = await db.query<OverflowRow>(
    `select a.id, a.display_name, a.email, a.office_id, a.languages, a.access_expires_at, a.disabled_at,
            coalesce((select json_agg(json_build_object('id', d.id, 'name', d.name, 'enrolled_at', d.enrolled_at,
                        'last_seen_at', d.last_seen_at, 'revoked_at', d.revoked_at) order by d.enrolled_at)
                        from device d where d.agent_id = a.id), '[]'::json) as devices,
            (select count(*) from unsent_report r where r.agent_id = a.id)::int as unsent_reports
       from agent a
      where a.role = 'overflow' and ($1::uuid is null or a.office_id = $1::uuid)
      order by lower(a.display_name), a.id`,
    [officeId],
  );
  return rows.map((row) => {
    const ended = row.disabled_at !== null || (row.access_expires_at !== null && row.access_expires_at <= now);
    return {
      agentId: row.id,
      displayName: row.display_name,
      email: row.email,
      officeId: row.office_id,
      languages: row.languages,
      accessExpiresAt: row.access_expires_at?.toISOString() ?? null,
      status: ended ? 'ended' : row.devices.length === 0 ? 'invited' : 'active',
      devices: row.devices.map((d) => ({
        id: d.id,
        name: d.name,
        enrolledAt: iso(d.enrolled_at) ?? '',
        lastSeenAt: iso(d.last_seen_at),
        revokedAt: iso(d.revoked_at),
      })),
      unsentReports: Number(row.unsent_reports),
    };
  });
}

/** What an agent's consoles reported they could not send, oldest first. */
export async function unsentReportsOf(db: Queryable, agentId: string): Promise<UnsentReport[]> {
  const rows = await db.query<{ id: string; device_id: string | null; reason: UnsentReport['reason']; received_at: Date; items: UnsentReport['items'] }>(
    'select id, device_id, reason, received_at, items from unsent_report where agent_id = $1 order by received_at, id',
    [agentId],
  );
  return rows.map((row) => ({ id: row.id, deviceId: row.device_id, reason: row.reason, receivedAt: row.received_at.toISOString(), items: row.items }));
}

/**
 * Stores a console's final report. The refresh token only has to be one the hub issued for a
 * session that was alive in the last 30 days (by the hub's clock) — revoked, rotated or run out:
 * a console whose access ended still gets its last word in. It grants nothing else. An unknown
 * token is 401 `auth.revoked` and nothing is stored.
 */
export async function storeFinalReport(db: Database, bus: EventBus, report: FinalReport, now: Date): Promise<number> {
  const [sessionId = ''] = report.refreshToken.split('.');
  const since = new Date(now.getTime() - REFRESH_TTL_DAYS * 86_400_000);
  return write(db, bus, async (tx) => {
    const [session] = await tx.query<{ agent_id: string; device_id: string | null; office_id: string }>(
      `select s.agent_id, s.device_id, a.office_id from auth_session s join agent a on a.id = s.agent_id
        where s.id = $1 and s.refresh_hash = $2 and s.expires_at > $3`,
      [sessionId, sha256(report.refreshToken), since],
    );
    if (!session) throw new HubError(401, 'auth.revoked');
    const id = uuidv7();
    await tx.query('insert into unsent_report (id, agent_id, device_id, reason, items, received_at) values ($1, $2, $3, $4, $5, $6)', [
      id,
      session.agent_id,
      session.device_id,
      report.reason,
      JSON.stringify(report.items),
      now,
    ]);
    // Counts only: the items' text stays in the report, for the lead who opens it.
    await auditAction(tx, session.agent_id, 'unsent.report', { type: 'agent', id: session.agent_id }, { report: id, reason: report.reason, items: report.items.length });
    // Leads receive every event (server/events/socket.ts); addressed to the agent, no colleague
    // of the agent gets it, and the payload's office lets a lead's console show its own office's.
    await EventBus.append(
      tx,
      'overflow.unsent_reported',
      { agentId: session.agent_id, officeId: session.office_id, reportId: id, reason: report.reason, items: report.items.length },
      session.agent_id,
      session.agent_id,
    );
    return report.items.length;
  });
}
