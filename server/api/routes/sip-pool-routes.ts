import { SipPoolCounts, SipPoolQuery, SipPoolWrite } from '../../../common/hub/access.ts';
import { LEADS } from '../../../common/hub/roles.ts';
import { write } from '../../db/writes.ts';
import { notFound } from '../errors.ts';
import { assertManagesOffice, officeOfCaller } from '../office-wall.ts';
import { callerOf, route } from '../route.ts';
import { loadPool, poolCounts } from '../sip-pool.ts';

// The SIP pool: accounts an admin loads per office, handed one each to new overflow agents
// (POST /enrollments/overflow). Only counts come back out: the passwords reach an agent as its
// own account (`GET /me/sip-account`), never a list.

export const sipPoolRoutes = [
  route({
    method: 'PUT',
    url: '/sip-pool',
    summary: 'Load an office’s SIP pool: replaces its free accounts (handed-out ones stay); 409 `sipAccount.usernameTaken` for a user already in use',
    access: ['admin'],
    schema: { body: SipPoolWrite, response: SipPoolCounts },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { officeId, accounts } = request.body;
      return write(hub.db, hub.bus, async (tx) => {
        const [office] = await tx.query('select id from office where id = $1', [officeId]);
        if (!office) throw notFound('office');
        await loadPool(tx, hub.sip, caller.agentId, officeId, accounts);
        return poolCounts(tx, officeId);
      });
    },
  }),
  route({
    method: 'GET',
    url: '/sip-pool',
    summary: 'How many SIP pool accounts an office has free and handed out (default: the caller’s office; a team lead only their own)',
    access: LEADS,
    schema: { querystring: SipPoolQuery, response: SipPoolCounts },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const officeId = request.query.officeId ?? (await officeOfCaller(hub.db, caller));
      await assertManagesOffice(hub.db, caller, officeId);
      return poolCounts(hub.db, officeId);
    },
  }),
];
