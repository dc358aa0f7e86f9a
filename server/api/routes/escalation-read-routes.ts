import { z } from 'zod';
import { EscalationDetail, EscalationListQuery, EscalationSla, Inbox } from '../../../common/hub/escalations.ts';
import { LEADS, ROLES } from '../../../common/hub/roles.ts';
import { write } from '../../db/writes.ts';
import { auditAction } from '../audit.ts';
import { readSla, writeSla } from '../escalation-assign.ts';
import { readItem, readItems, readThread } from '../escalation-items.ts';
import { assertMaySee, visibleTo } from '../escalation-wall.ts';
import { callerOf, route } from '../route.ts';
import { IdParams, Row, publicRow } from './work-rows.ts';

// Reading escalations (the inbox, one with its thread, the plain list), every read through the
// wall (../escalation-wall.ts), and the SLA setting.

const DAY_MS = 86_400_000;

export const escalationReadRoutes = [
  route({
    method: 'GET',
    url: '/escalations/inbox',
    summary: 'The caller\'s inbox: unresolved escalations it may see (mine, my queue\'s, created by me; leads: all) and its resolved ones of the last 24 h, oldest first',
    access: [...ROLES],
    schema: { response: Inbox },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const escalations = await readItems(
        hub.db,
        caller,
        `e.status <> 'resolved' or (e.resolved_at > $1 and (e.assigned_to = $2 or e.created_by = $2))`,
        [new Date(hub.now().getTime() - DAY_MS), caller.agentId],
      );
      const open = escalations.filter((item) => item.status !== 'resolved');
      return { escalations, counts: { mine: open.filter((item) => item.box === 'mine').length, queue: open.filter((item) => item.box === 'queue').length } };
    },
  }),
  route({
    method: 'GET',
    url: '/escalations/:id',
    summary: 'One escalation with its replies (only one the caller may see: 403 `escalation.notVisible` otherwise, existing or not)',
    access: [...ROLES],
    schema: { params: IdParams, response: EscalationDetail },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      await assertMaySee(hub.db, caller, id);
      return { ...(await readItem(hub.db, caller, id)), thread: await readThread(hub.db, id) };
    },
  }),
  route({
    method: 'GET',
    url: '/escalations',
    summary: 'Escalations the caller may see, as rows, newest first (filter by status and queue)',
    access: [...ROLES],
    schema: { querystring: EscalationListQuery, response: z.object({ escalations: z.array(Row) }) },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const q = request.query;
      const wall = visibleTo(caller, 3);
      const rows = await hub.db.query<Record<string, unknown>>(
        `select e.* from escalation e where ($1::text is null or e.status = $1) and ($2::text is null or e.queue = $2) and ${wall.sql}
          order by e.created_at desc limit 500`,
        [q.status ?? null, q.queue ?? null, ...wall.params],
      );
      return { escalations: rows.map(publicRow) };
    },
  }),
  route({
    method: 'GET',
    url: '/settings/escalation-sla',
    summary: 'Minutes from creation to the SLA due time, per escalation priority',
    access: [...ROLES],
    schema: { response: EscalationSla },
    handler: async (_request, hub) => readSla(hub.db),
  }),
  route({
    method: 'PUT',
    url: '/settings/escalation-sla',
    summary: 'Set the SLA minutes per escalation priority (leads); applies to escalations made from now on',
    access: LEADS,
    schema: { body: EscalationSla, response: EscalationSla },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      await write(hub.db, hub.bus, async (tx) => {
        await writeSla(tx, request.body);
        await auditAction(tx, caller.agentId, 'settings.escalationSla', { type: 'setting', id: 'escalation_sla' }, request.body);
      });
      return request.body;
    },
  }),
];
