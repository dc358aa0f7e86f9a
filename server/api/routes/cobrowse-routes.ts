import { type z } from 'zod';
import {
  type CobrowseAuditEntry,
  CobrowseIdParams,
  CobrowseJoinRequest,
  CobrowseJoinResponse,
  CobrowseListQuery,
  CobrowseListResponse,
  CobrowseSessionView,
  CobrowseStartRequest,
  CobrowseStartResponse,
  VisitorTokenRequest,
  VisitorTokenResponse,
} from '../../../common/hub/cobrowse.ts';
import { LEADS, ROLES } from '../../../common/hub/roles.ts';
import { firstName, newCustomerKey, readSession, claimCode, viewOf, type SessionRow } from '../../cobrowse/session-store.ts';
import type { Caller } from '../auth.ts';
import { assertMayOpen } from '../customer-access.ts';
import { HubError, forbidden } from '../errors.ts';
import type { HubContext } from '../route.ts';
import { callerOf, route } from '../route.ts';

// Co-browse: who may do what.
// - Start (`POST /cobrowse/sessions`): every role, for a customer it may open (an overflow agent
//   only the customers given to it: 403 `customer.notGranted`).
// - Read, end (`/cobrowse/sessions/:id`): the agent who started it, nobody else — not a colleague,
//   not a team lead, not an admin (403 `cobrowse.notYours`, the same for a missing id). Nobody
//   watches or steers another agent's session.
// - The audit list (`GET /cobrowse/sessions`): team leads and admins every session's metadata
//   (never content); everyone else only their own.
// - Join by code: public (the customer's page), 10 a minute per address; a wrong, expired and used
//   code answer the same 404. Visitor tokens: the shop's back end (ingest key).

/** The session if the caller started it; else 403 `cobrowse.notYours`, existing or not. */
async function ownSession(hub: HubContext, caller: Caller, id: string): Promise<SessionRow> {
  const row = await readSession(hub.db, id);
  if (!row || row.agent_id !== caller.agentId) throw forbidden('cobrowse.notYours');
  return row;
}

const JOIN_PER_MINUTE = 10;

export const cobrowseRoutes = [
  route({
    method: 'POST',
    url: '/cobrowse/sessions',
    summary: 'Ask a customer to co-browse: a 6-digit code to read out, and the consent prompt pushed to the customer’s open page (identified visitors). Ends the agent’s previous session; a repeat of the id answers the same session',
    access: [...ROLES],
    noStore: true,
    schema: { body: CobrowseStartRequest, response: CobrowseStartResponse },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      await assertMayOpen(hub.db, caller, request.body.customerId, hub.now());
      return hub.cobrowse.relay.create(caller, request.body.id, request.body.customerId);
    },
  }),
  route({
    method: 'GET',
    url: '/cobrowse/sessions/:id',
    summary: 'One co-browse session: state, control, code while usable, page, consent and end (only the agent who started it: 403 `cobrowse.notYours` otherwise, existing or not)',
    access: [...ROLES],
    noStore: true,
    schema: { params: CobrowseIdParams, response: CobrowseSessionView },
    handler: async (request, hub) => viewOf(await ownSession(hub, callerOf(request), request.params.id)),
  }),
  route({
    method: 'POST',
    url: '/cobrowse/sessions/:id/end',
    summary: 'End a co-browse session (its agent only); both sides are told and their sockets closed',
    access: [...ROLES],
    schema: { params: CobrowseIdParams, response: CobrowseSessionView },
    handler: async (request, hub) => {
      const row = await ownSession(hub, callerOf(request), request.params.id);
      await hub.cobrowse.relay.end(row.id, 'agent_ended');
      return viewOf((await readSession(hub.db, row.id)) ?? row);
    },
  }),
  route({
    method: 'GET',
    url: '/cobrowse/sessions',
    summary: 'Co-browse audit: sessions (metadata only, never page content), newest first, at most 200; team leads and admins see every agent’s, others their own',
    access: [...ROLES],
    schema: { querystring: CobrowseListQuery, response: CobrowseListResponse },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const everyone = LEADS.includes(caller.role);
      const rows = await hub.db.query<SessionRow & { agent_name: string }>(
        `select s.*, a.display_name as agent_name from cobrowse_session s join agent a on a.id = s.agent_id
          where ($1::uuid is null or s.customer_id = $1) and ($2 or s.agent_id = $3)
          order by s.created_at desc limit 200`,
        [request.query.customerId ?? null, everyone, caller.agentId],
      );
      const sessions: z.input<typeof CobrowseAuditEntry>[] = rows.map((row) => ({ ...viewOf(row), code: null, agentId: row.agent_id, agentName: row.agent_name }));
      return { sessions };
    },
  }),
  route({
    method: 'POST',
    url: '/cobrowse/join',
    summary: 'The customer’s page joins with the code the agent read out (once): the session, the page’s secret for the session socket and the agent’s first name. Wrong, expired and used codes answer the same 404',
    access: 'public',
    noStore: true,
    rateLimit: { max: JOIN_PER_MINUTE, timeWindowMs: 60_000 },
    schema: { body: CobrowseJoinRequest, response: CobrowseJoinResponse },
    handler: async (request, hub) => {
      const customerKey = newCustomerKey();
      const row = await claimCode(hub.db, request.body.code, hub.now(), customerKey);
      if (!row) throw new HubError(404, 'cobrowse.codeUnknown');
      const [agent] = await hub.db.query<{ display_name: string }>('select display_name from agent where id = $1', [row.agent_id]);
      return { sessionId: row.id, customerKey, agentName: firstName(agent?.display_name ?? ''), expiresAt: row.code_expires_at.toISOString() };
    },
  }),
  route({
    method: 'POST',
    url: '/cobrowse/visitor-tokens',
    summary: 'For the shop’s back end: a 15-minute visitor token for a signed-in customer (by e-mail or phone), for the snippet’s `data-visitor`, so an agent’s co-browse request reaches that customer’s open page',
    access: 'ingest',
    noStore: true,
    schema: { body: VisitorTokenRequest, response: VisitorTokenResponse },
    handler: async (request, hub) => {
      const customerId = await hub.cobrowse.customerBy(hub.db, request.body.customer);
      if (!customerId) throw new HubError(404, 'cobrowse.customerUnknown');
      return hub.cobrowse.tokens.mint(customerId);
    },
  }),
];
