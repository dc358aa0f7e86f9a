import { queueServedBy, type EscalationItem, type InboxBox, type ThreadEntry } from '../../common/hub/escalations.ts';
import type { Queryable } from '../db/database.ts';
import type { Caller } from './auth.ts';
import { visibleTo, type WallCondition } from './escalation-wall.ts';

// Escalations as the inbox shows them: with the customer, the people, the order number and the
// number of replies, and the box each is in for the caller. Every read goes through the wall.

interface ItemRow {
  id: string;
  customer_id: string;
  customer_name: string;
  customer_language: string;
  queue: string;
  priority: EscalationItem['priority'];
  status: EscalationItem['status'];
  summary: string;
  created_at: Date | string;
  sla_due_at: Date | string | null;
  created_by: string;
  created_by_name: string;
  assigned_to: string | null;
  assigned_to_name: string | null;
  order_id: string | null;
  order_number: string | null;
  interaction_id: string | null;
  replies: number | string;
  outcome: EscalationItem['outcome'];
  resolution: string | null;
  resolved_at: Date | string | null;
}

const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();
const isoOrNull = (value: Date | string | null): string | null => (value === null ? null : iso(value));

/** Which box of the caller's inbox an escalation is in. */
export function boxOf(caller: Caller, row: Pick<ItemRow, 'assigned_to' | 'created_by' | 'queue' | 'status'>): InboxBox {
  if (row.assigned_to === caller.agentId) return 'mine';
  if (row.assigned_to === null && row.status !== 'resolved' && row.queue === queueServedBy(caller.role)) return 'queue';
  if (row.created_by === caller.agentId) return 'created';
  return 'other';
}

function toItem(caller: Caller, row: ItemRow): EscalationItem {
  return {
    id: row.id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    customerLanguage: row.customer_language,
    queue: row.queue,
    priority: row.priority,
    status: row.status,
    box: boxOf(caller, row),
    summary: row.summary,
    createdAt: iso(row.created_at),
    slaDueAt: isoOrNull(row.sla_due_at),
    createdBy: { id: row.created_by, name: row.created_by_name },
    assignedTo: row.assigned_to === null ? null : { id: row.assigned_to, name: row.assigned_to_name ?? '' },
    orderId: row.order_id,
    orderNumber: row.order_number,
    interactionId: row.interaction_id,
    replies: Number(row.replies),
    outcome: row.outcome,
    resolution: row.resolution,
    resolvedAt: isoOrNull(row.resolved_at),
  };
}

/**
 * The escalations the caller may see that also match `where` (on alias `e`, parameters from $1),
 * oldest first.
 */
export async function readItems(db: Queryable, caller: Caller, where: string, params: readonly unknown[], limit = 2_000): Promise<EscalationItem[]> {
  return selectItems(db, caller, where, params, visibleTo(caller, params.length + 1), limit);
}

async function selectItems(db: Queryable, caller: Caller, where: string, params: readonly unknown[], wall: WallCondition, limit: number): Promise<EscalationItem[]> {
  const rows = await db.query<ItemRow>(
    `select e.id, e.customer_id, c.name as customer_name, c.language as customer_language, e.queue, e.priority, e.status,
            e.summary, e.created_at, e.sla_due_at, e.created_by, cb.display_name as created_by_name, e.assigned_to,
            asg.display_name as assigned_to_name, e.order_id, o.number as order_number, e.interaction_id,
            (select count(*) from interaction r where r.escalation_id = e.id) as replies, e.outcome, e.resolution, e.resolved_at
       from escalation e
       join customer c on c.id = e.customer_id
       join agent cb on cb.id = e.created_by
       left join agent asg on asg.id = e.assigned_to
       left join shop_order o on o.id = e.order_id
      where (${where}) and ${wall.sql}
      order by e.created_at, e.id
      limit ${limit}`,
    [...params, ...wall.params],
  );
  return rows.map((row) => toItem(caller, row));
}

/**
 * One escalation for the caller who was just let through its wall (read, or acted on: after a
 * hand-back it may no longer be theirs to see, yet the answer tells them how they left it).
 */
export async function readItem(db: Queryable, caller: Caller, id: string): Promise<EscalationItem> {
  const [item] = await selectItems(db, caller, 'e.id = $1', [id], { sql: 'true', params: [] }, 1);
  if (!item) throw new Error(`escalation ${id} vanished after its wall check`);
  return item;
}

/** The replies to an escalation, oldest first. */
export async function readThread(db: Queryable, escalationId: string): Promise<ThreadEntry[]> {
  const rows = await db.query<{ id: string; agent_id: string | null; author_name: string | null; note: string | null; started_at: Date | string }>(
    `select i.id, i.agent_id, a.display_name as author_name, i.note, i.started_at
       from interaction i left join agent a on a.id = i.agent_id
      where i.escalation_id = $1 order by i.started_at, i.id`,
    [escalationId],
  );
  return rows.map((row) => ({ id: row.id, authorId: row.agent_id, authorName: row.author_name ?? '', text: row.note ?? '', at: iso(row.started_at) }));
}
