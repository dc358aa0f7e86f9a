import { z } from 'zod';
import { InteractionUpdate, InteractionWrite, PresenceWrite, Str } from '../../../common/hub/api.ts';
import { LEADS, ROLES, STAFF } from '../../../common/hub/roles.ts';
import { EventBus } from '../../events/bus.ts';
import { write } from '../../db/writes.ts';
import { assertMayOpen } from '../customer-access.ts';
import { HubError, forbidden, notFound } from '../errors.ts';
import { createOnce } from '../object-writes.ts';
import { callerOf, route } from '../route.ts';
import { IdParams, Row, publicRow } from './work-rows.ts';

// Interactions (calls, mails, chats, notes and their wrap-up), presence, contact reasons and the
// audit log. Escalations, callbacks and peak mode have files of their own.

export const workRoutes = [
  route({
    method: 'PUT',
    url: '/interactions/:id',
    summary:
      'Create an interaction (call, mail, chat, note) under a client-made UUIDv7; repeating the request is safe. A call may come without a customer (`customerId: null`), every other channel needs one',
    access: [...ROLES],
    schema: { params: IdParams, body: InteractionWrite, response: Row },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const b = request.body;
      // In the route rather than the schema, so the console gets a code of its own instead of
      // "request.invalid" (the table's check constraint stands behind it).
      if (b.customerId === null && b.channel !== 'phone') throw new HubError(422, 'interaction.customerRequired', { channel: b.channel });
      if (b.customerId !== null) await assertMayOpen(hub.db, caller, b.customerId, hub.now());
      return createOnce(hub, {
        table: 'interaction',
        id,
        body: b,
        values: {
          customer_id: b.customerId, agent_id: caller.agentId, channel: b.channel, direction: b.direction, started_at: b.startedAt,
          ended_at: b.endedAt ?? null, reasons: b.reasons, outcome: b.outcome ?? null, first_contact_fix: b.firstContactFix ?? null,
          transfers: b.transfers, note: b.note ?? null, order_id: b.orderId ?? null, sip_call_id: b.sipCallId ?? null, remote_number: b.remoteNumber ?? null,
        },
        // Tells every console "this customer's history grew": their delta sync fetches the row.
        // A call without a customer is in no history yet (and not synced): nothing to tell.
        created: async (tx) => {
          if (b.customerId !== null) await EventBus.append(tx, 'interaction.saved', { interactionId: id, customerId: b.customerId }, null, id);
        },
      });
    },
  }),
  route({
    method: 'PATCH',
    url: '/interactions/:id',
    summary:
      'Update an interaction (wrap-up: reasons, outcome, note, transfers, end); link a call without a customer to one (`customerId`, once); only its author or a lead',
    access: [...ROLES],
    schema: { params: IdParams, body: InteractionUpdate, response: Row },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const b = request.body;
      const row = await write(hub.db, hub.bus, async (tx) => {
        const [existing] = await tx.query<{ agent_id: string | null; customer_id: string | null }>(
          'select agent_id, customer_id from interaction where id = $1 for update',
          [request.params.id],
        );
        if (!existing) throw notFound('interaction');
        if (existing.agent_id !== caller.agentId && !LEADS.includes(caller.role)) throw forbidden('notAuthor');
        if (b.customerId !== undefined) await assertMayOpen(tx, caller, b.customerId, hub.now());
        // Linking is one-way: a call without a customer gets one; a linked interaction keeps its
        // customer (the same one again is a harmless repeat, e.g. a retried request).
        if (b.customerId !== undefined && existing.customer_id !== null && existing.customer_id !== b.customerId) {
          throw new HubError(409, 'interaction.customerConflict', { id: request.params.id });
        }
        const columns: Record<string, unknown> = {
          ended_at: b.endedAt, reasons: b.reasons, outcome: b.outcome, first_contact_fix: b.firstContactFix,
          transfers: b.transfers, note: b.note, order_id: b.orderId, customer_id: b.customerId,
        };
        const set = Object.entries(columns).filter(([, v]) => v !== undefined);
        const [updated] = await tx.query<Record<string, unknown>>(
          `update interaction set ${set.map(([k], i) => `${k} = $${i + 2}`).join(', ')}${set.length ? ', ' : ''}
             updated_at = now(), change_seq = nextval('change_seq') where id = $1 returning *`,
          [request.params.id, ...set.map(([, v]) => v)],
        );
        // Once it has a customer, consoles sync it (now under its new change_seq).
        if (updated && updated.customer_id !== null) {
          await EventBus.append(tx, 'interaction.saved', { interactionId: request.params.id, customerId: updated.customer_id }, null, request.params.id);
        }
        return updated ?? {};
      });
      return publicRow(row);
    },
  }),
  route({
    method: 'PUT',
    url: '/presence',
    summary: 'Set the calling agent’s presence',
    access: [...ROLES],
    schema: { body: PresenceWrite, response: Row },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const row = await write(hub.db, hub.bus, async (tx) => {
        const [updated] = await tx.query<Record<string, unknown>>(
          `insert into presence (agent_id, status, since) values ($1, $2, now())
           on conflict (agent_id) do update set status = excluded.status, since = now(), change_seq = nextval('change_seq') returning *`,
          [caller.agentId, request.body.status],
        );
        await EventBus.append(tx, 'presence.changed', { agentId: caller.agentId, status: request.body.status }, null, caller.agentId);
        return updated ?? {};
      });
      return publicRow(row);
    },
  }),
  route({
    method: 'GET',
    url: '/presence',
    summary: 'Who is available (the team board); not for overflow agents',
    access: STAFF,
    schema: { response: z.object({ agents: z.array(Row) }) },
    handler: async (_request, hub) => {
      const rows = await hub.db.query<Record<string, unknown>>(
        `select a.id as agent_id, a.display_name, a.role, a.languages, coalesce(p.status, 'offline') as status, p.since
         from agent a left join presence p on p.agent_id = a.id where a.disabled_at is null order by a.display_name`,
      );
      return { agents: rows.map(publicRow) };
    },
  }),
  route({
    method: 'GET',
    url: '/reason-codes',
    summary: 'Contact reasons with labels in every UI language, most used first',
    access: [...ROLES],
    schema: { response: z.object({ reasons: z.array(z.object({ code: z.string(), labels: z.record(z.string(), z.string()), sort: z.number() })) }) },
    handler: async (_request, hub) => ({
      reasons: await hub.db.query<{ code: string; labels: Record<string, string>; sort: number }>(
        'select code, labels, sort from reason_code where active order by sort, code',
      ),
    }),
  }),
  route({
    method: 'GET',
    url: '/audit',
    summary: 'Who read or changed a subject (admins)',
    access: ['admin'],
    schema: { querystring: z.strictObject({ subjectType: Str().max(40), subjectId: Str().max(100) }), response: z.object({ entries: z.array(Row) }) },
    handler: async (request, hub) => {
      // This instance's journalled reads first; another instance's are at most a batch behind.
      await hub.audit.flush();
      const entries = await hub.db.query<Record<string, unknown>>(
        'select id, at, agent_id, action, subject_type, subject_id from audit_log where subject_type = $1 and subject_id = $2 order by id desc limit 500',
        [request.query.subjectType, request.query.subjectId],
      );
      return { entries: entries.map(publicRow) };
    },
  }),
];
