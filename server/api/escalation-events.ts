import type { Queryable } from '../db/database.ts';
import { EventBus } from '../events/bus.ts';

// The escalation lane's live events. Most go to all staff (audience null); overflow agents get
// only events addressed to them, so an overflow agent an event is about (the creator, the one a
// reply is for) gets its own copy.

/** Appends the event for all staff, plus a copy to each overflow agent among `about`. */
export async function announce(tx: Queryable, kind: string, payload: Record<string, unknown>, entityId: string, about: readonly (string | null)[]): Promise<void> {
  await EventBus.append(tx, kind, payload, null, entityId);
  const ids = [...new Set(about.filter((id): id is string => id !== null))];
  if (ids.length === 0) return;
  const overflow = await tx.query<{ id: string }>(`select id from agent where id = any ($1::uuid[]) and role = 'overflow'`, [ids]);
  for (const { id } of overflow) await EventBus.append(tx, kind, payload, id, entityId);
}

/** `escalation.assigned` for its assignee: enough to notify without another request. */
export async function announceAssigned(tx: Queryable, escalationId: string): Promise<void> {
  const [row] = await tx.query<{
    customer_id: string; customer_name: string; queue: string; priority: string; summary: string;
    assigned_to: string | null; created_by: string; created_by_name: string;
  }>(
    `select e.customer_id, c.name as customer_name, e.queue, e.priority, e.summary, e.assigned_to, e.created_by, a.display_name as created_by_name
       from escalation e join customer c on c.id = e.customer_id join agent a on a.id = e.created_by where e.id = $1`,
    [escalationId],
  );
  if (!row) return;
  await EventBus.append(
    tx,
    'escalation.assigned',
    {
      escalationId, customerId: row.customer_id, customerName: row.customer_name, queue: row.queue, priority: row.priority, summary: row.summary,
      assignedTo: row.assigned_to, createdBy: row.created_by, createdByName: row.created_by_name,
    },
    row.assigned_to,
    escalationId,
  );
}
