import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { agentSocket, customerSocket, joinByCode, PAGE, startSession, until } from '../support/cobrowse-sockets.ts';

// The co-browse heartbeat: the hub pings, a page whose browser answers stays connected while it
// sends nothing of its own, and a page that stopped answering (its network vanished) is cut off,
// so the agent sees it away instead of a frozen view. An agent whose socket stays gone past its
// grace ends the session (`agent_left`): the page is not left streaming to nobody.

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  // Two seconds between pings: a test process on a busy machine answers well within one.
  hub = await startHub(database.db, { cobrowse: { pingMs: 2_000, agentGraceMs: 600 } });
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

describe('co-browse heartbeat', () => {
  it('keeps an idle page that answers pings, and terminates one that stopped answering (the agent sees it away)', async () => {
    const token = await hub.login(fixture.agents.first_line.email);
    const session = await startSession(hub, token, fixture.customers.anna.id);
    const agent = await agentSocket(hub, session.id, token);
    const ticket = await joinByCode(hub, session.code);
    const quiet = await customerSocket(hub, session.id);
    let pings = 0;
    quiet.ws.on('ping', () => (pings += 1));
    quiet.send({ t: 'hello', key: ticket.customerKey, consent: true, page: PAGE });
    await quiet.waitFor((m) => m['t'] === 'live', 'live');
    await until(() => pings >= 2, 'two pings answered');
    expect(quiet.closed).toBeNull();

    // The same page again, now on a socket whose browser does not answer pings.
    const silent = await customerSocket(hub, session.id, { autoPong: false });
    silent.send({ t: 'hello', key: ticket.customerKey, consent: true, page: PAGE });
    await silent.waitFor((m) => m['t'] === 'live', 'live');
    await silent.waitClosed();
    expect(silent.closed?.code).toBe(1006); // terminated, no close frame
    await agent.waitFor((m) => m['t'] === 'state' && m['state'] === 'away', 'away');
    agent.send({ t: 'end' });
    await agent.waitClosed();
  });

  it('ends the session agent_left when the agent’s socket stays away past its grace, and tells the page', async () => {
    const token = await hub.login(fixture.agents.second_line.email);
    const session = await startSession(hub, token, fixture.customers.bram.id);
    const agent = await agentSocket(hub, session.id, token);
    const page = await customerSocket(hub, session.id);
    page.send({ t: 'hello', key: (await joinByCode(hub, session.code)).customerKey, consent: true, page: PAGE });
    await page.waitFor((m) => m['t'] === 'live', 'live');
    agent.ws.close();
    expect(await page.waitFor((m) => m['t'] === 'ended', 'agent_left')).toEqual({ t: 'ended', reason: 'agent_left' });
    expect(await page.waitClosed()).toEqual({ code: 4000, reason: 'agent_left' });
  });
});
