import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { agentSocket, consentingPage, eventsFrame, joinByCode, sessionRow, startSession, until, type RecordingSocket } from '../support/cobrowse-sockets.ts';

// Co-browse limits: an oversize frame and a flooding page or agent are cut off with the reason,
// the session ends with it, and the hub keeps answering (health, other sessions relay on).

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
const tokens = {} as Record<'first_line' | 'second_line' | 'expert', string>;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db, { cobrowse: { limits: { customerFrames: 200, agentFrames: 100, customerBytes: 2 * 1024 * 1024 } } });
  for (const role of ['first_line', 'second_line', 'expert'] as const) tokens[role] = await hub.login(fixture.agents[role].email);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

async function liveSession(role: keyof typeof tokens): Promise<{ id: string; agent: RecordingSocket; page: RecordingSocket }> {
  const session = await startSession(hub, tokens[role], fixture.customers.anna.id);
  const agent = await agentSocket(hub, session.id, tokens[role]);
  const ticket = await joinByCode(hub, session.code);
  const page = await consentingPage(hub, session.id, ticket.customerKey);
  await agent.waitFor((m) => m['t'] === 'state' && m['state'] === 'live', 'live');
  return { id: session.id, agent, page };
}

/** Another session keeps relaying and the hub answers /health while one is cut off. */
async function expectHubStillServes(bystander: { agent: RecordingSocket; page: RecordingSocket }, marker: string): Promise<void> {
  expect(await hub.call('GET', '/health')).toMatchObject({ status: 200, body: { ok: true } });
  bystander.page.ws.send(eventsFrame(marker));
  await until(() => bystander.agent.frames.some((f) => f.includes(marker)), `the bystander’s ${marker}`);
}

describe('co-browse limits', () => {
  it('cuts off a page that sends a frame over 64 KB: the session ends too_large and the hub serves on', async () => {
    const bystander = await liveSession('second_line');
    const { id, agent, page } = await liveSession('first_line');
    page.ws.send(JSON.stringify({ t: 'ev', e: [{ type: 3, timestamp: 1, data: { text: 'x'.repeat(70 * 1024) } }] }));
    expect((await page.waitClosed()).code).toBe(1009);
    expect(await agent.waitFor((m) => m['t'] === 'ended', 'too_large')).toEqual({ t: 'ended', reason: 'too_large' });
    expect(agent.frames.some((f) => f.includes('xxxxxxxx'))).toBe(false);
    expect((await sessionRow(hub, id))['end_reason']).toBe('too_large');
    await expectHubStillServes(bystander, 'after-oversize');
    bystander.agent.send({ t: 'end' });
  });

  it('cuts off a flooding page with 4008 cobrowse.rateLimited: the session ends rate_limited', async () => {
    const bystander = await liveSession('second_line');
    const { id, agent, page } = await liveSession('first_line');
    for (let i = 0; i < 400 && page.ws.readyState === page.ws.OPEN; i += 1) page.ws.send(eventsFrame(`flood-${i}`));
    expect(await page.waitClosed()).toEqual({ code: 4008, reason: 'cobrowse.rateLimited' });
    expect(await agent.waitFor((m) => m['t'] === 'ended', 'rate_limited')).toEqual({ t: 'ended', reason: 'rate_limited' });
    // What passed before the cut went through; nothing past the limit did.
    expect(agent.frames.filter((f) => f.includes('flood-')).length).toBeLessThanOrEqual(200);
    expect((await sessionRow(hub, id))['end_reason']).toBe('rate_limited');
    await expectHubStillServes(bystander, 'after-page-flood');
    bystander.agent.send({ t: 'end' });
  });

  it('cuts off a flooding agent the same way', async () => {
    const bystander = await liveSession('second_line');
    const { id, agent, page } = await liveSession('expert');
    for (let i = 0; i < 300 && agent.ws.readyState === agent.ws.OPEN; i += 1) agent.send({ t: 'pointer', x: i, y: i });
    expect(await agent.waitClosed()).toEqual({ code: 4008, reason: 'cobrowse.rateLimited' });
    expect(await page.waitFor((m) => m['t'] === 'ended', 'rate_limited')).toEqual({ t: 'ended', reason: 'rate_limited' });
    expect(page.messages().filter((m) => m['t'] === 'pointer').length).toBeLessThanOrEqual(100);
    expect((await sessionRow(hub, id))['end_reason']).toBe('rate_limited');
    await expectHubStillServes(bystander, 'after-agent-flood');
    bystander.agent.send({ t: 'end' });
  });

  it('closes a socket that breaks the protocol with 4400 cobrowse.protocol (protocol_error), and relays none of it', async () => {
    const { id, agent, page } = await liveSession('first_line');
    agent.send({ t: 'act', a: 'type', text: 'rm -rf' });
    expect(await agent.waitClosed()).toEqual({ code: 4400, reason: 'cobrowse.protocol' });
    expect(await page.waitFor((m) => m['t'] === 'ended', 'protocol_error')).toEqual({ t: 'ended', reason: 'protocol_error' });
    expect(page.frames.join('')).not.toContain('rm -rf');
    expect((await sessionRow(hub, id))['end_reason']).toBe('protocol_error');
  });
});
