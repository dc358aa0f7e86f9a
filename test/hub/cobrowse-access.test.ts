import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { INGEST_KEY, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { agentSocket, consentingPage, customerSocket, joinByCode, openRecording, PAGE, sessionRow, startSession, until } from '../support/cobrowse-sockets.ts';

// Who may take part in a co-browse session: only the agent who asked joins, reads or ends it — a
// colleague, a team lead and an admin are refused on the socket and on REST alike; an overflow
// agent starts only for customers it was given; signing out ends the socket and the session; a
// customer's doorbell hears only about its own customer, and nothing before an agent asks.

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
const tokens = {} as Record<'first_line' | 'second_line' | 'team_lead' | 'admin' | 'overflow', string>;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  for (const role of ['first_line', 'second_line', 'team_lead', 'admin', 'overflow'] as const) tokens[role] = await hub.login(fixture.agents[role].email);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

const visitorToken = async (customer: { email?: string; phone?: string }) => {
  const answer = await hub.call('POST', '/cobrowse/visitor-tokens', { headers: { 'x-ingest-key': INGEST_KEY }, body: { customer } });
  return answer;
};

describe('co-browse access', () => {
  it('lets nobody but the asking agent join, read or end a session: a colleague, a team lead and an admin are refused, as for a missing id', async () => {
    const session = await startSession(hub, tokens.first_line, fixture.customers.anna.id);
    const ticket = await joinByCode(hub, session.code);
    const page = await consentingPage(hub, session.id, ticket.customerKey);
    for (const role of ['second_line', 'team_lead', 'admin', 'overflow'] as const) {
      const intruder = await agentSocket(hub, session.id, tokens[role]);
      expect(await intruder.waitClosed(), role).toEqual({ code: 4401, reason: 'cobrowse.notYours' });
      expect(intruder.frames, role).toEqual([]);
      for (const [method, path] of [['GET', `/cobrowse/sessions/${session.id}`], ['POST', `/cobrowse/sessions/${session.id}/end`], ['GET', `/cobrowse/sessions/${randomUUID()}`]] as const) {
        expect(await hub.call(method, path, { token: tokens[role] }), `${role} ${method} ${path}`).toEqual({ status: 403, body: { code: 'auth.forbidden', params: { reason: 'cobrowse.notYours' } } });
      }
    }
    // No token, or a forged one: refused before anything is looked up.
    const anonymous = await agentSocket(hub, session.id, 'not-a-token');
    expect((await anonymous.waitClosed()).code).toBe(4401);
    // The page never heard of any of them, and the session goes on for its agent.
    expect(page.messages().map((m) => m['t'])).toEqual(['live']);
    expect(await hub.call('GET', `/cobrowse/sessions/${session.id}`, { token: tokens.first_line })).toMatchObject({ status: 200, body: { state: 'live', code: null } });
    const own = await agentSocket(hub, session.id, tokens.first_line);
    await own.waitFor((m) => m['t'] === 'state' && m['state'] === 'live', 'the agent’s own join');
    own.send({ t: 'end' });
    await page.waitClosed();
  });

  it('shows leads every session’s metadata in the audit list, others only their own, and never a code', async () => {
    const session = await startSession(hub, tokens.first_line, fixture.customers.bram.id);
    const lead = await hub.call('GET', `/cobrowse/sessions?customerId=${fixture.customers.bram.id}`, { token: tokens.team_lead });
    expect(lead.status).toBe(200);
    expect(lead.body.sessions).toContainEqual(expect.objectContaining({ id: session.id, agentId: fixture.agents.first_line.id, agentName: 'Agent first_line', code: null }));
    const colleague = await hub.call('GET', '/cobrowse/sessions', { token: tokens.second_line });
    expect(colleague.body.sessions.map((s: { id: string }) => s.id)).not.toContain(session.id);
    await hub.call('POST', `/cobrowse/sessions/${session.id}/end`, { token: tokens.first_line });
  });

  it('refuses an overflow agent a session with a customer it was not given', async () => {
    const answer = await hub.call('POST', '/cobrowse/sessions', { token: tokens.overflow, body: { id: randomUUID(), customerId: fixture.customers.anna.id } });
    expect(answer).toEqual({ status: 403, body: { code: 'auth.forbidden', params: { reason: 'customer.notGranted' } } });
    const [row] = await database.db.query('select count(*)::int as n from cobrowse_session where agent_id = $1', [fixture.agents.overflow.id]);
    expect(row).toEqual({ n: 0 });
  });

  it('ends the agent socket (4401) and the session (agent_signed_out) when the agent signs out', async () => {
    const login = await hub.call('POST', '/auth/login', { body: { email: fixture.agents.expert.email, password: 'correct horse battery staple' } });
    const { accessToken, refreshToken } = login.body as { accessToken: string; refreshToken: string };
    const session = await startSession(hub, accessToken, fixture.customers.anna.id);
    const agent = await agentSocket(hub, session.id, accessToken);
    const ticket = await joinByCode(hub, session.code);
    const page = await consentingPage(hub, session.id, ticket.customerKey);
    expect((await hub.call('POST', '/auth/logout', { token: accessToken, body: { refreshToken } })).status).toBeLessThan(300);
    expect(await agent.waitClosed()).toEqual({ code: 4401, reason: 'auth.revoked' });
    expect(await page.waitFor((m) => m['t'] === 'ended', 'the page told')).toEqual({ t: 'ended', reason: 'agent_signed_out' });
    await until(async () => (await sessionRow(hub, session.id))['end_reason'] === 'agent_signed_out', 'the session to end agent_signed_out');
  });

  it('one session per agent: starting another ends the previous one (agent_ended), and a repeat of the same id answers the same code', async () => {
    const first = await startSession(hub, tokens.second_line, fixture.customers.anna.id);
    const agent = await agentSocket(hub, first.id, tokens.second_line);
    const body = { id: randomUUID(), customerId: fixture.customers.bram.id };
    const second = await hub.call('POST', '/cobrowse/sessions', { token: tokens.second_line, body });
    expect(await hub.call('POST', '/cobrowse/sessions', { token: tokens.second_line, body })).toMatchObject({ status: 200, body: { id: body.id, code: second.body.code } });
    expect(await agent.waitFor((m) => m['t'] === 'ended', 'the first ended')).toEqual({ t: 'ended', reason: 'agent_ended' });
    expect((await hub.call('POST', '/cobrowse/sessions', { token: tokens.first_line, body })).status).toBe(409);
    await hub.call('POST', `/cobrowse/sessions/${body.id}/end`, { token: tokens.second_line });
  });
});

describe('co-browse doorbell', () => {
  it('mints visitor tokens for known customers only, with the ingest key only', async () => {
    expect(await visitorToken({ email: 'nobody@example.org' })).toEqual({ status: 404, body: { code: 'cobrowse.customerUnknown', params: {} } });
    expect((await hub.call('POST', '/cobrowse/visitor-tokens', { body: { customer: { email: fixture.customers.anna.email } } })).status).toBe(401);
    expect((await visitorToken({ phone: fixture.customers.bram.phone })).status).toBe(200);
  });

  it('tells a page about requests for its own customer only, nothing before, and closes the prompt once it went live', async () => {
    const annaToken = (await visitorToken({ email: fixture.customers.anna.email })).body.token as string;
    const bramToken = (await visitorToken({ phone: fixture.customers.bram.phone })).body.token as string;
    const annaPage = await openRecording(hub, '/cobrowse/ws/visitor');
    annaPage.send({ t: 'visitor', token: annaToken });
    const bramPage = await openRecording(hub, '/cobrowse/ws/visitor');
    bramPage.send({ t: 'visitor', token: bramToken });
    // An agent's access token is no visitor token.
    const impostor = await openRecording(hub, '/cobrowse/ws/visitor');
    impostor.send({ t: 'visitor', token: tokens.first_line });
    expect(await impostor.waitClosed()).toEqual({ code: 4401, reason: 'auth.required' });
    await until(async () => (await database.db.query('select 1 from cobrowse_doorbell')).length === 2, 'both doorbells registered');
    expect([...annaPage.frames, ...bramPage.frames]).toEqual([]);

    const session = await startSession(hub, tokens.first_line, fixture.customers.anna.id);
    expect(session.pageOnline).toBe(true);
    const request = await annaPage.waitFor((m) => m['t'] === 'request', 'the request');
    expect(request).toMatchObject({ t: 'request', sessionId: session.id, agentName: 'Agent' });
    // The pushed key opens the session socket without a code.
    const page = await consentingPage(hub, session.id, String(request['customerKey']));
    await annaPage.waitFor((m) => m['t'] === 'request.closed', 'request.closed');
    expect(bramPage.frames).toEqual([]);
    page.send({ t: 'end' });
    await page.waitClosed();

    annaPage.ws.close();
    bramPage.ws.close();
    await until(async () => (await database.db.query('select 1 from cobrowse_doorbell')).length === 0, 'the doorbells gone');
    const offline = await startSession(hub, tokens.first_line, fixture.customers.anna.id);
    expect(offline.pageOnline).toBe(false);
    const stranger = await customerSocket(hub, offline.id);
    stranger.send({ t: 'hello', key: 'guessed-key', consent: true, page: PAGE });
    expect(await stranger.waitClosed()).toEqual({ code: 4401, reason: 'auth.required' });
  });
});
