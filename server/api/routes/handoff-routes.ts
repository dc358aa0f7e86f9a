import { Handoff, HandoffWrite, PendingHandoffs } from '../../../common/hub/escalations.ts';
import { ROLES } from '../../../common/hub/roles.ts';
import type { Queryable } from '../../db/database.ts';
import { write } from '../../db/writes.ts';
import { EventBus } from '../../events/bus.ts';
import { auditAction } from '../audit.ts';
import { grantCustomers } from '../customer-access.ts';
import { HubError, forbidden } from '../errors.ts';
import { isActiveAgent } from '../escalation-assign.ts';
import { assertMaySee } from '../escalation-wall.ts';
import { createOnce } from '../object-writes.ts';
import { callerOf, route } from '../route.ts';
import { IdParams } from './work-rows.ts';

// Hand-offs: the context that travels with a transferred call. Before it transfers the
// customer's call, the sender's console tells the hub which escalation goes with it and to whom;
// the hub offers it to the target (`handoff.offered`, to the target only), whose console opens
// the customer while the call rings, whatever caller id the transferred leg shows. Only the
// sender and the target may read one; it is offered for ten minutes and used once.

const OFFERED_MS = 10 * 60_000;

interface HandoffRow {
  id: string; escalation_id: string; customer_id: string; customer_name: string; summary: string; priority: Handoff['priority'];
  from_agent: string; from_name: string; to_agent: string; kind: Handoff['kind']; customer_number: string | null; expires_at: Date | string;
}

const toHandoff = (row: HandoffRow): Handoff => ({
  handoffId: row.id,
  escalationId: row.escalation_id,
  customerId: row.customer_id,
  customerName: row.customer_name,
  summary: row.summary,
  priority: row.priority,
  fromAgentId: row.from_agent,
  fromName: row.from_name,
  kind: row.kind,
  customerNumber: row.customer_number,
  expiresAt: (row.expires_at instanceof Date ? row.expires_at : new Date(row.expires_at)).toISOString(),
});

async function readHandoffs(db: Queryable, where: string, params: readonly unknown[]): Promise<HandoffRow[]> {
  return db.query<HandoffRow>(
    `select h.id, h.escalation_id, h.customer_id, c.name as customer_name, e.summary, e.priority, h.from_agent, a.display_name as from_name,
            h.to_agent, h.kind, h.customer_number, h.expires_at
       from handoff h join escalation e on e.id = h.escalation_id join customer c on c.id = h.customer_id join agent a on a.id = h.from_agent
      where ${where} order by h.created_at, h.id`,
    params,
  );
}

/** The hand-off if the caller is its sender or target (`targetOnly`: its target); else 403 `handoff.notYours`, existing or not. */
async function ownHandoff(db: Queryable, agentId: string, id: string, targetOnly = false): Promise<HandoffRow> {
  const [row] = await readHandoffs(db, `h.id = $1 and (h.to_agent = $2${targetOnly ? '' : ' or h.from_agent = $2'})`, [id, agentId]);
  if (!row) throw forbidden('handoff.notYours');
  return row;
}

export const handoffRoutes = [
  route({
    method: 'PUT',
    url: '/handoffs/:id',
    summary: 'Offer a transferred call\'s context (an escalation the caller may see) to the colleague the call goes to (client-made id, idempotent); an overflow target is given the customer',
    access: [...ROLES],
    schema: { params: IdParams, body: HandoffWrite, response: Handoff },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const b = request.body;
      const now = hub.now();
      const escalation = await assertMaySee(hub.db, caller, b.escalationId);
      if (b.toAgentId === caller.agentId || !(await isActiveAgent(hub.db, b.toAgentId, now))) throw new HubError(400, 'request.invalid', { field: 'toAgentId' });
      await createOnce(hub, {
        table: 'handoff',
        id,
        body: b,
        values: {
          escalation_id: b.escalationId, customer_id: escalation.customer_id, from_agent: caller.agentId, to_agent: b.toAgentId, kind: b.kind,
          sip_call_id: b.callId, customer_number: b.customerNumber, created_at: now, expires_at: new Date(now.getTime() + OFFERED_MS),
        },
        created: async (tx) => {
          const [target] = await tx.query<{ role: string }>('select role from agent where id = $1', [b.toAgentId]);
          // Like a hand-over (POST /customers/:id/handover): the overflow target may open the caller for its shift.
          await grantCustomers(tx, { agentId: b.toAgentId, role: target?.role ?? '' }, [escalation.customer_id], 'transfer', now, caller.agentId);
          await auditAction(tx, caller.agentId, 'customer.handover', { type: 'customer', id: escalation.customer_id }, { agentId: b.toAgentId, handoffId: id });
          const [row] = await readHandoffs(tx, 'h.id = $1', [id]);
          if (row) await EventBus.append(tx, 'handoff.offered', toHandoff(row), b.toAgentId, id);
        },
      });
      return toHandoff(await ownHandoff(hub.db, caller.agentId, id));
    },
  }),
  route({
    method: 'GET',
    url: '/handoffs/pending',
    summary: 'Hand-offs offered to the caller that are neither answered nor expired, oldest first',
    access: [...ROLES],
    schema: { response: PendingHandoffs },
    handler: async (request, hub) => {
      const rows = await readHandoffs(hub.db, 'h.to_agent = $1 and h.answered_at is null and h.expires_at > $2', [callerOf(request).agentId, hub.now()]);
      return { handoffs: rows.map(toHandoff) };
    },
  }),
  route({
    method: 'GET',
    url: '/handoffs/:id',
    summary: 'One hand-off (only its sender or target: 403 `handoff.notYours` otherwise, existing or not)',
    access: [...ROLES],
    schema: { params: IdParams, response: Handoff },
    handler: async (request, hub) => toHandoff(await ownHandoff(hub.db, callerOf(request).agentId, request.params.id)),
  }),
  route({
    method: 'POST',
    url: '/handoffs/:id/answered',
    summary: 'The target answered the transferred call: the hand-off is used (its target only; repeating is harmless)',
    access: [...ROLES],
    schema: { params: IdParams, response: Handoff },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const row = await write(hub.db, hub.bus, async (tx) => {
        const own = await ownHandoff(tx, caller.agentId, id, true);
        await tx.query('update handoff set answered_at = coalesce(answered_at, $2) where id = $1', [id, hub.now()]);
        return own;
      });
      return toHandoff(row);
    },
  }),
];
