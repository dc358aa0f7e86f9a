import { v7 as uuidv7 } from 'uuid';
import { EscalationAssign, EscalationDetail, EscalationItem, EscalationWrite, HandBack, ReplyWrite, ResolveWrite, queueServedBy } from '../../../common/hub/escalations.ts';
import { LEADS, ROLES, SPECIALISTS } from '../../../common/hub/roles.ts';
import { EventBus } from '../../events/bus.ts';
import type { Queryable } from '../../db/database.ts';
import { assertMayOpen } from '../customer-access.ts';
import { HubError, forbidden } from '../errors.ts';
import { isActiveAgent, pickAssignee, slaDueAt } from '../escalation-assign.ts';
import { announce, announceAssigned } from '../escalation-events.ts';
import { readItem, readThread } from '../escalation-items.ts';
import { assertMaySee, assertWorksOn, isLead } from '../escalation-wall.ts';
import { createOnce, requestHash, transition } from '../object-writes.ts';
import { callerOf, route } from '../route.ts';
import { IdParams } from './work-rows.ts';

// Escalations: made once under a client-made id (assigned by the hub when the creator names
// nobody), then claimed, replied to, handed back and resolved. Every route asks the wall
// (../escalation-wall.ts) first; reads are in escalation-read-routes.ts.

type Moved = Record<string, unknown> & { customer_id: string; created_by: string; assigned_to: string | null; queue: string };

/** A reply (or a hand-back's note): an internal note in the customer's history, linked to the escalation. */
function replyValues(escalation: { id: string; customer_id: string }, agentId: string, text: string, at: Date): Record<string, unknown> {
  return { customer_id: escalation.customer_id, agent_id: agentId, channel: 'note', direction: 'internal', started_at: at, note: text, escalation_id: escalation.id };
}

async function insertNote(tx: Queryable, escalation: { id: string; customer_id: string }, agentId: string, text: string, at: Date): Promise<string> {
  const id = uuidv7();
  // Made here, not by a client: its hash only has to be one (no client repeats it).
  const values = { id, ...replyValues(escalation, agentId, text, at), request_hash: requestHash({ handBackNote: id, text }) };
  const columns = Object.keys(values);
  await tx.query(`insert into interaction (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(values));
  await EventBus.append(tx, 'interaction.saved', { interactionId: id, customerId: escalation.customer_id }, null, id);
  return id;
}

export const escalationRoutes = [
  route({
    method: 'PUT',
    url: '/escalations/:id',
    summary: 'Escalate a case to a queue or a named colleague (client-made id, idempotent); without one the hub assigns the best free agent of the queue',
    access: [...ROLES],
    schema: { params: IdParams, body: EscalationWrite, response: EscalationItem },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const b = request.body;
      const now = hub.now();
      await assertMayOpen(hub.db, caller, b.customerId, now);
      if (b.assignTo && !(await isActiveAgent(hub.db, b.assignTo, now))) throw new HubError(400, 'request.invalid', { field: 'assignTo' });
      if (b.orderId) {
        const order = await hub.db.query('select 1 from shop_order where id = $1 and customer_id = $2', [b.orderId, b.customerId]);
        if (order.length === 0) throw new HubError(400, 'request.invalid', { field: 'orderId' });
      }
      const assignedTo = b.assignTo ?? (await pickAssignee(hub.db, b.queue, b.customerId, now));
      await createOnce(hub, {
        table: 'escalation',
        id,
        body: b,
        values: {
          customer_id: b.customerId, interaction_id: b.interactionId ?? null, order_id: b.orderId ?? null, created_by: caller.agentId, queue: b.queue,
          assigned_to: assignedTo, status: 'open', summary: b.summary, priority: b.priority, created_at: now, sla_due_at: await slaDueAt(hub.db, b.priority, now),
        },
        created: async (tx) => {
          const payload = { escalationId: id, customerId: b.customerId, queue: b.queue, priority: b.priority, assignedTo, createdBy: caller.agentId };
          await announce(tx, 'escalation.created', payload, id, [caller.agentId]);
          if (assignedTo) await announceAssigned(tx, id);
        },
      });
      // A repeat under someone else's id and body is answered only to one who may see it.
      await assertMaySee(hub.db, caller, id);
      return readItem(hub.db, caller, id);
    },
  }),
  route({
    method: 'POST',
    url: '/escalations/:id/assign',
    summary: 'Assign an escalation to a queue and/or a person (leads)',
    access: LEADS,
    schema: { params: IdParams, body: EscalationAssign, response: EscalationItem },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const b = request.body;
      if (b.assignTo && !(await isActiveAgent(hub.db, b.assignTo, hub.now()))) throw new HubError(400, 'request.invalid', { field: 'assignTo' });
      await transition<Moved>(hub, {
        table: 'escalation',
        id,
        from: ['open', 'claimed'],
        set: `queue = coalesce($3, queue), assigned_to = $4, status = 'open', claimed_at = null`,
        params: [b.queue ?? null, b.assignTo ?? null],
        wall: async (tx) => void (await assertMaySee(tx, caller, id)),
        then: async (tx, row) => {
          if (b.assignTo) await announceAssigned(tx, id);
          else await announce(tx, 'escalation.handedBack', { escalationId: id, customerId: row.customer_id, queue: row.queue, by: caller.agentId, createdBy: row.created_by }, id, [row.created_by]);
        },
      });
      return readItem(hub.db, caller, id);
    },
  }),
  route({
    method: 'POST',
    url: '/escalations/:id/claim',
    summary: 'Claim an open escalation: its assignee, or an agent of the queue\'s role while it is unassigned; first come, first served',
    access: SPECIALISTS,
    schema: { params: IdParams, response: EscalationItem },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      await transition<Moved>(hub, {
        table: 'escalation',
        id,
        from: ['open'],
        set: `status = 'claimed', assigned_to = $3, claimed_at = now()`,
        params: [caller.agentId],
        // Assigned to someone else: theirs to claim (409, as for a race lost).
        when: 'assigned_to is null or assigned_to = $3',
        wall: async (tx) => {
          const escalation = await assertMaySee(tx, caller, id, true);
          const servesQueue = escalation.queue === queueServedBy(caller.role) || isLead(caller);
          if (escalation.assigned_to === null && !servesQueue) throw forbidden('escalation.notYours');
        },
        then: (tx, row) => announce(tx, 'escalation.claimed', { escalationId: id, customerId: row.customer_id, claimedBy: caller.agentId, createdBy: row.created_by }, id, [row.created_by]),
      });
      return readItem(hub.db, caller, id);
    },
  }),
  route({
    method: 'POST',
    url: '/escalations/:id/reply',
    summary: 'Reply to an escalation (its assignee, its creator or a lead): an internal note in the customer\'s history (client-made id, idempotent)',
    access: [...ROLES],
    schema: { params: IdParams, body: ReplyWrite, response: EscalationDetail },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const b = request.body;
      const escalation = await assertMaySee(hub.db, caller, id);
      const isCreator = escalation.created_by === caller.agentId;
      if (!isCreator && escalation.assigned_to !== caller.agentId && !isLead(caller)) throw forbidden('escalation.notYours');
      // The creator's reply is for whoever works on it; anyone else's is for the creator.
      const to = isCreator ? escalation.assigned_to : escalation.created_by;
      await createOnce(hub, {
        table: 'interaction',
        id: b.id,
        body: { escalationId: id, text: b.text },
        values: replyValues(escalation, caller.agentId, b.text, hub.now()),
        created: async (tx) => {
          await EventBus.append(tx, 'interaction.saved', { interactionId: b.id, customerId: escalation.customer_id }, null, b.id);
          const [me] = await tx.query<{ display_name: string }>('select display_name from agent where id = $1', [caller.agentId]);
          const payload = { escalationId: id, customerId: escalation.customer_id, interactionId: b.id, by: caller.agentId, byName: me?.display_name ?? '', to };
          await announce(tx, 'escalation.replied', payload, id, [to]);
        },
      });
      return { ...(await readItem(hub.db, caller, id)), thread: await readThread(hub.db, id) };
    },
  }),
  route({
    method: 'POST',
    url: '/escalations/:id/hand-back',
    summary: 'Give an escalation back to its queue (its assignee or a lead), with an optional note for the thread',
    access: [...ROLES],
    schema: { params: IdParams, body: HandBack, response: EscalationItem },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const note = request.body.note?.trim() ?? '';
      await transition<Moved>(hub, {
        table: 'escalation',
        id,
        from: ['open', 'claimed'],
        set: `status = 'open', assigned_to = null, claimed_at = null, handed_back_at = $3`,
        params: [hub.now()],
        when: 'assigned_to is not null',
        wall: async (tx) => assertWorksOn(caller, await assertMaySee(tx, caller, id, true)),
        then: async (tx, row) => {
          if (note) await insertNote(tx, { id, customer_id: row.customer_id }, caller.agentId, note, hub.now());
          const payload = { escalationId: id, customerId: row.customer_id, queue: row.queue, by: caller.agentId, createdBy: row.created_by, note: note || null };
          await announce(tx, 'escalation.handedBack', payload, id, [row.created_by]);
        },
      });
      return readItem(hub.db, caller, id);
    },
  }),
  route({
    method: 'POST',
    url: '/escalations/:id/resolve',
    summary: 'Resolve an escalation with an outcome and a resolution text (its assignee or claimer, or a lead)',
    access: [...SPECIALISTS, 'admin'],
    schema: { params: IdParams, body: ResolveWrite, response: EscalationItem },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const b = request.body;
      await transition<Moved>(hub, {
        table: 'escalation',
        id,
        from: ['open', 'claimed'],
        set: `status = 'resolved', outcome = $3, resolution = $4, resolved_at = $5`,
        params: [b.outcome, b.resolution, hub.now()],
        wall: async (tx) => assertWorksOn(caller, await assertMaySee(tx, caller, id, true)),
        then: (tx, row) =>
          announce(tx, 'escalation.resolved', { escalationId: id, customerId: row.customer_id, resolvedBy: caller.agentId, createdBy: row.created_by, outcome: b.outcome }, id, [row.created_by]),
      });
      return readItem(hub.db, caller, id);
    },
  }),
];
