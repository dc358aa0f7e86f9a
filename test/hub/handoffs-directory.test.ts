import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Colleague } from '../../common/hub/escalations.ts';
import type { Role } from '../../common/hub/roles.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { listenTo } from '../support/hub-listener.ts';

// The context that travels with a transferred call (hand-offs) and the colleague directory the
// transfer and escalation pickers read.

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  for (const role of Object.keys(fixture.agents) as Role[]) tokens[role] = await hub.login(fixture.agents[role].email);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

const ok = <T extends { status: number; body: any }>(response: T, what: string): T => {
  if (response.status !== 200) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response;
};

async function escalation(customerId: string, summary: string): Promise<string> {
  const id = uuidv7();
  ok(await hub.call('PUT', `/escalations/${id}`, { token: tokens.first_line, body: { customerId, queue: 'expert', priority: 'urgent', summary } }), 'escalate');
  return id;
}

const offer = (token: string, body: Record<string, unknown>, id = uuidv7()) => hub.call('PUT', `/handoffs/${id}`, { token, body: { kind: 'attended', callId: 'abc123@127.0.0.1', customerNumber: '+31612345678', ...body } });

describe('hand-offs', () => {
  it('offers the transferred call\'s context to its target only, who reads it, sees it pending and marks it answered; others get 403', async () => {
    const { anna } = fixture.customers;
    const escalationId = await escalation(anna.id, 'Wants to talk about her allergy');
    const target = await listenTo(hub.url, tokens.expert);
    const bystander = await listenTo(hub.url, tokens.second_line);
    const id = uuidv7();
    const sent = ok(await offer(tokens.first_line, { escalationId, toAgentId: fixture.agents.expert.id }, id), 'offer').body;
    const expected = {
      handoffId: id, escalationId, customerId: anna.id, customerName: 'Anna de Vries', summary: 'Wants to talk about her allergy', priority: 'urgent',
      fromAgentId: fixture.agents.first_line.id, fromName: 'Agent first_line', kind: 'attended', customerNumber: '+31612345678',
    };
    expect(sent).toMatchObject(expected);
    expect(Date.parse(sent.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect((await target.waitFor('handoff.offered', (p) => p.handoffId === id)).payload).toMatchObject(expected);
    // The bystander's socket had the same time; a later event to everyone marks that it is past the offer.
    ok(await hub.call('PUT', '/presence', { token: tokens.first_line, body: { status: 'available' } }), 'presence');
    await bystander.waitFor('presence.changed', (p) => p.agentId === fixture.agents.first_line.id);
    expect(bystander.has('handoff.offered')).toBe(false);

    expect(ok(await hub.call('GET', `/handoffs/${id}`, { token: tokens.expert }), 'target reads').body).toMatchObject(expected);
    expect(ok(await hub.call('GET', `/handoffs/${id}`, { token: tokens.first_line }), 'sender reads').body).toMatchObject(expected);
    for (const token of [tokens.second_line, tokens.overflow, tokens.team_lead]) {
      expect(await hub.call('GET', `/handoffs/${id}`, { token })).toMatchObject({ status: 403, body: { code: 'auth.forbidden', params: { reason: 'handoff.notYours' } } });
    }
    expect(await hub.call('GET', `/handoffs/${uuidv7()}`, { token: tokens.expert })).toMatchObject({ status: 403, body: { params: { reason: 'handoff.notYours' } } });

    expect(ok(await hub.call('GET', '/handoffs/pending', { token: tokens.expert }), 'pending').body.handoffs.map((h: { handoffId: string }) => h.handoffId)).toContain(id);
    expect((await hub.call('GET', '/handoffs/pending', { token: tokens.first_line })).body.handoffs).toEqual([]);
    expect(await hub.call('POST', `/handoffs/${id}/answered`, { token: tokens.first_line })).toMatchObject({ status: 403, body: { params: { reason: 'handoff.notYours' } } });
    ok(await hub.call('POST', `/handoffs/${id}/answered`, { token: tokens.expert }), 'answered');
    ok(await hub.call('POST', `/handoffs/${id}/answered`, { token: tokens.expert }), 'answered again');
    expect((await hub.call('GET', '/handoffs/pending', { token: tokens.expert })).body.handoffs).toEqual([]);
    target.close();
    bystander.close();
  });

  it('gives an overflow target the customer of the transferred call', async () => {
    const { bram } = fixture.customers;
    const before = await hub.call('GET', `/customers/${bram.id}`, { token: tokens.overflow });
    expect(before).toMatchObject({ status: 403, body: { params: { reason: 'customer.notGranted' } } });
    const escalationId = await escalation(bram.id, 'Temp takes the return');
    ok(await offer(tokens.first_line, { escalationId, toAgentId: fixture.agents.overflow.id, kind: 'blind' }), 'offer to overflow');
    expect((await hub.call('GET', `/customers/${bram.id}`, { token: tokens.overflow })).status).toBe(200);
    // Audited like any hand-over of a customer.
    expect(await database.db.query(`select agent_id, detail->>'agentId' as target from audit_log where action = 'customer.handover' and subject_id = $1`, [bram.id])).toEqual([
      { agent_id: fixture.agents.first_line.id, target: fixture.agents.overflow.id },
    ]);
    expect((await hub.call('GET', '/handoffs/pending', { token: tokens.overflow })).body.handoffs).toEqual([expect.objectContaining({ escalationId, customerName: 'Bram Jansen', kind: 'blind' })]);
  });

  it('refuses a hand-off of an escalation the sender cannot see, to itself or to a disabled agent, and repeats one harmlessly', async () => {
    const escalationId = await escalation(fixture.customers.anna.id, 'Only for the expert queue');
    const hidden = uuidv7();
    expect(await offer(tokens.second_line, { escalationId, toAgentId: fixture.agents.expert.id }, hidden)).toMatchObject({ status: 403, body: { params: { reason: 'escalation.notVisible' } } });
    expect(await database.db.query('select 1 from handoff where id = $1', [hidden])).toHaveLength(0);
    expect(await offer(tokens.first_line, { escalationId, toAgentId: fixture.agents.first_line.id })).toMatchObject({ status: 400, body: { params: { field: 'toAgentId' } } });
    const gone = uuidv7();
    await database.db.query(`insert into agent (id, office_id, email, display_name, role, disabled_at) values ($1, $2, 'gone@shop.example', 'Gone Agent', 'expert', now())`, [gone, fixture.officeId]);
    expect(await offer(tokens.first_line, { escalationId, toAgentId: gone })).toMatchObject({ status: 400, body: { params: { field: 'toAgentId' } } });

    const id = uuidv7();
    const body = { escalationId, toAgentId: fixture.agents.expert.id };
    ok(await offer(tokens.first_line, body, id), 'offer');
    ok(await offer(tokens.first_line, body, id), 'repeat');
    expect(await database.db.query(`select count(*)::int as n from change_log where kind = 'handoff.offered' and entity_id = $1`, [id])).toEqual([{ n: 1 }]);
    expect(await offer(tokens.first_line, { ...body, kind: 'blind' }, id)).toMatchObject({ status: 422, body: { code: 'idempotency.conflict' } });
  });
});

describe('the colleague directory', () => {
  it('lists every other active colleague with role, office, languages, skills and presence, free ones first, then by name, and nothing about customers', async () => {
    await database.db.query(`update agent set skills = '{nutrition}' where id = $1`, [fixture.agents.expert.id]);
    const statuses: [Role, string][] = [['expert', 'available'], ['second_line', 'on_call'], ['team_lead', 'break'], ['admin', 'wrap_up'], ['overflow', 'available']];
    for (const [role, status] of statuses) ok(await hub.call('PUT', '/presence', { token: tokens[role], body: { status } }), `presence ${role}`);
    await database.db.query(`insert into agent (id, office_id, email, display_name, role, disabled_at) values ($1, $2, 'left@shop.example', 'Aaron Left', 'expert', now())`, [uuidv7(), fixture.officeId]);

    const { colleagues } = ok(await hub.call('GET', '/directory', { token: tokens.first_line }), 'directory').body;
    for (const colleague of colleagues) expect(Object.keys(colleague).sort()).toEqual(Object.keys(Colleague.shape).sort());
    const ids = colleagues.map((c: { id: string }) => c.id);
    expect(ids).not.toContain(fixture.agents.first_line.id);
    expect(colleagues.map((c: { displayName: string }) => c.displayName)).not.toContain('Aaron Left');
    const rank = ['available', 'wrap_up', 'on_call', 'break', 'offline'];
    const order = colleagues.map((c: { status: string; displayName: string }) => [rank.indexOf(c.status), c.displayName.toLowerCase()] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)));
    expect(colleagues.slice(0, 2).map((c: { id: string }) => c.id)).toEqual([fixture.agents.expert.id, fixture.agents.overflow.id]);
    expect(colleagues.find((c: { id: string }) => c.id === fixture.agents.expert.id)).toMatchObject({
      role: 'expert', office: { code: 'ams', name: 'Amsterdam' }, languages: ['nl', 'en'], skills: ['nutrition'], status: 'available',
    });
    expect(colleagues.find((c: { id: string }) => c.id === fixture.agents.team_lead.id)).toMatchObject({ status: 'break', since: expect.any(String) });
    // The caller is in the others' directory; an agent whose console never said is offline.
    const seen = ok(await hub.call('GET', '/directory', { token: tokens.overflow }), 'overflow directory').body.colleagues;
    expect(seen.find((c: { id: string }) => c.id === fixture.agents.first_line.id)).toMatchObject({ status: 'available' });
    const silent = uuidv7();
    await database.db.query(`insert into agent (id, office_id, email, display_name, role) values ($1, $2, 'new@shop.example', 'Nina New', 'first_line')`, [silent, fixture.officeId]);
    const later = ok(await hub.call('GET', '/directory', { token: tokens.overflow }), 'directory again').body.colleagues;
    expect(later.find((c: { id: string }) => c.id === silent)).toMatchObject({ status: 'offline', since: null, extension: null, skills: [] });
  });
});
