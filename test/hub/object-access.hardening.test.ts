// Which customers an overflow agent may open: those its own exact lookup returned, those it
// created, and those a colleague handed to it, each for one shift (12 hours, never past the
// agent's access). The hub's clock is moved here to prove the shift ends. Staff are not limited.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hardeningRow } from '../support/hardening.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

const HOUR = 3_600_000;
let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
let clock = Date.now();
/** A second overflow agent, to show that one's grants are not another's. */
let other: { id: string; email: string };

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db, { now: () => new Date(clock) });
  other = { id: uuidv7(), email: 'overflow-2@shop.example' };
  await database.db.query(
    `insert into agent (id, office_id, email, display_name, role, languages, password_hash, access_expires_at)
     select $1, office_id, $2, 'Agent overflow 2', role, languages, password_hash, access_expires_at from agent where id = $3`,
    [other.id, other.email, fixture.agents.overflow.id],
  );
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

/** A fresh token at the hub's current time (access tokens live 15 minutes). */
const tokenOf = (agent: { email: string }) => hub.login(agent.email);
const open = async (agent: { email: string }, customerId: string) => (await hub.call('GET', `/customers/${customerId}`, { token: await tokenOf(agent) })).status;
const newCustomer = (name: string) => ({ name, language: 'nl', country: 'NL', phones: [], emails: [] });

describe('an overflow agent’s grants', () => {
  it('lets its exact lookup open the customers found for a 12-hour shift, and not a minute longer', async (ctx) => {
    const { anna } = fixture.customers;
    const start = clock;
    const overflow = fixture.agents.overflow;
    expect(await open(overflow, anna.id)).toBe(403);
    const lookup = await hub.call('GET', `/customers/lookup?order=${anna.order}`, { token: await tokenOf(overflow) });
    expect(lookup.body.hits.map((hit: { id: string }) => hit.id)).toEqual([anna.id]);
    expect(await open(overflow, anna.id)).toBe(200);
    // The other overflow agent did not look her up.
    expect(await open(other, anna.id)).toBe(403);
    clock = start + 12 * HOUR - 60_000;
    expect(await open(overflow, anna.id)).toBe(200);
    clock = start + 12 * HOUR + 1_000;
    expect(await open(overflow, anna.id)).toBe(403);
    // A new lookup starts a new shift.
    await hub.call('GET', `/customers/lookup?order=${anna.order}`, { token: await tokenOf(overflow) });
    expect(await open(overflow, anna.id)).toBe(200);
    hardeningRow(ctx, { case: 'overflow grant outlives its shift', fault: 'hub clock moved 12 h past the lookup', result: '200 at 11 h 59 min, 403 at 12 h 0 min 1 s', figure: 'grant 12 h' });
  });

  it('ends the shift with the agent’s access when that comes first', async () => {
    const expires = new Date(clock + 2 * HOUR);
    await database.db.query('update agent set access_expires_at = $2 where id = $1', [other.id, expires]);
    await hub.call('GET', `/customers/lookup?email=${encodeURIComponent(fixture.customers.bram.email)}`, { token: await tokenOf(other) });
    const [grant] = await database.db.query<{ expires_at: Date; why: string }>('select expires_at, why from customer_grant where agent_id = $1 and customer_id = $2', [
      other.id,
      fixture.customers.bram.id,
    ]);
    expect(grant).toEqual({ expires_at: expires, why: 'lookup' });
    await database.db.query(`update agent set access_expires_at = $2 where id = $1`, [other.id, new Date(clock + 30 * 24 * HOUR)]);
  });

  it('lets the creator of a customer open it; another overflow agent cannot, not even by repeating the creation', async (ctx) => {
    const id = uuidv7();
    const body = newCustomer('Dirk Visser');
    expect((await hub.call('PUT', `/customers/${id}`, { token: await tokenOf(fixture.agents.overflow), body })).status).toBe(200);
    expect(await open(fixture.agents.overflow, id)).toBe(200);
    const repeat = await hub.call('PUT', `/customers/${id}`, { token: await tokenOf(other), body });
    expect(repeat).toMatchObject({ status: 403, body: { code: 'auth.forbidden', params: { reason: 'customer.notGranted' } } });
    expect(await open(other, id)).toBe(403);
    hardeningRow(ctx, { case: 'overflow agent replays another’s new customer', fault: 'PUT /customers/:id with a known id and name', result: '403, no row disclosed', figure: '0 fields returned' });
  });

  it('answers a customer that does not exist like one it may not open, so ids reveal nothing', async (ctx) => {
    const token = await tokenOf(other);
    const unknown = await hub.call('GET', `/customers/${uuidv7()}`, { token });
    const hidden = await hub.call('GET', `/customers/${fixture.customers.anna.id}`, { token });
    expect(unknown).toEqual(hidden);
    expect(hidden).toEqual({ status: 403, body: { code: 'auth.forbidden', params: { reason: 'customer.notGranted' } } });
    const unknownTimeline = await hub.call('GET', `/customers/${uuidv7()}/timeline`, { token });
    expect(unknownTimeline).toEqual(hidden);
    hardeningRow(ctx, { case: 'customer existence probe by overflow agent', fault: 'unknown id vs. existing ungranted id', result: 'identical 403 answers', figure: '0 bits leaked' });
  });

  it('lets staff open any customer without a lookup', async () => {
    expect(await open(fixture.agents.first_line, fixture.customers.bram.id)).toBe(200);
  });
});

describe('POST /customers/:id/handover', () => {
  it('hands a customer to an overflow colleague for a shift, tells them, and audits it', async () => {
    const { bram } = fixture.customers;
    const overflow = fixture.agents.overflow;
    const staff = await tokenOf(fixture.agents.first_line);
    const since = (await hub.call('GET', '/sync?since=0&limit=1', { token: await tokenOf(overflow) })).body.head as number;
    expect(await open(overflow, bram.id)).toBe(403);
    const handed = await hub.call('POST', `/customers/${bram.id}/handover`, { token: staff, body: { agentId: overflow.id } });
    expect(handed).toEqual({ status: 200, body: { customerId: bram.id, agentId: overflow.id, expiresAt: new Date(clock + 12 * HOUR).toISOString() } });
    expect(await open(overflow, bram.id)).toBe(200);
    const synced = await hub.call('GET', `/sync?since=${since}&limit=100`, { token: await tokenOf(overflow) });
    const events = synced.body.changes.filter((c: { entity: string }) => c.entity === 'event').map((c: { row: unknown }) => c.row);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'customer.handedOver', payload: { customerId: bram.id, by: fixture.agents.first_line.id } }));
    const audit = await database.db.query<{ agent_id: string; detail: unknown }>(`select agent_id, detail from audit_log where action = 'customer.handover' and subject_id = $1`, [bram.id]);
    expect(audit).toEqual([{ agent_id: fixture.agents.first_line.id, detail: { agentId: overflow.id } }]);
  });

  it('needs no grant for a staff colleague, and refuses unknown customers and agents', async () => {
    const staff = await tokenOf(fixture.agents.first_line);
    const { anna } = fixture.customers;
    expect((await hub.call('POST', `/customers/${anna.id}/handover`, { token: staff, body: { agentId: fixture.agents.expert.id } })).body).toEqual({
      customerId: anna.id,
      agentId: fixture.agents.expert.id,
      expiresAt: null,
    });
    expect(await hub.call('POST', `/customers/${uuidv7()}/handover`, { token: staff, body: { agentId: fixture.agents.overflow.id } })).toMatchObject({
      status: 404,
      body: { code: 'not.found', params: { what: 'customer' } },
    });
    expect(await hub.call('POST', `/customers/${anna.id}/handover`, { token: staff, body: { agentId: uuidv7() } })).toMatchObject({
      status: 404,
      body: { code: 'not.found', params: { what: 'agent' } },
    });
  });
});

describe('writes audited like reads', () => {
  it('records who created a customer and who added a phone number', async () => {
    const token = await tokenOf(fixture.agents.overflow);
    const id = uuidv7();
    expect((await hub.call('PUT', `/customers/${id}`, { token, body: newCustomer('Els Mulder') })).status).toBe(200);
    expect((await hub.call('POST', `/customers/${id}/phones`, { token, body: { phone: '+31644455566' } })).status).toBe(200);
    const rows = await database.db.query<{ agent_id: string; action: string; detail: unknown }>(
      `select agent_id, action, detail from audit_log where subject_type = 'customer' and subject_id = $1 order by id`,
      [id],
    );
    expect(rows).toEqual([
      { agent_id: fixture.agents.overflow.id, action: 'customer.create', detail: { created: true } },
      { agent_id: fixture.agents.overflow.id, action: 'customer.addPhone', detail: { phone: '+31644455566', added: true } },
    ]);
  });
});

describe('sync for overflow agents', () => {
  it('carries no customer rows, not even for customers the agent may open', async () => {
    const token = await tokenOf(fixture.agents.overflow);
    expect(await open(fixture.agents.overflow, fixture.customers.bram.id)).toBe(200);
    const synced = await hub.call('GET', '/sync?since=0&limit=5000', { token });
    expect(synced.body.changes.map((c: { entity: string }) => c.entity).filter((e: string) => e !== 'event' && e !== 'agent' && e !== 'reason_code')).toEqual([]);
  });
});

describe('the escalation wall', () => {
  it('keeps a first-line colleague out of another agent’s escalation on every route, answering like a missing id, and writes nothing', async (ctx) => {
    const author = await tokenOf(fixture.agents.first_line);
    const id = uuidv7();
    const created = await hub.call('PUT', `/escalations/${id}`, { token: author, body: { customerId: fixture.customers.anna.id, queue: 'expert', summary: 'Private case' } });
    expect(created.status).toBe(200);
    const colleague = { id: uuidv7(), email: 'first-line-2@shop.example' };
    await database.db.query(
      `insert into agent (id, office_id, email, display_name, role, languages, password_hash) select $1, office_id, $2, 'Agent first_line 2', role, languages, password_hash from agent where id = $3`,
      [colleague.id, colleague.email, fixture.agents.first_line.id],
    );
    const token = await tokenOf(colleague);
    const attempts = (target: string) => [
      hub.call('GET', `/escalations/${target}`, { token }),
      hub.call('POST', `/escalations/${target}/reply`, { token, body: { id: uuidv7(), text: 'Peeking' } }),
      hub.call('POST', `/escalations/${target}/hand-back`, { token, body: {} }),
      hub.call('PUT', `/handoffs/${uuidv7()}`, { token, body: { escalationId: target, toAgentId: fixture.agents.expert.id, kind: 'blind', callId: 'c@x', customerNumber: null } }),
    ];
    const hidden = await Promise.all(attempts(id));
    const missing = await Promise.all(attempts(uuidv7()));
    expect(hidden).toEqual(missing);
    for (const response of hidden) expect(response).toEqual({ status: 403, body: { code: 'auth.forbidden', params: { reason: 'escalation.notVisible' } } });
    // Replaying the author's own request under its id tells the colleague nothing either.
    const replay = await hub.call('PUT', `/escalations/${id}`, { token, body: { customerId: fixture.customers.anna.id, queue: 'expert', summary: 'Private case' } });
    expect(replay).toEqual({ status: 403, body: { code: 'auth.forbidden', params: { reason: 'escalation.notVisible' } } });
    const lists = [await hub.call('GET', '/escalations', { token }), await hub.call('GET', '/escalations/inbox', { token })];
    for (const list of lists) expect(JSON.stringify(list.body)).not.toContain(id);
    expect(await database.db.query('select status, assigned_to from escalation where id = $1', [id])).toEqual([{ status: 'open', assigned_to: null }]);
    expect(await database.db.query('select 1 from interaction where escalation_id = $1 union all select 1 from handoff where escalation_id = $1', [id])).toEqual([]);
    hardeningRow(ctx, { case: 'first-line agent probes a colleague’s escalation', fault: 'read, reply, hand back, hand off; list and inbox', result: 'identical 403 escalation.notVisible, nothing written', figure: `${hidden.length} routes + 2 lists` });
  });

  it('shows a first-line colleague that a customer has an escalation, but not its summary, resolution or replies, on sync, 360, lookup and timeline', async (ctx) => {
    const author = await tokenOf(fixture.agents.first_line);
    const secrets = ['Customer threatens a chargeback over invoice 7781', 'Bank confirmed the double debit', 'Refunded the second debit'];
    const id = uuidv7();
    expect((await hub.call('PUT', `/escalations/${id}`, { token: author, body: { customerId: fixture.customers.bram.id, queue: 'second_line', summary: secrets[0] } })).status).toBe(200);
    expect((await hub.call('POST', `/escalations/${id}/reply`, { token: author, body: { id: uuidv7(), text: secrets[1] } })).status).toBe(200);
    const colleague = { id: uuidv7(), email: 'first-line-3@shop.example' };
    await database.db.query(
      `insert into agent (id, office_id, email, display_name, role, languages, password_hash) select $1, office_id, $2, 'Agent first_line 3', role, languages, password_hash from agent where id = $3`,
      [colleague.id, colleague.email, fixture.agents.first_line.id],
    );
    const reads = async (token: string) =>
      Promise.all(
        ['/sync?since=0&limit=5000', `/customers/${fixture.customers.bram.id}`, `/customers/lookup?phone=${encodeURIComponent(fixture.customers.bram.phone)}`, `/customers/${fixture.customers.bram.id}/timeline?limit=200`].map(
          async (path) => {
            const response = await hub.call('GET', path, { token });
            expect(response.status).toBe(200);
            return JSON.stringify(response.body);
          },
        ),
      );
    const token = await tokenOf(colleague);
    const seen = await reads(token);
    for (const body of seen) for (const secret of secrets.slice(0, 2)) expect(body).not.toContain(secret);
    // It still knows an escalation is open (360) — the context an agent on the phone needs.
    expect(seen[1]).toContain(id);
    const lead = await tokenOf(fixture.agents.team_lead);
    expect((await hub.call('POST', `/escalations/${id}/resolve`, { token: lead, body: { outcome: 'refund', resolution: secrets[2] } })).status).toBe(200);
    for (const body of await reads(token)) for (const secret of secrets) expect(body).not.toContain(secret);
    const [leadSync] = await reads(lead);
    for (const secret of secrets) expect(leadSync).toContain(secret);
    hardeningRow(ctx, { case: 'first-line agent reads a customer with a colleague’s escalation', fault: 'sync, 360, lookup, timeline', result: 'escalation redacted (queue, status, times), replies left out; lead sees all', figure: `${secrets.length} texts hidden on 4 routes` });
  });
});
