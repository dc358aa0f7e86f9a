import { FinalReport, FinalReportAnswer, LeaseKey, LeaseResponse } from '../../../common/hub/access.ts';
import { ROLES } from '../../../common/hub/roles.ts';
import { storeFinalReport } from '../overflow-agents.ts';
import { callerOf, hubUrlOf, route } from '../route.ts';

// The lease (the hub's signed time and the agent's access, which the console keeps its clock by)
// and the final report of a console whose access ended.

/** The key changes only with a new database: caches may keep it an hour. */
const LEASE_KEY_MAX_AGE_SECONDS = 3_600;

export const leaseRoutes = [
  route({
    method: 'GET',
    url: '/auth/lease',
    summary: 'A fresh lease for the calling agent: the hub’s time, the access end and the offline days, signed (EdDSA) with the key of `GET /auth/lease-key`',
    access: [...ROLES],
    noStore: true,
    schema: { response: LeaseResponse },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const agent = { id: caller.agentId, role: caller.role, accessExpiresAt: caller.accessExpiresAt?.toISOString() ?? null };
      return { lease: await hub.leases.issue(agent, caller.deviceId, hub.now(), hubUrlOf(request, hub)) };
    },
  }),
  route({
    method: 'GET',
    url: '/auth/lease-key',
    summary: 'The hub’s public key for leases (Ed25519 JWK): consoles pin it at sign-in (cacheable, any origin)',
    access: 'public',
    publicMaxAgeSeconds: LEASE_KEY_MAX_AGE_SECONDS,
    schema: { response: LeaseKey },
    handler: async (_request, hub) => hub.leases.published,
  }),
  route({
    method: 'POST',
    url: '/auth/final-report',
    summary:
      'A console whose access ended reports what it could not send, with its last refresh token (accepted for a session alive in the last 30 days, even revoked or run out; grants nothing else; 401 `auth.revoked` for an unknown token). Leads get `overflow.unsent_reported`',
    access: 'public',
    rateLimit: { max: 10, timeWindowMs: 60_000 },
    schema: { body: FinalReport, response: FinalReportAnswer },
    handler: async ({ body }, hub) => ({ received: await storeFinalReport(hub.db, hub.bus, body, hub.now()) }),
  }),
];
