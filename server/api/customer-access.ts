import type { Queryable } from '../db/database.ts';
import type { Caller } from './auth.ts';
import { forbidden } from './errors.ts';

// Object-level access: staff may open every customer; an overflow agent only the customers it was
// given for its shift (server/db/migrations/0004). Every customer-scoped route asks `mayOpen`
// before it reads or writes anything, so an id the agent was not given answers the same 403
// whether or not such a customer exists: ids reveal nothing.

/** How long a grant lasts: one shift. Never past the agent's access_expires_at. */
export const SHIFT_MS = 12 * 3_600_000;

export type GrantReason = 'lookup' | 'created' | 'transfer';

/**
 * Gives an overflow agent these customers until the end of a shift from `now` (a repeat starts a
 * new shift). Does nothing for staff, who need none. Returns when the grant ends (null: none made).
 */
export async function grantCustomers(
  db: Queryable,
  agent: { readonly agentId: string; readonly role: string },
  customerIds: readonly string[],
  why: GrantReason,
  now: Date,
  grantedBy: string | null = null,
): Promise<Date | null> {
  if (agent.role !== 'overflow' || customerIds.length === 0) return null;
  await db.query('delete from customer_grant where agent_id = $1 and expires_at <= $2', [agent.agentId, now]);
  const rows = await db.query<{ expires_at: Date }>(
    `insert into customer_grant (agent_id, customer_id, why, granted_by, granted_at, expires_at)
     select a.id, c.id, $3, $4, $5, least($5::timestamptz + make_interval(secs => $6::double precision), a.access_expires_at)
       from agent a, unnest($2::uuid[]) as c (id)
      where a.id = $1
     on conflict (agent_id, customer_id) do update set why = excluded.why, granted_by = excluded.granted_by,
       granted_at = excluded.granted_at, expires_at = excluded.expires_at
     returning expires_at`,
    [agent.agentId, customerIds, why, grantedBy, now, SHIFT_MS / 1000],
  );
  return rows[0]?.expires_at ?? null;
}

/** Whether the caller may open (read or write) this customer now. */
export async function mayOpen(db: Queryable, caller: Caller, customerId: string, now: Date): Promise<boolean> {
  if (caller.role !== 'overflow') return true;
  const rows = await db.query('select 1 from customer_grant where agent_id = $1 and customer_id = $2 and expires_at > $3', [caller.agentId, customerId, now]);
  return rows.length > 0;
}

/** 403 `auth.forbidden {reason: 'customer.notGranted'}` unless the caller may open the customer. */
export async function assertMayOpen(db: Queryable, caller: Caller, customerId: string, now: Date): Promise<void> {
  if (!(await mayOpen(db, caller, customerId, now))) throw forbidden('customer.notGranted');
}
