import { z } from 'zod';
import { CallbackListQuery, CallbackWrite, EscalationAssign, EscalationListQuery, EscalationResolve, EscalationWrite } from '../../../common/hub/api.ts';
import { LEADS, ROLES, SPECIALISTS } from '../../../common/hub/roles.ts';
import { EventBus } from '../../events/bus.ts';
import { assertMayOpen } from '../customer-access.ts';
import { forbidden } from '../errors.ts';
import { createOnce, transition } from '../object-writes.ts';
import { callerOf, route } from '../route.ts';
import { IdParams, Row, publicRow } from './work-rows.ts';

// Cases: escalations to a queue or a person, and callbacks an agent promised a customer.
// Created once under client-made ids and moved along with ../object-writes.ts.

type EscalationStored = Record<string, unknown> & { customer_id: string; queue: string; created_by: string };

export const caseRoutes = [
  route({
    method: 'PUT',
    url: '/escalations/:id',
    summary: 'Escalate a case to a queue or a person (client-made id, idempotent)',
    access: [...ROLES],
    schema: { params: IdParams, body: EscalationWrite, response: Row },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const b = request.body;
      await assertMayOpen(hub.db, caller, b.customerId, hub.now());
      return createOnce(hub, {
        table: 'escalation',
        id,
        body: b,
        values: {
          customer_id: b.customerId, interaction_id: b.interactionId ?? null, created_by: caller.agentId, queue: b.queue,
          assigned_to: b.assignTo ?? null, status: 'open', summary: b.summary,
        },
        created: async (tx) => {
          await EventBus.append(tx, 'escalation.created', { escalationId: id, customerId: b.customerId, queue: b.queue }, null, id);
          if (b.assignTo) await EventBus.append(tx, 'escalation.assigned', { escalationId: id, customerId: b.customerId, queue: b.queue, assignedTo: b.assignTo }, b.assignTo, id);
        },
      });
    },
  }),
  route({
    method: 'POST',
    url: '/escalations/:id/assign',
    summary: 'Assign an escalation to a queue and/or a person',
    access: LEADS,
    schema: { params: IdParams, body: EscalationAssign, response: Row },
    handler: async (request, hub) => {
      const { id } = request.params;
      const b = request.body;
      return transition<EscalationStored>(hub, {
        table: 'escalation',
        id,
        from: ['open', 'claimed'],
        set: `queue = coalesce($3, queue), assigned_to = $4, status = 'open'`,
        params: [b.queue ?? null, b.assignTo ?? null],
        then: (tx, row) =>
          EventBus.append(tx, 'escalation.assigned', { escalationId: id, customerId: row.customer_id, queue: row.queue, assignedTo: b.assignTo ?? null }, b.assignTo ?? null, id),
      });
    },
  }),
  route({
    method: 'POST',
    url: '/escalations/:id/claim',
    summary: 'Claim an open escalation (second line, experts, leads); first come, first served',
    access: SPECIALISTS,
    schema: { params: IdParams, response: Row },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      return transition<EscalationStored>(hub, {
        table: 'escalation',
        id,
        from: ['open'],
        set: `status = 'claimed', assigned_to = $3, claimed_at = now()`,
        params: [caller.agentId],
        // Assigned to someone else: theirs to claim.
        when: 'assigned_to is null or assigned_to = $3',
        then: (tx, row) => EventBus.append(tx, 'escalation.claimed', { escalationId: id, customerId: row.customer_id, claimedBy: caller.agentId }, null, id),
      });
    },
  }),
  route({
    method: 'POST',
    url: '/escalations/:id/resolve',
    summary: 'Resolve an escalation with a resolution text',
    access: [...SPECIALISTS, 'admin'],
    schema: { params: IdParams, body: EscalationResolve, response: Row },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      return transition<EscalationStored>(hub, {
        table: 'escalation',
        id,
        from: ['open', 'claimed'],
        set: `status = 'resolved', resolution = $3, resolved_at = now()`,
        params: [request.body.resolution],
        then: (tx, row) => EventBus.append(tx, 'escalation.resolved', { escalationId: id, customerId: row.customer_id, resolvedBy: caller.agentId }, row.created_by, id),
      });
    },
  }),
  route({
    method: 'GET',
    url: '/escalations',
    summary: 'The escalation inbox (staff); overflow agents see the ones they created',
    access: [...ROLES],
    schema: { querystring: EscalationListQuery, response: z.object({ escalations: z.array(Row) }) },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const q = request.query;
      const rows = await hub.db.query<Record<string, unknown>>(
        `select * from escalation where ($1::text is null or status = $1) and ($2::text is null or queue = $2)
           and ($3::uuid is null or created_by = $3) order by created_at desc limit 500`,
        [q.status ?? null, q.queue ?? null, caller.role === 'overflow' ? caller.agentId : null],
      );
      return { escalations: rows.map(publicRow) };
    },
  }),
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
      return transition(hub, {
        table: 'callback',
        id,
        from: ['open'],
        set: `status = 'done'`,
        wall: async (tx) => {
          if (caller.role !== 'overflow') return;
          // Assigned to them or made by them; any other id answers alike, existing or not.
          const own = await tx.query('select 1 from callback where id = $1 and (assigned_to = $2 or created_by = $2)', [id, caller.agentId]);
          if (own.length === 0) throw forbidden('callback.notOwn');
        },
      });
    },
  }),
  route({
    method: 'GET',
    url: '/callbacks',
    summary: 'Open callbacks (staff: all; overflow: their own)',
    access: [...ROLES],
    schema: { querystring: CallbackListQuery, response: z.object({ callbacks: z.array(Row) }) },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const rows = await hub.db.query<Record<string, unknown>>(
        `select * from callback where status = 'open' and ($1::timestamptz is null or due_at <= $1)
           and ($2::uuid is null or assigned_to = $2) order by due_at limit 500`,
        [request.query.dueBefore ?? null, caller.role === 'overflow' ? caller.agentId : null],
      );
      return { callbacks: rows.map(publicRow) };
    },
  }),
];
