import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ROLES, type Role } from '../../common/hub/roles.ts';
import { ROUTES } from '../../server/api/app.ts';
import { hardeningRow } from '../support/hardening.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

// Every route × every role, against a table written here by hand (not derived from the routes),
// so a route that is opened or closed by mistake fails this test. Then the walls inside a role:
// what an overflow agent may do with a customer depends on whether it looked that customer up.
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
  // The overflow season (office wall inside: test/hub/overflow-access.hardening.test.ts).
  'GET /auth/lease': ALL,
  'GET /auth/lease-key': 'public',
  'POST /auth/final-report': 'public',
  'POST /enrollments/overflow': LEADS,
  'GET /overflow-agents': LEADS,
  'POST /overflow-agents/:id/end-access': LEADS,
  'GET /overflow-agents/:id/unsent': LEADS,
  'PUT /sip-pool': ['admin'],
  'GET /sip-pool': LEADS,
  'GET /customers/lookup': ALL,
  'GET /customers/:id': ALL,
  'GET /customers/:id/timeline': ALL,
  // Unknown callers reach overflow agents too: any agent may make the customer or add the number
  // (overflow agents only to customers they may open).
  'PUT /customers/:id': ALL,
  'POST /customers/:id/phones': ALL,
  'POST /customers/:id/handover': STAFF,
  'GET /customers': STAFF,
  'PUT /interactions/:id': ALL,
  'PATCH /interactions/:id': ALL,
  'PUT /escalations/:id': ALL,
  'POST /escalations/:id/assign': LEADS,
  'POST /escalations/:id/claim': SPECIALISTS,
  'POST /escalations/:id/resolve': [...SPECIALISTS, 'admin'],
  'GET /escalations': ALL,
  // Every role has an inbox; the wall (server/api/escalation-wall.ts) decides which escalations are in it.
  'GET /escalations/inbox': ALL,
  'GET /escalations/:id': ALL,
  'POST /escalations/:id/reply': ALL,
  'POST /escalations/:id/hand-back': ALL,
  'GET /settings/escalation-sla': ALL,
  'PUT /settings/escalation-sla': LEADS,
  // Transfers need the directory and hand-offs, and overflow agents transfer calls too.
  'GET /directory': ALL,
  'PUT /handoffs/:id': ALL,
  'GET /handoffs/pending': ALL,
  'GET /handoffs/:id': ALL,
  'POST /handoffs/:id/answered': ALL,
  'PUT /callbacks/:id': ALL,
  'POST /callbacks/:id/complete': ALL,
  'GET /callbacks': ALL,
  // Every agent saves outcomes of its own callbacks; the wall (callback.notOwn) keeps others' out.
  'POST /callbacks/:id/outcome': ALL,
  // Overflow agents open customers one by one: no list of carts to call.
  'GET /cart-followups': STAFF,
  'POST /cart-followups/:cartId/outcome': STAFF,
  'GET /peak-mode': ALL,
  'GET /public/peak-mode': 'public',
  'GET /board': LEADS,
  'PUT /presence': ALL,
  'GET /presence': STAFF,
  'GET /reason-codes': ALL,
  'PUT /peak-mode': LEADS,
  'GET /audit': ['admin'],
  'GET /sync': ALL,
  'GET /sync/snapshot': ALL,
  'POST /ingest/events': 'ingest',
  // Co-browse: every agent may ask a customer it may open; only the asking agent reads or ends its
  // session (403 cobrowse.notYours for anyone else, leads too); the customer's page joins by code.
  'POST /cobrowse/sessions': ALL,
  'GET /cobrowse/sessions': ALL,
  'GET /cobrowse/sessions/:id': ALL,
  'POST /cobrowse/sessions/:id/end': ALL,
  'POST /cobrowse/join': 'public',
  'POST /cobrowse/visitor-tokens': 'ingest',
};

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
const tokens = {} as Record<Role, string>;
/** Each role's own open callback on Anna, for `POST /callbacks/:id/complete`. */
const ownCallbacks = {} as Record<Role, string>;
/** Each role's own escalation on Anna and the hand-off it offered with it, for the reads of one. */
const ownEscalations = {} as Record<Role, string>;
const ownHandoffs = {} as Record<Role, string>;
/** Each role's own co-browse session with Anna, for the read of one. */
const ownCobrowse = {} as Record<Role, string>;

const ok = <T extends { status: number; body: unknown }>(response: T, what: string): T => {
  if (response.status !== 200) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response;
};

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  for (const role of ROLES) tokens[role] = await hub.login(fixture.agents[role].email);
  const { anna } = fixture.customers;
  // The overflow agent takes a call from Anna: its console looks her up, which lets it open her.
  ok(await hub.call('GET', `/customers/lookup?phone=${encodeURIComponent(anna.phone)}`, { token: tokens.overflow }), 'overflow lookup');
  for (const [index, role] of ROLES.entries()) {
    const account = { server: 'ws://127.0.0.1:8080', domain: '127.0.0.1', username: `30${index}`, password: `pw30${index}` };
    ok(await hub.call('PUT', `/agents/${fixture.agents[role].id}/sip-account`, { token: tokens.admin, body: account }), `sip account ${role}`);
    ownCallbacks[role] = uuidv7();
    const callback = { customerId: anna.id, dueAt: new Date(Date.now() + 3_600_000).toISOString(), phone: anna.phone };
    ok(await hub.call('PUT', `/callbacks/${ownCallbacks[role]}`, { token: tokens[role], body: callback }), `callback ${role}`);
  }
  for (const role of ROLES) {
    ownEscalations[role] = uuidv7();
    ownHandoffs[role] = uuidv7();
    const escalation = { customerId: anna.id, queue: 'second_line', summary: `Escalated by ${role}` };
    ok(await hub.call('PUT', `/escalations/${ownEscalations[role]}`, { token: tokens[role], body: escalation }), `escalation ${role}`);
    const to = fixture.agents[role === 'expert' ? 'second_line' : 'expert'].id;
    const handoff = { escalationId: ownEscalations[role], toAgentId: to, kind: 'blind', callId: `call-${role}@loket.test`, customerNumber: anna.phone };
    ok(await hub.call('PUT', `/handoffs/${ownHandoffs[role]}`, { token: tokens[role], body: handoff }), `hand-off ${role}`);
    ownCobrowse[role] = uuidv7();
    ok(await hub.call('POST', '/cobrowse/sessions', { token: tokens[role], body: { id: ownCobrowse[role], customerId: anna.id } }), `co-browse ${role}`);
  }
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

/** A path for a route, with the fixture's objects: reads answer 200 for every role they allow. */
function pathFor(key: string, role: Role): string {
  const { anna } = fixture.customers;
  const special: Record<string, string> = {
    'GET /customers/lookup': `/customers/lookup?phone=${encodeURIComponent(anna.phone)}`,
    'GET /customers/:id': `/customers/${anna.id}`,
    'GET /customers/:id/timeline': `/customers/${anna.id}/timeline`,
    'GET /customers': '/customers?q=an',
    'GET /audit': `/audit?subjectType=customer&subjectId=${anna.id}`,
    'GET /sync/snapshot': '/sync/snapshot?table=customer',
    'POST /callbacks/:id/complete': `/callbacks/${ownCallbacks[role]}/complete`,
    'POST /callbacks/:id/outcome': `/callbacks/${ownCallbacks[role]}/outcome`,
    'POST /customers/:id/phones': `/customers/${anna.id}/phones`,
    'POST /customers/:id/handover': `/customers/${anna.id}/handover`,
    'GET /escalations/:id': `/escalations/${ownEscalations[role]}`,
    'GET /handoffs/:id': `/handoffs/${ownHandoffs[role]}`,
    'GET /cobrowse/sessions/:id': `/cobrowse/sessions/${ownCobrowse[role]}`,
    'GET /overflow-agents/:id/unsent': `/overflow-agents/${fixture.agents.overflow.id}/unsent`,
  };
  return special[key] ?? (key.split(' ')[1] ?? '').replace(/:[A-Za-z]+/g, () => uuidv7());
}

describe('the authorisation matrix', () => {
  it('covers every route', () => {
    expect(ROUTES.map((r) => `${r.method} ${r.url}`).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const protectedRoutes = Object.entries(EXPECTED).filter(([, access]) => Array.isArray(access));
  for (const [key, access] of protectedRoutes) {
    const [method] = key.split(' ') as [string, string];
    const allowed = access as readonly Role[];
    const body = method === 'GET' || method === 'DELETE' ? undefined : {};

    it(`${key}: 401 without a token`, async () => {
      expect((await hub.call(method, pathFor(key, 'admin'), { body })).status).toBe(401);
    });

    it.each(ROLES)(`${key}: %s`, async (role) => {
      // Logging out ends the session: give that call its own.
      const token = key === 'POST /auth/logout' ? await hub.login(fixture.agents[role].email) : tokens[role];
      const response = await hub.call(method, pathFor(key, role), { token, body });
      if (!allowed.includes(role)) {
        expect(response).toMatchObject({ status: 403, body: { code: 'auth.forbidden', params: { role } } });
      } else if (method === 'GET') {
        expect(response.status, JSON.stringify(response.body)).toBe(200);
      } else {
        // An empty body is refused for its shape (400), a random id is not found or behind the
        // object's own wall (403 with a reason, as for any id the caller may not touch): never
        // the role wall, never a crash.
        expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
        expect(response.status, JSON.stringify(response.body)).not.toBe(401);
        if (response.status === 403) expect(response.body.params, JSON.stringify(response.body)).toEqual({ reason: expect.any(String) });
      }
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

interface Socket {
  readonly ws: WebSocket;
  readonly received: { seq: number; kind: string; payload: Record<string, unknown> }[];
  closed: Promise<number>;
}

function connect(token: string | null, since = 0): Socket {
  const ws = new WebSocket(`${hub.url.replace('http', 'ws')}/events?since=${since}`, token === null ? {} : { headers: { authorization: `Bearer ${token}` } });
  const received: Socket['received'] = [];
  ws.on('message', (data) => received.push(JSON.parse(String(data)) as Socket['received'][number]));
  return { ws, received, closed: new Promise((resolve) => ws.once('close', (code) => resolve(code))) };
}

async function until(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('GET /events (the live socket)', () => {
  it('closes with 4401 without a token and with a bad one', async () => {
    expect(await connect(null).closed).toBe(4401);
    expect(await connect('not-a-token').closed).toBe(4401);
    expect(await connect(`${tokens.first_line}x`).closed).toBe(4401);
  });

  it.each(ROLES)('lets %s connect and hands it the events addressed to it', async (role) => {
    // The SIP account set in beforeAll announced `sip_account.changed` to each agent.
    const socket = connect(tokens[role]);
    await until(() => socket.received.some((e) => e.kind === 'sip_account.changed' && e.payload.agentId === fixture.agents[role].id), `${role}'s event`);
    socket.ws.close();
  });

  it('gives an overflow agent only the events addressed to it, none for all staff or for a colleague', async () => {
    const { anna } = fixture.customers;
    const escalate = (assignTo: string) =>
      hub.call('PUT', `/escalations/${uuidv7()}`, { token: tokens.first_line, body: { customerId: anna.id, queue: 'second_line', summary: 'Parcel lost', assignTo } });
    ok(await escalate(fixture.agents.expert.id), 'escalation for the expert');
    const last = ok(await escalate(fixture.agents.overflow.id), 'escalation for the overflow agent').body.id as string;
    const socket = connect(tokens.overflow);
    await until(() => socket.received.some((e) => e.kind === 'escalation.assigned' && e.payload.escalationId === last), 'the overflow agent’s escalation');
    const mine = await database.db.query<{ seq: number }>('select seq from change_log where audience = $1 order by seq', [fixture.agents.overflow.id]);
    // Events arrive in seq order: everything before its last one has arrived by now.
    expect(socket.received.map((e) => e.seq)).toEqual(mine.map((row) => row.seq));
    expect(socket.received.length).toBeGreaterThan(0);
    socket.ws.close();
  });
});

describe('object-level access of an overflow agent', () => {
  // Fixed once, so a repeated request is the same request (the ids make writes idempotent).
  const start = Date.now();
  const hour = (h: number) => new Date(start + h * 3_600_000).toISOString();
  const bram = () => fixture.customers.bram;
  /** Each thing an overflow agent might do with a customer, and how to see that nothing happened. */
  const cases: readonly { what: string; send: () => Promise<{ status: number; body: any }>; unchanged: () => Promise<boolean> }[] = [
    { what: 'read the 360 of', send: () => hub.call('GET', `/customers/${bram().id}`, { token: tokens.overflow }), unchanged: async () => true },
    { what: 'read the timeline of', send: () => hub.call('GET', `/customers/${bram().id}/timeline`, { token: tokens.overflow }), unchanged: async () => true },
    (() => {
      const phone = '+31655500011';
      return {
        what: 'add a phone number to',
        send: () => hub.call('POST', `/customers/${bram().id}/phones`, { token: tokens.overflow, body: { phone } }),
        unchanged: async () => (await database.db.query('select 1 from customer_phone where e164 = $1', [phone])).length === 0,
      };
    })(),
    (() => {
      const id = uuidv7();
      return {
        what: 'log an interaction for',
        send: () => hub.call('PUT', `/interactions/${id}`, { token: tokens.overflow, body: { customerId: bram().id, channel: 'note', direction: 'internal', startedAt: hour(0), note: 'x' } }),
        unchanged: async () => (await database.db.query('select 1 from interaction where id = $1', [id])).length === 0,
      };
    })(),
    (() => {
      const id = uuidv7();
      return {
        what: 'link its own call to',
        send: async () => {
          ok(await hub.call('PUT', `/interactions/${id}`, { token: tokens.overflow, body: { customerId: null, channel: 'phone', direction: 'inbound', startedAt: hour(0) } }), 'unlinked call');
          return hub.call('PATCH', `/interactions/${id}`, { token: tokens.overflow, body: { customerId: bram().id } });
        },
        unchanged: async () => (await database.db.query('select 1 from interaction where id = $1 and customer_id is null', [id])).length === 1,
      };
    })(),
    (() => {
      const id = uuidv7();
      return {
        what: 'escalate a case for',
        send: () => hub.call('PUT', `/escalations/${id}`, { token: tokens.overflow, body: { customerId: bram().id, queue: 'second_line', summary: 'x' } }),
        unchanged: async () => (await database.db.query('select 1 from escalation where id = $1', [id])).length === 0,
      };
    })(),
    (() => {
      const id = uuidv7();
      return {
        what: 'schedule a callback for',
        send: () => hub.call('PUT', `/callbacks/${id}`, { token: tokens.overflow, body: { customerId: bram().id, dueAt: hour(1), phone: bram().phone } }),
        unchanged: async () => (await database.db.query('select 1 from callback where id = $1', [id])).length === 0,
      };
    })(),
  ];

  it.for(cases.map((c) => [c.what, c] as const))('may not %s a customer it never looked up (403)', async ([what, c], ctx) => {
    const started = performance.now();
    const response = await c.send();
    const ms = performance.now() - started;
    expect(response).toMatchObject({ status: 403, body: { code: 'auth.forbidden', params: { reason: 'customer.notGranted' } } });
    expect(await c.unchanged()).toBe(true);
    hardeningRow(ctx, { case: `overflow agent: ${what} a customer it never looked up`, fault: 'request for an ungranted customer', result: '403 customer.notGranted, nothing written', figure: `${ms.toFixed(0)} ms` });
  });

  it('may not complete a colleague’s callback (403), only its own', async (ctx) => {
    const { anna } = fixture.customers;
    const theirs = uuidv7();
    ok(await hub.call('PUT', `/callbacks/${theirs}`, { token: tokens.first_line, body: { customerId: anna.id, dueAt: hour(1), phone: anna.phone } }), 'colleague’s callback');
    const colleague = await hub.call('POST', `/callbacks/${theirs}/complete`, { token: tokens.overflow });
    expect(colleague).toMatchObject({ status: 403, body: { code: 'auth.forbidden', params: { reason: 'callback.notOwn' } } });
    expect(await database.db.query('select status from callback where id = $1', [theirs])).toEqual([{ status: 'open' }]);
    const own = uuidv7();
    ok(await hub.call('PUT', `/callbacks/${own}`, { token: tokens.overflow, body: { customerId: anna.id, dueAt: hour(1), phone: anna.phone } }), 'own callback');
    expect((await hub.call('POST', `/callbacks/${own}/complete`, { token: tokens.overflow })).body).toMatchObject({ id: own, status: 'done' });
    hardeningRow(ctx, { case: 'overflow agent completes a colleague’s callback', fault: 'complete on another agent’s callback', result: '403 callback.notOwn, still open', figure: '1 of 1 refused' });
  });

  it('may do all of it after its own exact lookup of the customer', async () => {
    const lookup = ok(await hub.call('GET', `/customers/lookup?email=${encodeURIComponent(bram().email)}`, { token: tokens.overflow }), 'lookup');
    expect(lookup.body.hits.map((hit: { id: string }) => hit.id)).toEqual([bram().id]);
    for (const c of cases) {
      const response = await c.send();
      expect(response.status, `${c.what}: ${JSON.stringify(response.body)}`).toBe(200);
    }
  });
});
