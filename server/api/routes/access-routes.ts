import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';
import {
  DEFAULT_CODE_DAYS,
  EndAccessRequest,
  EndAccessResponse,
  MAX_ACCESS_DAYS,
  OverflowAgents,
  OverflowEnrollment,
  OverflowEnrollmentRequest,
  UnsentReports,
  enrollmentLink,
} from '../../../common/hub/access.ts';
import { Id } from '../../../common/hub/api.ts';
import { LEADS } from '../../../common/hub/roles.ts';
import { write } from '../../db/writes.ts';
import { announceSessionChange } from '../../events/bus.ts';
import { auditAction } from '../audit.ts';
import { issueEnrollmentCode } from '../enrollment.ts';
import { HubError, notFound } from '../errors.ts';
import { assertManagesOffice, managedOffice, managedOverflowAgent } from '../office-wall.ts';
import { listOverflowAgents, unsentReportsOf } from '../overflow-agents.ts';
import { callerOf, hubUrlOf, route } from '../route.ts';
import { assignFromPool, insertSipAccount } from '../sip-pool.ts';

// The overflow season for team leads: a new overflow agent in one request (agent, SIP account,
// one-time code and the link to open), the list of the office's overflow agents, ending an
// agent's access now, and what their consoles could not send. A team lead works on their own
// office only (403 `auth.forbidden`, reason `office`); an admin on every office.

const DAY_MS = 86_400_000;
const AgentParams = z.strictObject({ id: Id });

/** The times of a new enrollment, checked against the hub's clock (400 `request.invalid` naming the field). */
function enrollmentTimes(body: OverflowEnrollmentRequest, now: Date): { accessExpiresAt: Date; codeExpiresAt: Date } {
  const accessExpiresAt = new Date(body.accessExpiresAt);
  if (accessExpiresAt <= now || accessExpiresAt.getTime() > now.getTime() + MAX_ACCESS_DAYS * DAY_MS) {
    throw new HubError(400, 'request.invalid', { field: 'accessExpiresAt' });
  }
  const defaultCodeEnd = new Date(Math.min(now.getTime() + DEFAULT_CODE_DAYS * DAY_MS, accessExpiresAt.getTime()));
  const codeExpiresAt = body.codeExpiresAt ? new Date(body.codeExpiresAt) : defaultCodeEnd;
  if (codeExpiresAt <= now || codeExpiresAt > accessExpiresAt) throw new HubError(400, 'request.invalid', { field: 'codeExpiresAt' });
  return { accessExpiresAt, codeExpiresAt };
}

export const accessRoutes = [
  route({
    method: 'POST',
    url: '/enrollments/overflow',
    summary:
      'A new overflow agent (no password) with a SIP account (the body’s, else the office’s first free pool account: 409 `sip.poolEmpty`, nothing made) and a one-time code; answers the link `loket://enroll?hub=…&code=…` to open',
    access: LEADS,
    status: 201,
    noStore: true,
    schema: { body: OverflowEnrollmentRequest, response: OverflowEnrollment },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { body } = request;
      const now = hub.now();
      const { accessExpiresAt, codeExpiresAt } = enrollmentTimes(body, now);
      const agentId = uuidv7();
      const email = (body.email ?? `overflow-${randomBytes(4).toString('hex')}@overflow.invalid`).toLowerCase();
      const code = await write(hub.db, hub.bus, async (tx) => {
        await assertManagesOffice(tx, caller, body.officeId);
        const [office] = await tx.query('select id from office where id = $1', [body.officeId]);
        if (!office) throw notFound('office');
        const inserted = await tx.query(
          `insert into agent (id, office_id, email, display_name, role, languages, access_expires_at)
           values ($1, $2, $3, $4, 'overflow', $5, $6) on conflict (email) do nothing returning id`,
          [agentId, body.officeId, email, body.displayName, body.languages, accessExpiresAt],
        );
        if (inserted.length === 0) throw new HubError(409, 'state.conflict', { field: 'email' });
        await auditAction(tx, caller.agentId, 'agent.create', { type: 'agent', id: agentId }, { role: 'overflow', officeId: body.officeId });
        if (body.sipAccount) {
          await insertSipAccount(tx, hub.sip, agentId, body.sipAccount);
          await auditAction(tx, caller.agentId, 'sipAccount.create', { type: 'agent', id: agentId }, { domain: body.sipAccount.domain, username: body.sipAccount.username });
        } else if (await assignFromPool(tx, hub.sip, body.officeId, agentId, now)) {
          await auditAction(tx, caller.agentId, 'sipAccount.create', { type: 'agent', id: agentId }, { from: 'pool' });
        } else {
          throw new HubError(409, 'sip.poolEmpty', { officeId: body.officeId });
        }
        return issueEnrollmentCode(tx, now, { createdBy: caller.agentId, agentId, codeExpiresAt, accessExpiresAt });
      });
      return {
        agentId,
        displayName: body.displayName,
        code,
        codeExpiresAt: codeExpiresAt.toISOString(),
        accessExpiresAt: accessExpiresAt.toISOString(),
        link: enrollmentLink(hubUrlOf(request, hub), code),
      };
    },
  }),
  route({
    method: 'GET',
    url: '/overflow-agents',
    summary: 'The overflow agents (a team lead: of their office; an admin: all) with status, access end, devices and unsent reports',
    access: LEADS,
    schema: { response: OverflowAgents },
    handler: async (request, hub) => ({ agents: await listOverflowAgents(hub.db, await managedOffice(hub.db, callerOf(request)), hub.now()) }),
  }),
  route({
    method: 'POST',
    url: '/overflow-agents/:id/end-access',
    summary: 'End an overflow agent’s access now: its sockets close and its consoles’ next refresh is 401 `auth.expired` (reason `access`), so they wipe',
    access: LEADS,
    schema: { params: AgentParams, body: EndAccessRequest, response: EndAccessResponse },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const now = hub.now();
      await hub.db.transaction(async (tx) => {
        await managedOverflowAgent(tx, caller, id);
        await tx.query('update agent set access_expires_at = $2 where id = $1', [id, now]);
        await auditAction(tx, caller.agentId, 'overflow.endAccess', { type: 'agent', id }, { at: now.toISOString() });
      });
      await announceSessionChange(hub.db);
      return { agentId: id, accessExpiresAt: now.toISOString() };
    },
  }),
  route({
    method: 'GET',
    url: '/overflow-agents/:id/unsent',
    summary: 'What an overflow agent’s consoles reported they could not send when its access ended, with the items',
    access: LEADS,
    noStore: true,
    schema: { params: AgentParams, response: UnsentReports },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      await managedOverflowAgent(hub.db, caller, request.params.id);
      const reports = await unsentReportsOf(hub.db, request.params.id);
      await auditAction(hub.db, caller.agentId, 'unsent.read', { type: 'agent', id: request.params.id });
      return { reports };
    },
  }),
];
