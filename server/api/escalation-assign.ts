import { DEFAULT_ESCALATION_SLA, EscalationSla, roleServingQueue, type EscalationQueue, type Priority } from '../../common/hub/escalations.ts';
import type { Queryable } from '../db/database.ts';

// Who gets a new escalation, and by when it must be resolved.

/** The hub setting that holds the SLA minutes per priority. */
export const SLA_SETTING = 'escalation_sla';

/** The SLA minutes per priority: the hub setting, or the defaults where it is missing or unreadable. */
export async function readSla(db: Queryable): Promise<EscalationSla> {
  const [row] = await db.query<{ value: unknown }>('select value from hub_setting where key = $1', [SLA_SETTING]);
  const stored = EscalationSla.safeParse(typeof row?.value === 'string' ? JSON.parse(row.value) : row?.value);
  return stored.success ? stored.data : DEFAULT_ESCALATION_SLA;
}

export async function writeSla(db: Queryable, sla: EscalationSla): Promise<void> {
  await db.query('insert into hub_setting (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value', [SLA_SETTING, JSON.stringify(sla)]);
}

/** When an escalation of this priority made now must be resolved. */
export async function slaDueAt(db: Queryable, priority: Priority, createdAt: Date): Promise<Date> {
  const sla = await readSla(db);
  return new Date(createdAt.getTime() + sla[priority] * 60_000);
}

/**
 * The agent a new escalation goes to when the creator named nobody: an active agent whose role
 * serves the queue, available right now, who speaks the customer's language; of those the one
 * with the fewest unresolved escalations, then the one available longest. Null: nobody is free,
 * and the escalation waits unassigned in the queue (its agents see it there).
 */
export async function pickAssignee(db: Queryable, queue: EscalationQueue, customerId: string, now: Date): Promise<string | null> {
  const [row] = await db.query<{ id: string }>(
    `select a.id
       from agent a
       join presence p on p.agent_id = a.id and p.status = 'available'
       join customer c on c.id = $2
      where a.role = $1 and a.disabled_at is null
        and (a.role <> 'overflow' or a.access_expires_at is null or a.access_expires_at > $3)
        and c.language = any (a.languages)
      order by (select count(*) from escalation e where e.assigned_to = a.id and e.status <> 'resolved'), p.since, a.id
      limit 1`,
    [roleServingQueue(queue), customerId, now],
  );
  return row?.id ?? null;
}

/**
 * A colleague the creator named: must be an active agent (not disabled, access not ended).
 * Returns whether it is one.
 */
export async function isActiveAgent(db: Queryable, agentId: string, now: Date): Promise<boolean> {
  const rows = await db.query(
    `select 1 from agent where id = $1 and disabled_at is null and (role <> 'overflow' or access_expires_at is null or access_expires_at > $2)`,
    [agentId, now],
  );
  return rows.length > 0;
}
