import { Board } from '../../../common/hub/cases.ts';
import { LEADS } from '../../../common/hub/roles.ts';
import { readBoard } from '../board-query.ts';
import { callerOf, route } from '../route.ts';

// The team lead's live board. Leads and admins only: it names every agent's state and the
// team's numbers; first-line and overflow agents get 403 before anything is read.

export const boardRoutes = [
  route({
    method: 'GET',
    url: '/board',
    summary:
      'The team board: agents by state and office, live calls, escalations waiting per queue, callbacks due and overdue, today’s contacts by reason and per hour (against the same weekday last year), first-contact-fix, repeat-contact and SLA rates, peak mode',
    access: LEADS,
    schema: { response: Board },
    handler: async (request, hub) => readBoard(hub.db, callerOf(request).agentId, hub.now()),
  }),
];
