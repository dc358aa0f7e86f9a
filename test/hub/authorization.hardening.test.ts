import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../common/hub/roles.ts';
import { ROUTES } from '../../server/api/app.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

// Every route × every role, against a table written here by hand (not derived from the routes),
// so a route that is opened or closed by mistake fails this test.
const ALL: readonly Role[] = ROLES;
const STAFF: readonly Role[] = ['first_line', 'second_line', 'expert', 'team_lead', 'admin'];
const LEADS: readonly Role[] = ['team_lead', 'admin'];
const SPECIALISTS: readonly Role[] = ['second_line', 'expert', 'team_lead'];

const EXPECTED: Record<string, 'public' | 'ingest' | readonly Role[]> = {
  'POST /auth/login': 'public',
  'POST /auth/enroll': 'public',
  'POST /auth/refresh': 'public',
  'POST /auth/logout': ALL,
  'GET /me': ALL,
  'GET /me/sip-account': ALL,
  'PUT /agents/:agentId/sip-account': LEADS,
  'DELETE /agents/:agentId/sip-account': LEADS,
  'POST /enrollments': LEADS,
  'POST /devices/:id/revoke': LEADS,
  'GET /customers/lookup': ALL,
  'GET /customers/:id': ALL,
  'GET /customers/:id/timeline': ALL,
  // Unknown callers reach overflow agents too: any agent may make the customer or add the number.
  'PUT /customers/:id': ALL,
  'POST /customers/:id/phones': ALL,
  'GET /customers': STAFF,
  'PUT /interactions/:id': ALL,
  'PATCH /interactions/:id': ALL,
  'PUT /escalations/:id': ALL,
  'POST /escalations/:id/assign': LEADS,
  'POST /escalations/:id/claim': SPECIALISTS,
  'POST /escalations/:id/resolve': [...SPECIALISTS, 'admin'],
  'GET /escalations': ALL,
  'PUT /callbacks/:id': ALL,
  'POST /callbacks/:id/complete': ALL,
  'GET /callbacks': ALL,
  'PUT /presence': ALL,
  'GET /presence': STAFF,
  'GET /reason-codes': ALL,
  'PUT /peak-mode': LEADS,
  'GET /audit': ['admin'],
  'GET /sync': ALL,
  'POST /ingest/events': 'ingest',
};

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  for (const role of ROLES) tokens[role] = await hub.login(fixture.agents[role].email);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

function pathFor(url: string): string {
  const filled = url.replace(/:[A-Za-z]+/g, () => uuidv7());
  return filled === '/customers/lookup' ? `${filled}?phone=%2B31612345678` : filled === '/customers' ? `${filled}?q=an` : filled;
}

describe('the authorisation matrix', () => {
  it('covers every route', () => {
    expect(ROUTES.map((r) => `${r.method} ${r.url}`).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const protectedRoutes = Object.entries(EXPECTED).filter(([, access]) => Array.isArray(access));
  for (const [key, access] of protectedRoutes) {
    const [method, url] = key.split(' ') as [string, string];
    const allowed = access as readonly Role[];

    it(`${key}: 401 without a token`, async () => {
      expect((await hub.call(method, pathFor(url), { body: method === 'GET' ? undefined : {} })).status).toBe(401);
    });

    it.each(ROLES)(`${key}: %s`, async (role) => {
      // Logging out ends the session: give that call its own.
      const token = key === 'POST /auth/logout' ? await hub.login(fixture.agents[role].email) : tokens[role];
      const response = await hub.call(method, pathFor(url), { token, body: method === 'GET' ? undefined : {} });
      if (allowed.includes(role)) expect([401, 403]).not.toContain(response.status);
      else expect(response).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    });
  }

  it('POST /ingest/events takes the ingest key, not an agent token', async () => {
    for (const role of ROLES) {
      expect((await hub.call('POST', '/ingest/events', { token: tokens[role], body: { events: [] } })).status).toBe(401);
    }
  });

  it('public routes answer without a token', async () => {
    for (const key of ['POST /auth/login', 'POST /auth/enroll', 'POST /auth/refresh']) {
      const [method, url] = key.split(' ') as [string, string];
      expect((await hub.call(method, url, { body: {} })).status).toBe(400);
    }
  });
});
