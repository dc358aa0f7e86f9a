import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../common/hub/roles.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { listenTo } from '../support/hub-listener.ts';

// The escalation lane at the hub: who gets a new escalation, its SLA, the inbox per role, the
// wall around escalations, and claim → reply → hand back → resolve with their live events.

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

/** Another agent in the fixture's office, with the fixture's password; returns its id and token. */
async function addAgent(role: Role, name: string, languages: string[]): Promise<{ id: string; token: string }> {
  const id = uuidv7();
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@shop.example`;
  await database.db.query(
    `insert into agent (id, office_id, email, display_name, role, languages, password_hash)
     select $1, office_id, $2, $3, $4, $5, password_hash from agent where id = $6`,
    [id, email, name, role, languages, fixture.agents.first_line.id],
  );
  return { id, token: await hub.login(email) };
}

/** Sets presence as the agent's console does, then dates when it began (who is free longest). */
async function presence(agent: { id: string; token: string }, status: string, minutesAgo = 0): Promise<void> {
  ok(await hub.call('PUT', '/presence', { token: agent.token, body: { status } }), 'presence');
  await database.db.query(`update presence set since = now() - make_interval(mins => $2) where agent_id = $1`, [agent.id, minutesAgo]);
}

async function addCustomer(name: string, language: string): Promise<string> {
  const id = uuidv7();
  await database.db.query(`insert into customer (id, name, language, country, office_id) values ($1, $2, $3, 'DE', $4)`, [id, name, language, fixture.officeId]);
  return id;
}

const escalate = async (token: string, body: Record<string, unknown>, id = uuidv7()) =>
  ok(await hub.call('PUT', `/escalations/${id}`, { token, body: { summary: 'Needs a specialist', ...body } }), 'escalate').body;

describe('auto-assignment', () => {
  it('gives a new escalation to the free agent of the queue who speaks the customer\'s language, fewest open ones first, then longest free; none free leaves it in the queue', async () => {
    const klaus = await addCustomer('Klaus Becker', 'de');
    const busy = await addAgent('second_line', 'Greta Busy', ['de']);
    const french = await addAgent('second_line', 'Claire French', ['fr', 'en']);
    const longest = await addAgent('second_line', 'Hanna Longest', ['de', 'nl']);
    const later = await addAgent('second_line', 'Jonas Later', ['de']);
    const expert = await addAgent('expert', 'Ulla Expert', ['de']);
    await presence(busy, 'on_call', 60);
    await presence(french, 'available', 90);
    await presence(longest, 'available', 30);
    await presence(later, 'available', 10);
    await presence(expert, 'available', 120);

    const first = await escalate(tokens.first_line, { customerId: klaus, queue: 'second_line' });
    expect(first.assignedTo).toEqual({ id: longest.id, name: 'Hanna Longest' });
    const second = await escalate(tokens.first_line, { customerId: klaus, queue: 'second_line' });
    expect(second.assignedTo?.id).toBe(later.id);
    const third = await escalate(tokens.first_line, { customerId: klaus, queue: 'second_line' });
    expect(third.assignedTo?.id).toBe(longest.id);
    // A resolved one no longer counts: Jonas has the fewest open now.
    ok(await hub.call('POST', `/escalations/${second.id}/resolve`, { token: later.token, body: { outcome: 'solved', resolution: 'Done' } }), 'resolve');
    expect((await escalate(tokens.first_line, { customerId: klaus, queue: 'second_line' })).assignedTo?.id).toBe(later.id);

    await presence(longest, 'break');
    await presence(later, 'wrap_up');
    const waiting = await escalate(tokens.first_line, { customerId: klaus, queue: 'second_line' });
    expect(waiting).toMatchObject({ status: 'open', assignedTo: null, queue: 'second_line' });
    const inbox = ok(await hub.call('GET', '/escalations/inbox', { token: french.token }), 'inbox').body;
    expect(inbox.escalations.find((e: { id: string }) => e.id === waiting.id)).toMatchObject({ box: 'queue' });

    // A named colleague gets it whatever their presence.
    const named = await escalate(tokens.first_line, { customerId: klaus, queue: 'second_line', assignTo: busy.id });
    expect(named.assignedTo?.id).toBe(busy.id);
  });
});

describe('escalation.assigned', () => {
  it('tells the assignee (with what a notification needs) and not a first-line bystander; a lead\'s re-assignment tells the new one', async () => {
    const assignee = await listenTo(hub.url, tokens.second_line);
    const bystander = await addAgent('first_line', 'Bea Bystander', ['nl']);
    const bystanderSocket = await listenTo(hub.url, bystander.token);
    const item = await escalate(tokens.first_line, { customerId: fixture.customers.bram.id, queue: 'second_line', priority: 'urgent', assignTo: fixture.agents.second_line.id, summary: 'Charged twice' });
    const byId = (payload: Record<string, unknown>) => payload.escalationId === item.id;
    expect((await assignee.waitFor('escalation.assigned', byId)).payload).toEqual({
      escalationId: item.id, customerId: fixture.customers.bram.id, customerName: 'Bram Jansen', queue: 'second_line', priority: 'urgent', summary: 'Charged twice',
      assignedTo: fixture.agents.second_line.id, createdBy: fixture.agents.first_line.id, createdByName: 'Agent first_line',
    });
    // The created event reaches every staff socket; once the bystander has it, it would have had the assignment too.
    await bystanderSocket.waitFor('escalation.created', byId);
    expect(bystanderSocket.has('escalation.assigned', byId)).toBe(false);

    const expertSocket = await listenTo(hub.url, tokens.expert);
    ok(await hub.call('POST', `/escalations/${item.id}/assign`, { token: tokens.team_lead, body: { queue: 'expert', assignTo: fixture.agents.expert.id } }), 'assign');
    expect((await expertSocket.waitFor('escalation.assigned', byId)).payload).toMatchObject({ queue: 'expert', assignedTo: fixture.agents.expert.id });
    const seen = ok(await hub.call('GET', `/escalations/${item.id}`, { token: tokens.expert }), 'expert reads').body;
    expect(seen).toMatchObject({ queue: 'expert', box: 'mine', status: 'open' });
    // No longer the second-line agent's: neither assigned to it nor in its queue.
    expect((await hub.call('GET', `/escalations/${item.id}`, { token: tokens.second_line })).status).toBe(403);
    for (const socket of [assignee, bystanderSocket, expertSocket]) socket.close();
  });
});

describe('SLA per priority', () => {
  it('dates each escalation\'s SLA from the hub setting for its priority; only leads change the setting', async () => {
    expect(ok(await hub.call('GET', '/settings/escalation-sla', { token: tokens.overflow }), 'sla').body).toEqual({ urgent: 30, high: 120, normal: 480, low: 1440 });
    const sla = { urgent: 15, high: 90, normal: 300, low: 2000 };
    const refused = await hub.call('PUT', '/settings/escalation-sla', { token: tokens.second_line, body: sla });
    expect(refused).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    ok(await hub.call('PUT', '/settings/escalation-sla', { token: tokens.team_lead, body: sla }), 'set sla');
    expect((await hub.call('GET', '/settings/escalation-sla', { token: tokens.first_line })).body).toEqual(sla);

    for (const priority of ['urgent', 'high', 'normal', 'low'] as const) {
      const item = await escalate(tokens.first_line, { customerId: fixture.customers.anna.id, queue: 'team_lead', priority });
      expect(item.priority).toBe(priority);
      expect(Date.parse(item.slaDueAt) - Date.parse(item.createdAt)).toBe(sla[priority] * 60_000);
    }
    const unsaid = await escalate(tokens.first_line, { customerId: fixture.customers.anna.id, queue: 'team_lead' });
    expect(unsaid.priority).toBe('normal');
    expect(Date.parse(unsaid.slaDueAt) - Date.parse(unsaid.createdAt)).toBe(300 * 60_000);
  });
});

describe('the inbox and the wall', () => {
  const inboxOf = async (token: string) => ok(await hub.call('GET', '/escalations/inbox', { token }), 'inbox').body;
  const boxOf = async (token: string, id: string) => (await inboxOf(token)).escalations.find((e: { id: string }) => e.id === id)?.box ?? null;

  it('puts an escalation in each role\'s box: created, my queue, mine once claimed, others\' for leads, nowhere for the rest', async () => {
    const { anna } = fixture.customers;
    const orderId = (await database.db.query<{ id: string }>('select id from shop_order where customer_id = $1', [anna.id]))[0]?.id;
    const item = await escalate(tokens.first_line, { customerId: anna.id, queue: 'expert', priority: 'high', orderId, summary: 'Dosage question' });
    expect(item).toMatchObject({ customerName: 'Anna de Vries', customerLanguage: 'nl', orderNumber: anna.order, createdBy: { id: fixture.agents.first_line.id }, replies: 0 });
    expect(await boxOf(tokens.first_line, item.id)).toBe('created');
    expect(await boxOf(tokens.expert, item.id)).toBe('queue');
    expect(await boxOf(tokens.team_lead, item.id)).toBe('other');
    expect(await boxOf(tokens.admin, item.id)).toBe('other');
    expect(await boxOf(tokens.second_line, item.id)).toBeNull();
    expect(await boxOf(tokens.overflow, item.id)).toBeNull();
    const queueCount = (await inboxOf(tokens.expert)).counts.queue;

    ok(await hub.call('POST', `/escalations/${item.id}/claim`, { token: tokens.expert }), 'claim');
    const expertInbox = await inboxOf(tokens.expert);
    expect(expertInbox.escalations.find((e: { id: string }) => e.id === item.id)).toMatchObject({ box: 'mine', status: 'claimed', assignedTo: { id: fixture.agents.expert.id } });
    expect(expertInbox.counts.queue).toBe(queueCount - 1);
    expect(expertInbox.counts.mine).toBeGreaterThanOrEqual(1);
    // Oldest first.
    const created = expertInbox.escalations.map((e: { createdAt: string }) => Date.parse(e.createdAt));
    expect(created).toEqual([...created].sort((a, b) => a - b));
  });

  it('keeps another first-line agent, a second-line agent of another queue and an overflow agent out of an escalation, by id, list and inbox, and answers a missing id alike', async () => {
    const other = await addAgent('first_line', 'Piet Other', ['nl']);
    const item = await escalate(tokens.first_line, { customerId: fixture.customers.anna.id, queue: 'expert', summary: 'Not for everyone' });
    for (const token of [other.token, tokens.second_line, tokens.overflow]) {
      expect(await hub.call('GET', `/escalations/${item.id}`, { token })).toMatchObject({ status: 403, body: { code: 'auth.forbidden', params: { reason: 'escalation.notVisible' } } });
      expect(await hub.call('GET', `/escalations/${uuidv7()}`, { token })).toMatchObject({ status: 403, body: { params: { reason: 'escalation.notVisible' } } });
      expect((await hub.call('GET', '/escalations', { token })).body.escalations.map((e: { id: string }) => e.id)).not.toContain(item.id);
      expect(await boxOf(token, item.id)).toBeNull();
      const reply = await hub.call('POST', `/escalations/${item.id}/reply`, { token, body: { id: uuidv7(), text: 'Let me see' } });
      expect(reply).toMatchObject({ status: 403, body: { params: { reason: 'escalation.notVisible' } } });
      const handoff = await hub.call('PUT', `/handoffs/${uuidv7()}`, {
        token, body: { escalationId: item.id, toAgentId: fixture.agents.expert.id, kind: 'blind', callId: 'x@loket.test', customerNumber: null },
      });
      expect(handoff).toMatchObject({ status: 403, body: { params: { reason: 'escalation.notVisible' } } });
    }
    const claim = await hub.call('POST', `/escalations/${item.id}/claim`, { token: tokens.second_line });
    expect(claim).toMatchObject({ status: 403, body: { params: { reason: 'escalation.notVisible' } } });
    expect(await database.db.query('select status, assigned_to from escalation where id = $1', [item.id])).toEqual([{ status: 'open', assigned_to: null }]);
    expect(await database.db.query('select 1 from interaction where escalation_id = $1', [item.id])).toHaveLength(0);
    expect(await database.db.query('select 1 from handoff where escalation_id = $1', [item.id])).toHaveLength(0);
    // Leads see every escalation: only for them a missing one is a 404.
    expect((await hub.call('GET', `/escalations/${item.id}`, { token: tokens.team_lead })).status).toBe(200);
    expect(await hub.call('GET', `/escalations/${uuidv7()}`, { token: tokens.team_lead })).toMatchObject({ status: 404, body: { code: 'not.found' } });
  });

  it('shows an overflow agent only the escalations it created', async () => {
    const { anna } = fixture.customers;
    ok(await hub.call('GET', `/customers/lookup?phone=${encodeURIComponent(anna.phone)}`, { token: tokens.overflow }), 'lookup');
    const own = await escalate(tokens.overflow, { customerId: anna.id, queue: 'second_line', summary: 'From the temp' });
    const inbox = await inboxOf(tokens.overflow);
    expect(inbox.escalations.map((e: { id: string }) => e.id)).toEqual([own.id]);
    expect(inbox.escalations[0].box).toBe('created');
    expect((await hub.call('GET', '/escalations', { token: tokens.overflow })).body.escalations.map((e: { id: string }) => e.id)).toEqual([own.id]);
  });
});

describe('claim, reply, hand back, resolve', () => {
  it('tells the right consoles at each step, keeps the replies in the customer\'s history, and lets only the one working on it resolve', async () => {
    const { anna } = fixture.customers;
    const creator = await listenTo(hub.url, tokens.first_line);
    const expertSocket = await listenTo(hub.url, tokens.expert);
    const item = await escalate(tokens.first_line, { customerId: anna.id, queue: 'expert', summary: 'Allergic to the capsules?' });
    const byId = (payload: Record<string, unknown>) => payload.escalationId === item.id;
    await expertSocket.waitFor('escalation.created', byId);

    // Not claimed yet: a queue agent may not resolve it (it is not theirs yet).
    expect(await hub.call('POST', `/escalations/${item.id}/resolve`, { token: tokens.expert, body: { outcome: 'solved', resolution: 'x' } })).toMatchObject({
      status: 403, body: { params: { reason: 'escalation.notYours' } },
    });
    ok(await hub.call('POST', `/escalations/${item.id}/claim`, { token: tokens.expert }), 'claim');
    expect((await creator.waitFor('escalation.claimed', byId)).payload).toMatchObject({ claimedBy: fixture.agents.expert.id, createdBy: fixture.agents.first_line.id });

    const replyId = uuidv7();
    const detail = ok(await hub.call('POST', `/escalations/${item.id}/reply`, { token: tokens.expert, body: { id: replyId, text: 'Take them with food.' } }), 'reply').body;
    expect(detail.thread).toEqual([expect.objectContaining({ id: replyId, authorId: fixture.agents.expert.id, authorName: 'Agent expert', text: 'Take them with food.' })]);
    expect((await creator.waitFor('escalation.replied', byId)).payload).toMatchObject({ interactionId: replyId, by: fixture.agents.expert.id, byName: 'Agent expert', to: fixture.agents.first_line.id });
    await creator.waitFor('interaction.saved', (p) => p.interactionId === replyId);
    // The same reply again is harmless; another text under its id is refused.
    ok(await hub.call('POST', `/escalations/${item.id}/reply`, { token: tokens.expert, body: { id: replyId, text: 'Take them with food.' } }), 'repeat');
    expect((await hub.call('POST', `/escalations/${item.id}/reply`, { token: tokens.expert, body: { id: replyId, text: 'Other' } })).status).toBe(422);
    // In the customer's history, for the timeline and every console's sync.
    const timeline = ok(await hub.call('GET', `/customers/${anna.id}/timeline`, { token: tokens.first_line }), 'timeline').body;
    expect(JSON.stringify(timeline)).toContain('Take them with food.');
    const sync = ok(await hub.call('GET', '/sync?since=0&limit=5000', { token: tokens.first_line }), 'sync').body;
    expect(sync.changes.find((c: { entity: string; row: { id: string } }) => c.entity === 'interaction' && c.row.id === replyId)?.row).toMatchObject({
      escalation_id: item.id, channel: 'note', direction: 'internal', customer_id: anna.id,
    });

    const answer = uuidv7();
    ok(await hub.call('POST', `/escalations/${item.id}/reply`, { token: tokens.first_line, body: { id: answer, text: 'She says it is fine.' } }), 'creator reply');
    expect((await expertSocket.waitFor('escalation.replied', (p) => p.interactionId === answer)).payload.to).toBe(fixture.agents.expert.id);

    // A first-line colleague who only sees it as its creator may not hand it back; the claimer may.
    expect((await hub.call('POST', `/escalations/${item.id}/hand-back`, { token: tokens.first_line, body: {} })).body).toMatchObject({ params: { reason: 'escalation.notYours' } });
    const back = ok(await hub.call('POST', `/escalations/${item.id}/hand-back`, { token: tokens.expert, body: { note: 'Needs a pharmacist' } }), 'hand back').body;
    expect(back).toMatchObject({ status: 'open', assignedTo: null, replies: 3 });
    expect((await creator.waitFor('escalation.handedBack', byId)).payload).toMatchObject({ by: fixture.agents.expert.id, note: 'Needs a pharmacist' });

    ok(await hub.call('POST', `/escalations/${item.id}/claim`, { token: tokens.expert }), 'claim again');
    const resolved = ok(await hub.call('POST', `/escalations/${item.id}/resolve`, { token: tokens.expert, body: { outcome: 'replacement', resolution: 'New capsules sent' } }), 'resolve').body;
    expect(resolved).toMatchObject({ status: 'resolved', outcome: 'replacement', resolution: 'New capsules sent' });
    expect((await creator.waitFor('escalation.resolved', byId)).payload).toMatchObject({ resolvedBy: fixture.agents.expert.id, createdBy: fixture.agents.first_line.id, outcome: 'replacement' });
    const thread = ok(await hub.call('GET', `/escalations/${item.id}`, { token: tokens.first_line }), 'detail').body.thread;
    expect(thread.map((t: { text: string }) => t.text)).toEqual(['Take them with food.', 'She says it is fine.', 'Needs a pharmacist']);
    // Resolved ones of the last day stay in the inbox of those who worked on them.
    expect((await hub.call('GET', '/escalations/inbox', { token: tokens.expert })).body.escalations.find((e: { id: string }) => e.id === item.id)).toMatchObject({ status: 'resolved', box: 'mine' });
    creator.close();
    expertSocket.close();
  });

  it('sends an overflow creator its own copies: its escalation created, replied to and resolved', async () => {
    const { bram } = fixture.customers;
    ok(await hub.call('GET', `/customers/lookup?phone=${encodeURIComponent(bram.phone)}`, { token: tokens.overflow }), 'lookup');
    const temp = await listenTo(hub.url, tokens.overflow);
    const item = await escalate(tokens.overflow, { customerId: bram.id, queue: 'second_line', summary: 'Refund for the temp' });
    const byId = (payload: Record<string, unknown>) => payload.escalationId === item.id;
    await temp.waitFor('escalation.created', byId);
    ok(await hub.call('POST', `/escalations/${item.id}/claim`, { token: tokens.second_line }), 'claim');
    ok(await hub.call('POST', `/escalations/${item.id}/reply`, { token: tokens.second_line, body: { id: uuidv7(), text: 'Refund is on its way' } }), 'reply');
    expect((await temp.waitFor('escalation.replied', byId)).payload.to).toBe(fixture.agents.overflow.id);
    ok(await hub.call('POST', `/escalations/${item.id}/resolve`, { token: tokens.second_line, body: { outcome: 'refund', resolution: 'Refunded' } }), 'resolve');
    await temp.waitFor('escalation.resolved', byId);
    // Only its own: nothing about escalations it did not create.
    expect(temp.received.every((e) => e.kind !== 'escalation.created' || e.payload.createdBy === fixture.agents.overflow.id)).toBe(true);
    temp.close();
  });
});
