import { z } from 'zod';
import { CallbackListQuery, CallbackWrite, EscalationAssign, EscalationListQuery, EscalationResolve, EscalationWrite } from '../../../common/hub/api.ts';
import { LEADS, ROLES, SPECIALISTS } from '../../../common/hub/roles.ts';
import { EventBus } from '../../events/bus.ts';
import { write } from '../../db/writes.ts';
import { assertMayOpen } from '../customer-access.ts';
import { HubError, forbidden } from '../errors.ts';
import { callerOf, route } from '../route.ts';
import { IdParams, Row, createOnce, publicRow, type StoredRow } from './work-rows.ts';

// Cases: escalations to a queue or a person, and callbacks an agent promised a customer.

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
      return createOnce(
        hub,
        'escalation',
        id,
        b,
        (tx, hash) =>
          tx.query<StoredRow>(
            `insert into escalation (id, customer_id, interaction_id, created_by, queue, assigned_to, status, summary, request_hash)
             values ($1, $2, $3, $4, $5, $6, 'open', $7, $8) on conflict (id) do nothing returning *`,
            [id, b.customerId, b.interactionId ?? null, caller.agentId, b.queue, b.assignTo ?? null, b.summary, hash],
          ),
        async (tx) => {
          await EventBus.append(tx, 'escalation.created', { escalationId: id, customerId: b.customerId, queue: b.queue }, null, id);
          if (b.assignTo) await EventBus.append(tx, 'escalation.assigned', { escalationId: id, customerId: b.customerId, queue: b.queue, assignedTo: b.assignTo }, b.assignTo, id);
        },
      );
    },
  }),
  route({
    method: 'POST',
    url: '/escalations/:id/assign',
    summary: 'Assign an escalation to a queue and/or a person',
    access: LEADS,
    schema: { params: IdParams, body: EscalationAssign, response: Row },
    handler: async (request, hub) => {
      const b = request.body;
      const row = await write(hub.db, hub.bus, async (tx) => {
        const [updated] = await tx.query<Record<string, unknown> & { customer_id: string; queue: string }>(
          `update escalation set queue = coalesce($2, queue), assigned_to = $3, status = 'open', change_seq = nextval('change_seq')
           where id = $1 and status <> 'resolved' returning *`,
          [request.params.id, b.queue ?? null, b.assignTo ?? null],
        );
        if (!updated) throw new HubError(409, 'state.conflict', { what: 'escalation' });
        await EventBus.append(tx, 'escalation.assigned', { escalationId: request.params.id, customerId: updated.customer_id, queue: updated.queue, assignedTo: b.assignTo ?? null }, b.assignTo ?? null, request.params.id);
        return updated;
      });
      return publicRow(row);
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
      const row = await write(hub.db, hub.bus, async (tx) => {
        const [updated] = await tx.query<Record<string, unknown> & { customer_id: string; created_by: string }>(
          `update escalation set status = 'claimed', assigned_to = $2, claimed_at = now(), change_seq = nextval('change_seq')
           where id = $1 and status = 'open' and (assigned_to is null or assigned_to = $2) returning *`,
          [request.params.id, caller.agentId],
        );
        if (!updated) throw new HubError(409, 'state.conflict', { what: 'escalation' });
        await EventBus.append(tx, 'escalation.claimed', { escalationId: request.params.id, customerId: updated.customer_id, claimedBy: caller.agentId }, null, request.params.id);
        return updated;
      });
      return publicRow(row);
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
      const row = await write(hub.db, hub.bus, async (tx) => {
        const [updated] = await tx.query<Record<string, unknown> & { customer_id: string; created_by: string }>(
          `update escalation set status = 'resolved', resolution = $2, resolved_at = now(), change_seq = nextval('change_seq')
           where id = $1 and status <> 'resolved' returning *`,
          [request.params.id, request.body.resolution],
        );
        if (!updated) throw new HubError(409, 'state.conflict', { what: 'escalation' });
        await EventBus.append(tx, 'escalation.resolved', { escalationId: request.params.id, customerId: updated.customer_id, resolvedBy: caller.agentId }, updated.created_by, request.params.id);
        return updated;
      });
      return publicRow(row);
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
      return createOnce(
        hub,
        'callback',
        id,
        b,
        (tx, hash) =>
          tx.query<StoredRow>(
            `insert into callback (id, customer_id, created_by, assigned_to, due_at, status, phone, note, request_hash)
             values ($1, $2, $3, $4, $5, 'open', $6, $7, $8) on conflict (id) do nothing returning *`,
            [id, b.customerId, caller.agentId, b.assignTo ?? caller.agentId, b.dueAt, b.phone, b.note ?? null, hash],
          ),
        async (tx) => {
          await EventBus.append(tx, 'callback.created', { callbackId: id, customerId: b.customerId, dueAt: b.dueAt }, b.assignTo ?? caller.agentId, id);
        },
      );
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
      const row = await write(hub.db, hub.bus, async (tx) => {
        if (caller.role === 'overflow') {
          // Assigned to them or made by them; any other id answers alike, existing or not.
          const own = await tx.query('select 1 from callback where id = $1 and (assigned_to = $2 or created_by = $2)', [request.params.id, caller.agentId]);
          if (own.length === 0) throw forbidden('callback.notOwn');
        }
        const [updated] = await tx.query<Record<string, unknown>>(
          `update callback set status = 'done', change_seq = nextval('change_seq') where id = $1 and status = 'open' returning *`,
          [request.params.id],
        );
        if (!updated) throw new HubError(409, 'state.conflict', { what: 'callback' });
        return updated;
      });
      return publicRow(row);
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
