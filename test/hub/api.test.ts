import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_KEY, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';

// The hub's HTTP API against a real database: PGlite in the hub-pglite project, a real
// PostgreSQL server in hub-postgres (same file, same assertions).
let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
let firstLine: string;
let lead: string;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  firstLine = await hub.login(fixture.agents.first_line.email);
  lead = await hub.login(fixture.agents.team_lead.email);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

describe('login, refresh, logout', () => {
  it('logs in with a password and returns the agent, without any SIP secret', async () => {
    const response = await hub.call('POST', '/auth/login', { body: { email: fixture.agents.expert.email, password: 'correct horse battery staple' } });
    expect(response.status).toBe(200);
    expect(response.body.agent).toMatchObject({ role: 'expert', officeCountry: 'NL' });
    // The SIP account, password included, is only GET /me/sip-account's (sip-account.test.ts).
    expect(response.body.agent).not.toHaveProperty('sip');
    expect(JSON.stringify(response.body)).not.toContain('sip-secret');
  });

  it('refuses a wrong password and an unknown account the same way', async () => {
    const wrong = await hub.call('POST', '/auth/login', { body: { email: fixture.agents.expert.email, password: 'nope' } });
    const unknown = await hub.call('POST', '/auth/login', { body: { email: 'nobody@shop.example', password: 'nope' } });
    expect(wrong).toEqual({ status: 401, body: { code: 'auth.invalidCredentials', params: {} } });
    expect(unknown).toEqual(wrong);
  });

  it('rotates refresh tokens and ends a session on logout', async () => {
    const login = await hub.call('POST', '/auth/login', { body: { email: fixture.agents.second_line.email, password: 'correct horse battery staple' } });
    const refreshed = await hub.call('POST', '/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    expect(refreshed.status).toBe(200);
    const token = refreshed.body.accessToken as string;
    expect((await hub.call('GET', '/me', { token })).status).toBe(200);
    expect((await hub.call('POST', '/auth/logout', { token })).status).toBe(200);
    expect(await hub.call('GET', '/me', { token })).toMatchObject({ status: 401, body: { code: 'auth.revoked' } });
    // The rotated token stays refused (a reuse while the family lives revokes it: sessions.hardening.test.ts).
    const reused = await hub.call('POST', '/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    expect(reused).toMatchObject({ status: 401, body: { code: 'auth.revoked' } });
  });

  it('rejects requests without a token or with a forged one', async () => {
    expect(await hub.call('GET', '/me')).toMatchObject({ status: 401, body: { code: 'auth.required' } });
    expect(await hub.call('GET', '/me', { token: `${firstLine.slice(0, -4)}AAAA` })).toMatchObject({ status: 401 });
  });
});

describe('customer lookup', () => {
  it.each(['06 12 34 56 78', '+31612345678', '0031 6 1234 5678', '0612345678', '+31 (0)6-12345678'])('finds Anna by the phone number written as %s', async (phone) => {
    const response = await hub.call('GET', `/customers/lookup?phone=${encodeURIComponent(phone)}`, { token: firstLine });
    expect(response.status).toBe(200);
    expect(response.body.hits.map((h: { id: string }) => h.id)).toEqual([fixture.customers.anna.id]);
  });

  it('finds by e-mail (any case) and by order number', async () => {
    const byEmail = await hub.call('GET', '/customers/lookup?email=Anna.DeVries%40example.nl', { token: firstLine });
    expect(byEmail.body.hits[0].name).toBe('Anna de Vries');
    const byOrder = await hub.call('GET', `/customers/lookup?order=${fixture.customers.anna.order.toLowerCase()}`, { token: firstLine });
    expect(byOrder.body.hits[0].id).toBe(fixture.customers.anna.id);
  });

  it('says clearly when a phone number is not one', async () => {
    const response = await hub.call('GET', '/customers/lookup?phone=12abc', { token: firstLine });
    expect(response).toEqual({ status: 400, body: { code: 'lookup.invalidPhone', params: { phone: '12abc' } } });
  });

  it('lets staff search by name but not overflow agents', async () => {
    expect((await hub.call('GET', '/customers/lookup?name=bram', { token: firstLine })).body.hits[0].id).toBe(fixture.customers.bram.id);
    const overflow = await hub.login(fixture.agents.overflow.email);
    expect(await hub.call('GET', '/customers/lookup?name=bram', { token: overflow })).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    expect((await hub.call('GET', `/customers/lookup?phone=${encodeURIComponent('+31687654321')}`, { token: overflow })).body.hits).toHaveLength(1);
  });

  it('audits every read of a customer record', async () => {
    await hub.call('GET', `/customers/${fixture.customers.bram.id}`, { token: firstLine });
    const admin = await hub.login(fixture.agents.admin.email);
    const audit = await hub.call('GET', `/audit?subjectType=customer&subjectId=${fixture.customers.bram.id}`, { token: admin });
    const actions = audit.body.entries.map((e: { action: string; agentId: string }) => `${e.action}:${e.agentId === fixture.agents.first_line.id}`);
    expect(actions).toContain('customer.read:true');
  });
});

describe('customer 360 and timeline', () => {
  it('shows profile, counters and the open work', async () => {
    const response = await hub.call('GET', `/customers/${fixture.customers.anna.id}`, { token: firstLine });
    expect(response.status).toBe(200);
    expect(response.body.customer).toMatchObject({ name: 'Anna de Vries', phones: ['+31612345678'], language: 'nl' });
    expect(response.body.counters).toMatchObject({ orders: 1, lifetimeValue: [{ currency: 'EUR', cents: 4995 }], repeatBuyer: false });
  });

  it('answers 404 to the 360 and the timeline of a customer that does not exist', async () => {
    const id = uuidv7();
    for (const path of [`/customers/${id}`, `/customers/${id}/timeline`]) {
      expect(await hub.call('GET', path, { token: firstLine })).toEqual({ status: 404, body: { code: 'not.found', params: { what: 'customer' } } });
    }
  });

  it('pages through the timeline newest first without gaps or repeats', async () => {
    const customerId = fixture.customers.bram.id;
    const base = Date.parse('2026-10-01T10:00:00Z');
    for (let i = 0; i < 23; i++) {
      // Some share a timestamp, so the cursor must handle ties.
      const at = new Date(base + Math.floor(i / 2) * 60_000).toISOString();
      const put = await hub.call('PUT', `/interactions/${uuidv7()}`, { token: firstLine, body: { customerId, channel: 'phone', direction: 'inbound', startedAt: at, note: `call ${i}` } });
      expect(put.status).toBe(200);
    }
    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=5${before ? `&before=${encodeURIComponent(before)}` : ''}`;
      const page = await hub.call('GET', `/customers/${customerId}/timeline${query}`, { token: firstLine });
      expect(page.status).toBe(200);
      const times = page.body.items.map((item: { at: string }) => item.at);
      expect([...times].sort().reverse()).toEqual(times);
      seen.push(...page.body.items.filter((i: { kind: string }) => i.kind === 'interaction').map((i: { data: { note: string } }) => i.data.note));
      before = page.body.nextBefore;
      pages++;
    } while (before && pages < 20);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((note) => note.startsWith('call ')).length).toBe(23);
  });
});

describe('idempotent writes', () => {
  it('creates one row from 50 concurrent repeats of the same interaction', async () => {
    const id = uuidv7();
    const body = { customerId: fixture.customers.anna.id, channel: 'note', direction: 'internal', startedAt: new Date().toISOString(), note: 'Klant wil retour.' };
    const responses = await Promise.all(Array.from({ length: 50 }, () => hub.call('PUT', `/interactions/${id}`, { token: firstLine, body })));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const [{ n }] = (await database.db.query<{ n: number }>('select count(*)::int8 as n from interaction where id = $1', [id])) as [{ n: number }];
    expect(n).toBe(1);
  });

  it('answers 422 to a different payload under an existing id, and keeps the first', async () => {
    const id = uuidv7();
    const body = { customerId: fixture.customers.anna.id, channel: 'note', direction: 'internal', startedAt: new Date().toISOString(), note: 'first' };
    expect((await hub.call('PUT', `/interactions/${id}`, { token: firstLine, body })).status).toBe(200);
    const changed = await hub.call('PUT', `/interactions/${id}`, { token: firstLine, body: { ...body, note: 'second' } });
    expect(changed).toEqual({ status: 422, body: { code: 'idempotency.conflict', params: { id } } });
    const [row] = await database.db.query<{ note: string }>('select note from interaction where id = $1', [id]);
    expect(row?.note).toBe('first');
  });

  it('changes only the fields a PATCH sends: reasons and transfers stay', async () => {
    const id = uuidv7();
    const body = { customerId: fixture.customers.anna.id, channel: 'phone', direction: 'inbound', startedAt: new Date().toISOString(), reasons: ['where_is_my_order'], transfers: 2 };
    expect((await hub.call('PUT', `/interactions/${id}`, { token: firstLine, body })).status).toBe(200);
    const patched = await hub.call('PATCH', `/interactions/${id}`, { token: firstLine, body: { note: 'Pakket komt morgen.' } });
    expect(patched.body).toMatchObject({ note: 'Pakket komt morgen.', reasons: ['where_is_my_order'], transfers: 2 });
  });

  it('refuses an interaction for a customer that does not exist', async () => {
    const response = await hub.call('PUT', `/interactions/${uuidv7()}`, {
      token: firstLine,
      body: { customerId: uuidv7(), channel: 'note', direction: 'internal', startedAt: new Date().toISOString() },
    });
    expect(response.status).toBe(422);
  });

  it('validates every request: a bad field is named', async () => {
    const response = await hub.call('PUT', `/interactions/${uuidv7()}`, { token: firstLine, body: { customerId: 'x', channel: 'fax' } });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('request.invalid');
  });
});

describe('escalations and callbacks', () => {
  it('goes open → assigned → claimed → resolved, and a second claim loses', async () => {
    const id = uuidv7();
    const created = await hub.call('PUT', `/escalations/${id}`, { token: firstLine, body: { customerId: fixture.customers.anna.id, queue: 'expert', summary: 'Vraag over dosering vitamine D.' } });
    expect(created.body.status).toBe('open');
    const assigned = await hub.call('POST', `/escalations/${id}/assign`, { token: lead, body: { assignTo: fixture.agents.expert.id } });
    expect(assigned.body.assignedTo).toMatchObject({ id: fixture.agents.expert.id });
    const expert = await hub.login(fixture.agents.expert.email);
    // The lead sees every escalation, so its claim of the expert's is a lost race, not a wall.
    const [a, b] = await Promise.all([
      hub.call('POST', `/escalations/${id}/claim`, { token: expert }),
      hub.call('POST', `/escalations/${id}/claim`, { token: lead }),
    ]);
    expect(a.status).toBe(200);
    expect(b).toMatchObject({ status: 409, body: { code: 'state.conflict' } });
    const resolved = await hub.call('POST', `/escalations/${id}/resolve`, { token: expert, body: { outcome: 'solved', resolution: 'Advies gegeven, klant tevreden.' } });
    expect(resolved.body.status).toBe('resolved');
    const customer = await hub.call('GET', `/customers/${fixture.customers.anna.id}`, { token: firstLine });
    expect(customer.body.openEscalations.map((e: { id: string }) => e.id)).not.toContain(id);
  });

  it('schedules a callback that shows on the customer and in the list', async () => {
    const id = uuidv7();
    const dueAt = new Date(Date.now() + 3_600_000).toISOString();
    const created = await hub.call('PUT', `/callbacks/${id}`, { token: firstLine, body: { customerId: fixture.customers.bram.id, dueAt, phone: '+31687654321' } });
    expect(created.status).toBe(200);
    const customer = await hub.call('GET', `/customers/${fixture.customers.bram.id}`, { token: firstLine });
    expect(customer.body.openCallbacks.map((c: { id: string }) => c.id)).toContain(id);
  });
});

describe('ingestion of web-shop events', () => {
  const event = (externalId: string, email = 'new.customer@example.de') => ({
    externalId,
    type: 'order.placed',
    occurredAt: '2026-11-20T09:30:00+01:00',
    customer: { email, name: 'Jonas Becker', country: 'DE', language: 'de' },
    order: { number: `DE-2026-${externalId.slice(-7)}`, currency: 'EUR', totalCents: 2999 },
  });

  it('needs the ingest key', async () => {
    expect((await hub.call('POST', '/ingest/events', { body: { events: [event('shop-1-0000001')] } })).status).toBe(401);
    expect((await hub.call('POST', '/ingest/events', { body: { events: [event('shop-1-0000001')] }, headers: { 'x-ingest-key': 'wrong-key-wrong-key' } })).status).toBe(401);
  });

  it('deduplicates by external id, also within one batch and across retries', async () => {
    const headers = { 'x-ingest-key': INGEST_KEY };
    const first = await hub.call('POST', '/ingest/events', { headers, body: { events: [event('shop-2-0000002'), event('shop-2-0000002')] } });
    expect(first.body).toEqual({ accepted: 1, duplicates: 1 });
    const retry = await hub.call('POST', '/ingest/events', { headers, body: { events: [event('shop-2-0000002')] } });
    expect(retry.body).toEqual({ accepted: 0, duplicates: 1 });
    const found = await hub.call('GET', '/customers/lookup?email=new.customer%40example.de', { token: firstLine });
    expect(found.body.hits).toHaveLength(1);
    const shipped = await hub.call('POST', '/ingest/events', {
      headers,
      body: { events: [{ externalId: 'shop-2-0000003', type: 'order.shipped', occurredAt: '2026-11-21T10:00:00Z', customer: { email: 'new.customer@example.de' }, orderNumber: 'DE-2026-0000002', trackingRef: 'JJD0001' }] },
    });
    expect(shipped.body).toEqual({ accepted: 1, duplicates: 0 });
  });
});

describe('delta sync', () => {
  it('pages through every change once, in sequence order', async () => {
    const seen = new Set<string>();
    let since = 0;
    let last = 0;
    for (let page = 0; page < 1_000; page++) {
      const response = await hub.call('GET', `/sync?since=${since}&limit=7`, { token: firstLine });
      expect(response.status).toBe(200);
      for (const change of response.body.changes as { seq: number; entity: string; row: { id?: string } }[]) {
        expect(change.seq).toBeGreaterThan(last);
        last = change.seq;
        seen.add(`${change.seq}`);
      }
      since = response.body.next;
      if (!response.body.more) break;
    }
    const [{ n }] = (await database.db.query<{ n: number }>(
      `select (select count(*) from customer) + (select count(*) from interaction) + (select count(*) from agent) as n`,
    )) as [{ n: number }];
    expect(seen.size).toBeGreaterThanOrEqual(n);
  });

  it('gives overflow agents no customer data', async () => {
    const overflow = await hub.login(fixture.agents.overflow.email);
    const response = await hub.call('GET', '/sync?since=0&limit=5000', { token: overflow });
    const entities = new Set((response.body.changes as { entity: string }[]).map((c) => c.entity));
    expect(entities.has('customer')).toBe(false);
    expect(entities.has('interaction')).toBe(false);
  });
});

describe('the API description', () => {
  it('serves OpenAPI with every route', async () => {
    const response = await hub.call('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/customers/lookup', '/interactions/{id}', '/sync', '/ingest/events']));
  });
});
