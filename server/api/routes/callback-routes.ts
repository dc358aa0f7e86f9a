import { CallbackListQuery, CallbackWrite } from '../../../common/hub/api.ts';
import { CallbackItem, CallbackList, CallbackOutcome } from '../../../common/hub/cases.ts';
import { LEADS, ROLES } from '../../../common/hub/roles.ts';
import type { Queryable } from '../../db/database.ts';
import { EventBus } from '../../events/bus.ts';
import type { Caller } from '../auth.ts';
import { listCallbacks, readCallback } from '../callback-reads.ts';
import { assertMayOpen } from '../customer-access.ts';
import { forbidden } from '../errors.ts';
import { createOnce, transition } from '../object-writes.ts';
import { callerOf, route } from '../route.ts';
import { IdParams, Row } from './work-rows.ts';

// Callbacks an agent promised a customer or the web shop asked for: scheduled once under a
// client-made id, listed per scope and state (../callback-reads.ts), and closed or rescheduled
// with an outcome.

type CallbackStored = Record<string, unknown> & { customer_id: string; status: string; outcome: string | null; assigned_to: string | null; created_by: string | null };

/**
 * Who may save an outcome on (or complete) a callback, checked before the update: an overflow agent
 * only its own (assigned to it or made by it; any other id, existing or not, answers alike);
 * other staff the ones assigned to them, made by them or unassigned; leads every one.
 */
async function assertMayWork(tx: Queryable, caller: Caller, id: string): Promise<void> {
  if (LEADS.includes(caller.role)) return;
  if (caller.role === 'overflow') {
    const own = await tx.query('select 1 from callback where id = $1 and (assigned_to = $2 or created_by = $2)', [id, caller.agentId]);
    if (own.length === 0) throw forbidden('callback.notOwn');
    return;
  }
  const [row] = await tx.query<{ assigned_to: string | null; created_by: string | null }>('select assigned_to, created_by from callback where id = $1', [id]);
  if (row && row.assigned_to !== null && row.assigned_to !== caller.agentId && row.created_by !== caller.agentId) throw forbidden('callback.notOwn');
}

/** `callback.updated` to all staff, plus a copy to an overflow assignee or creator (who gets no staff events). */
async function announceUpdate(tx: Queryable, row: CallbackStored, id: string): Promise<void> {
  const payload = { callbackId: id, customerId: row.customer_id, status: row.status, outcome: row.outcome };
  await EventBus.append(tx, 'callback.updated', payload, null, id);
  const people = [row.assigned_to, row.created_by].filter((agent): agent is string => agent !== null);
  const overflow = await tx.query<{ id: string }>(`select id from agent where id = any($1::uuid[]) and role = 'overflow'`, [[...new Set(people)]]);
  for (const agent of overflow) await EventBus.append(tx, 'callback.updated', payload, agent.id, id);
}

export const callbackRoutes = [
  route({
    method: 'PUT',
    url: '/callbacks/:id',
    summary: 'Schedule a callback (client-made id, idempotent)',
    access: [...ROLES],
    schema: { params: IdParams, body: CallbackWrite, response: Row },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const b = request.body;
      await assertMayOpen(hub.db, caller, b.customerId, hub.now());
      return createOnce(hub, {
        table: 'callback',
        id,
        body: b,
        values: {
          customer_id: b.customerId, created_by: caller.agentId, assigned_to: b.assignTo ?? caller.agentId, due_at: b.dueAt, status: 'open',
          phone: b.phone, note: b.note ?? null,
        },
        created: (tx) => EventBus.append(tx, 'callback.created', { callbackId: id, customerId: b.customerId, dueAt: b.dueAt }, b.assignTo ?? caller.agentId, id),
      });
    },
  }),
  route({
    method: 'POST',
    url: '/callbacks/:id/complete',
    summary: 'Mark a callback done (overflow agents: only their own, else 403 `callback.notOwn`)',
    access: [...ROLES],
    schema: { params: IdParams, response: Row },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      return transition<CallbackStored>(hub, {
        table: 'callback',
        id,
        from: ['open'],
        set: `status = 'done', completed_at = $3, completed_by = $4, assigned_to = coalesce(assigned_to, $4::uuid)`,
        params: [hub.now(), caller.agentId],
        wall: (tx) => assertMayWork(tx, caller, id),
        then: (tx, row) => announceUpdate(tx, row, id),
      });
    },
  }),
  route({
    method: 'POST',
    url: '/callbacks/:id/outcome',
    summary:
      'Save how a callback went: reached or wrong number closes it; no answer reschedules it (`rescheduleAt`) and it is announced again. An unassigned callback is taken by whoever saves it. Overflow agents: only their own; other staff: theirs, unassigned ones or ones they made (else 403 `callback.notOwn`)',
    access: [...ROLES],
    schema: { params: IdParams, body: CallbackOutcome, response: CallbackItem },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const b = request.body;
      const retry = b.outcome === 'no_answer';
      await transition<CallbackStored>(hub, {
        table: 'callback',
        id,
        from: ['open'],
        // A retry forgets the customer's old window: the agent's new time is when it is due now.
        set: `outcome = $3, attempts = attempts + 1, assigned_to = coalesce(assigned_to, $4::uuid),
          status = case when $5::boolean then 'open' else 'done' end,
          due_at = case when $5::boolean then $6::timestamptz else due_at end,
          window_start = case when $5::boolean then null else window_start end,
          window_end = case when $5::boolean then null else window_end end,
          due_notified_at = case when $5::boolean then null else due_notified_at end,
          completed_at = case when $5::boolean then null else $7::timestamptz end,
          completed_by = case when $5::boolean then null else $4::uuid end,
          note = case when $8::text is null then note else concat_ws(E'\\n', note, $8::text) end`,
        params: [b.outcome, caller.agentId, retry, b.rescheduleAt ?? null, hub.now(), b.note ?? null],
        wall: (tx) => assertMayWork(tx, caller, id),
        then: (tx, row) => announceUpdate(tx, row, id),
      });
      const item = await readCallback(hub.db, id, hub.now());
      if (!item) throw new Error(`callback ${id} vanished after its outcome`);
      return item;
    },
  }),
  route({
    method: 'GET',
    url: '/callbacks',
    summary:
      'Callbacks by scope (mine: assigned to me; team: everyone’s, unassigned web-shop requests included) and state (open, due today, overdue, done in the last 7 days), by due time; overflow agents get only their own',
    access: [...ROLES],
    schema: { querystring: CallbackListQuery, response: CallbackList },
    handler: async (request, hub) => ({ callbacks: await listCallbacks(hub.db, callerOf(request), request.query, hub.now()) }),
  }),
];
