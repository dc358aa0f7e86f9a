import type { CallbackItem } from '../../common/hub/cases.ts';
import type { Queryable } from '../db/database.ts';
import type { Caller } from './auth.ts';

// Callbacks as the lists show them: with the customer's and the agents' names and whether each
// is overdue. The states' rules are SQL here, so a list and a count (the board) agree.

/** How long past its due time a callback without a window counts as on time. */
export const CALLBACK_GRACE_MINUTES = 30;

/** Open and past the end of its window (or past due plus the grace without one). $now is the named parameter. */
export const overdueSql = (now: string) => `(c.status = 'open' and coalesce(c.window_end, c.due_at + interval '${CALLBACK_GRACE_MINUTES} minutes') < ${now})`;

/** The end of today in an office's time zone, as timestamptz. */
export const endOfTodaySql = (now: string, zone: string) => `((date_trunc('day', ${now} at time zone ${zone}) + interval '1 day') at time zone ${zone})`;

/** The end of the caller's day in its office's time zone (the lists' "today"). */
async function officeDayEnd(db: Queryable, agentId: string, now: Date): Promise<Date> {
  const [row] = await db.query<{ day_end: Date }>(
    `select ${endOfTodaySql('$2::timestamptz', 'o.timezone')} as day_end from agent a join office o on o.id = a.office_id where a.id = $1`,
    [agentId, now],
  );
  return row?.day_end ?? new Date(now.getTime() + 86_400_000);
}

export type CallbackState = 'open' | 'due' | 'overdue' | 'done';

/** $1 now, $4 the end of the caller's day (`due` only); each state's condition on `c`. */
const STATE: Record<CallbackState, string> = {
  open: `c.status = 'open'`,
  overdue: overdueSql('$1'),
  due: `c.status = 'open' and not ${overdueSql('$1')} and c.due_at <= $4`,
  done: `c.status <> 'open' and coalesce(c.completed_at, c.created_at) >= $1::timestamptz - interval '7 days'`,
};

const SELECT = `select c.id, c.customer_id, cu.name as customer_name, c.phone, c.due_at, c.window_start, c.window_end, c.language, c.note,
    c.status, c.outcome, c.attempts, c.source, c.completed_at, ${overdueSql('$1')} as overdue,
    c.assigned_to, aa.display_name as assigned_name, c.created_by, ca.display_name as created_name
  from callback c join customer cu on cu.id = c.customer_id
  left join agent aa on aa.id = c.assigned_to left join agent ca on ca.id = c.created_by`;

interface CallbackRow {
  id: string;
  customer_id: string;
  customer_name: string;
  phone: string;
  due_at: Date;
  window_start: Date | null;
  window_end: Date | null;
  language: string | null;
  note: string | null;
  status: CallbackItem['status'];
  outcome: CallbackItem['outcome'];
  attempts: number;
  source: CallbackItem['source'];
  completed_at: Date | null;
  overdue: boolean;
  assigned_to: string | null;
  assigned_name: string | null;
  created_by: string | null;
  created_name: string | null;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

function itemOf(row: CallbackRow): CallbackItem {
  return {
    id: row.id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    phone: row.phone,
    dueAt: row.due_at.toISOString(),
    windowStart: iso(row.window_start),
    windowEnd: iso(row.window_end),
    language: row.language,
    note: row.note,
    status: row.status,
    outcome: row.outcome,
    attempts: row.attempts,
    assignedTo: row.assigned_to ? { id: row.assigned_to, name: row.assigned_name ?? '' } : null,
    createdBy: row.created_by ? { id: row.created_by, name: row.created_name ?? '' } : null,
    source: row.source,
    completedAt: iso(row.completed_at),
    overdue: row.overdue,
  };
}

/**
 * The callbacks of a list. `mine`: assigned to the caller; `team`: everyone's, unassigned web-shop
 * requests included. An overflow agent gets its own (assigned to it or made by it) whatever the scope.
 */
export async function listCallbacks(
  db: Queryable,
  caller: Caller,
  query: { scope: 'mine' | 'team'; state: CallbackState; dueBefore?: string | undefined },
  now: Date,
): Promise<CallbackItem[]> {
  const who =
    caller.role === 'overflow' ? '(c.assigned_to = $3 or c.created_by = $3)' : query.scope === 'mine' ? 'c.assigned_to = $3' : '$3::uuid is not null';
  const rows = await db.query<CallbackRow>(
    `${SELECT} where ${STATE[query.state]} and ${who} and ($2::timestamptz is null or c.due_at <= $2) order by c.due_at, c.id limit 500`,
    [now, query.dueBefore ?? null, caller.agentId, ...(query.state === 'due' ? [await officeDayEnd(db, caller.agentId, now)] : [])],
  );
  return rows.map(itemOf);
}

export async function readCallback(db: Queryable, id: string, now: Date): Promise<CallbackItem | null> {
  const [row] = await db.query<CallbackRow>(`${SELECT} where c.id = $2::uuid`, [now, id]);
  return row ? itemOf(row) : null;
}
