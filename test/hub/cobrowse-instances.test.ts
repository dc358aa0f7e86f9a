import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/hub-db.ts';
import { INGEST_KEY, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { agentSocket, consentingPage, joinByCode, openRecording, startSession, until } from '../support/cobrowse-sockets.ts';

// Two hub instances on one PostgreSQL: the customer's doorbell is connected to one, the agent
// asks through the other, and the request still reaches the page; a session ended through the
// instance without its sockets is closed on the one that holds them; an instance starting ends
// only sessions no running instance holds.

let database: TestDatabase;
let one: RunningHub;
let two: RunningHub;
let fixture: Fixture;

describe.skipIf(testDatabaseKind() !== 'postgres')('co-browse across hub instances (postgres only: NOTIFY between instances)', () => {
  beforeAll(async () => {
    database = await openTestDatabase();
    fixture = await seedFixture(database.db);
    // Both start before any session exists: a starting instance ends unended sessions.
    one = await startHub(database.db);
    two = await startHub(database.db);
  });

  afterAll(async () => {
    await one?.close();
    await two?.close();
    await database?.close();
  });

  it('rings a doorbell held by the other instance, and ends sockets held by the other instance', async () => {
    const visitor = await two.call('POST', '/cobrowse/visitor-tokens', { headers: { 'x-ingest-key': INGEST_KEY }, body: { customer: { email: fixture.customers.anna.email } } });
    const doorbell = await openRecording(two, '/cobrowse/ws/visitor');
    doorbell.send({ t: 'visitor', token: visitor.body.token });
    await until(async () => (await database.db.query('select 1 from cobrowse_doorbell')).length === 1, 'the doorbell registered');

    const token = await one.login(fixture.agents.first_line.email);
    const session = await startSession(one, token, fixture.customers.anna.id);
    expect(session.pageOnline).toBe(true);
    expect(await doorbell.waitFor((m) => m['t'] === 'request', 'the request via the other instance')).toMatchObject({ sessionId: session.id });

    // The session's sockets on instance two (the load balancer routes by session), the end via one.
    const agent = await agentSocket(two, session.id, token);
    const page = await consentingPage(two, session.id, (await joinByCode(one, session.code)).customerKey);
    await agent.waitFor((m) => m['t'] === 'state' && m['state'] === 'live', 'live');
    // A third instance starting (a rolling restart) leaves sessions of running instances alone.
    const three = await startHub(database.db);
    await three.close();
    expect((await one.call('GET', `/cobrowse/sessions/${session.id}`, { token })).body).toMatchObject({ state: 'live' });
    expect(agent.closed).toBeNull();
    expect((await one.call('POST', `/cobrowse/sessions/${session.id}/end`, { token })).body).toMatchObject({ state: 'ended', endReason: 'agent_ended' });
    expect(await page.waitClosed()).toEqual({ code: 4000, reason: 'agent_ended' });
    expect(await agent.waitClosed()).toEqual({ code: 4000, reason: 'agent_ended' });
    doorbell.ws.close();
  });
});
