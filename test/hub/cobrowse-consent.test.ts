import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { agentSocket, consentingPage, customerSocket, eventsFrame, joinByCode, PAGE, sessionRow, startSession, until } from '../support/cobrowse-sockets.ts';

// Co-browse consent and the session's life at the hub: nothing is relayed before the customer
// consents; a code works once and expires; a page that navigates resumes; either side ends it;
// the audit row keeps the times and the reason.

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
let token: string;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db, { cobrowse: { awayGraceMs: 1_500 } });
  token = await hub.login(fixture.agents.first_line.email);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

describe('co-browse consent', () => {
  it('relays nothing before consent: page content sent before live closes the socket 4403 and the agent gets none of it', async () => {
    const session = await startSession(hub, token, fixture.customers.anna.id);
    const agent = await agentSocket(hub, session.id, token);
    await agent.waitFor((m) => m['t'] === 'state' && m['state'] === 'requested', 'the requested state');
    const ticket = await joinByCode(hub, session.code);
    const customer = await customerSocket(hub, session.id);
    customer.send(eventsFrame('before-consent-secret'));
    expect(await customer.waitClosed()).toEqual({ code: 4403, reason: 'cobrowse.noConsent' });
    // The same page, asked properly, streams: the agent gets what comes after `live` only.
    const page = await consentingPage(hub, session.id, ticket.customerKey);
    const sent = eventsFrame('after-consent');
    page.ws.send(sent);
    await until(() => agent.frames.some((f) => f.includes('after-consent')), 'the relayed frame');
    expect(agent.frames.join('\n')).not.toContain('before-consent-secret');
    // Relayed verbatim: the very text the page sent.
    expect(agent.frames).toContain(sent);
    agent.ws.close();
    page.ws.close();
  });

  it('a declined prompt ends the session customer_declined and tells the agent', async () => {
    const session = await startSession(hub, token, fixture.customers.anna.id);
    const agent = await agentSocket(hub, session.id, token);
    const ticket = await joinByCode(hub, session.code);
    const customer = await customerSocket(hub, session.id);
    customer.send({ t: 'hello', key: ticket.customerKey, consent: false, page: PAGE });
    expect(await agent.waitFor((m) => m['t'] === 'ended', 'ended')).toEqual({ t: 'ended', reason: 'customer_declined' });
    expect(await agent.waitClosed()).toEqual({ code: 4000, reason: 'customer_declined' });
    expect((await sessionRow(hub, session.id))['end_reason']).toBe('customer_declined');
  });

  it('takes a code once: a second join, a wrong code and an expired code get the same 404', async () => {
    const session = await startSession(hub, token, fixture.customers.anna.id);
    const first = await joinByCode(hub, session.code);
    expect(first).toMatchObject({ sessionId: session.id, agentName: 'Agent' });
    expect(first.customerKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await hub.call('POST', '/cobrowse/join', { body: { code: session.code } });
    expect(again).toEqual({ status: 404, body: { code: 'cobrowse.codeUnknown', params: {} } });
    const wrong = String((Number(session.code) + 1) % 1_000_000).padStart(6, '0');
    expect((await hub.call('POST', '/cobrowse/join', { body: { code: wrong } })).status).toBe(404);
    expect((await hub.call('POST', '/cobrowse/join', { body: { code: '12345' } })).status).toBe(400);
  });

  it('expires a code nobody used: the session ends code_expired and its code no longer joins', async () => {
    const shortLived = await startHub(database.db, { cobrowse: { codeTtlMs: 300 } });
    try {
      const lead = await shortLived.login(fixture.agents.second_line.email);
      const session = await startSession(shortLived, lead, fixture.customers.bram.id);
      const agent = await agentSocket(shortLived, session.id, lead);
      expect(await agent.waitFor((m) => m['t'] === 'ended', 'the expiry')).toEqual({ t: 'ended', reason: 'code_expired' });
      expect((await shortLived.call('POST', '/cobrowse/join', { body: { code: session.code } })).status).toBe(404);
      expect(await shortLived.call('GET', `/cobrowse/sessions/${session.id}`, { token: lead })).toMatchObject({ status: 200, body: { state: 'ended', endReason: 'code_expired', code: null } });
    } finally {
      await shortLived.close();
    }
  });

  it('resumes a page that navigated: away, then live again on the next page, and the agent’s snapshot request reaches it', async () => {
    const session = await startSession(hub, token, fixture.customers.anna.id);
    const agent = await agentSocket(hub, session.id, token);
    const ticket = await joinByCode(hub, session.code);
    const first = await consentingPage(hub, session.id, ticket.customerKey);
    await agent.waitFor((m) => m['t'] === 'state' && m['state'] === 'live', 'live');
    first.ws.close();
    await agent.waitFor((m) => m['t'] === 'state' && m['state'] === 'away', 'away');
    const next = await consentingPage(hub, session.id, ticket.customerKey, { ...PAGE, url: 'https://shop.example/thanks', title: 'Thanks' });
    const states = () => agent.messages().filter((m) => m['t'] === 'state');
    await until(() => states().at(-1)?.['state'] === 'live', 'live again');
    expect(states().at(-1)).toMatchObject({ page: { url: 'https://shop.example/thanks', title: 'Thanks' } });
    agent.send({ t: 'snapshot' });
    await next.waitFor((m) => m['t'] === 'snapshot', 'the snapshot request');
    next.ws.send(eventsFrame('second-page'));
    await until(() => agent.frames.some((f) => f.includes('second-page')), 'the second page’s frames');
    expect((await sessionRow(hub, session.id))['pages']).toBe(2);
    // A page that does not come back within the grace ends it.
    next.ws.close();
    expect(await agent.waitFor((m) => m['t'] === 'ended', 'customer_left')).toEqual({ t: 'ended', reason: 'customer_left' });
  });

  it('asks for a fresh full snapshot when the agent (re)joins a live session', async () => {
    const session = await startSession(hub, token, fixture.customers.anna.id);
    const ticket = await joinByCode(hub, session.code);
    const page = await consentingPage(hub, session.id, ticket.customerKey);
    const agent = await agentSocket(hub, session.id, token);
    await page.waitFor((m) => m['t'] === 'snapshot', 'a snapshot request on join');
    agent.ws.close();
    await agentSocket(hub, session.id, token);
    await until(() => page.messages().filter((m) => m['t'] === 'snapshot').length === 2, 'a second snapshot request on rejoin');
    page.send({ t: 'end' });
    await page.waitClosed();
  });

  it('ends from either side, refuses frames afterwards, and keeps consent, control and end in the audit row', async () => {
    const session = await startSession(hub, token, fixture.customers.anna.id);
    const agent = await agentSocket(hub, session.id, token);
    const ticket = await joinByCode(hub, session.code);
    const page = await consentingPage(hub, session.id, ticket.customerKey);
    agent.send({ t: 'act', a: 'click', x: 10, y: 10 });
    agent.send({ t: 'control.request' });
    await page.waitFor((m) => m['t'] === 'control.request', 'the control request');
    expect(page.messages().some((m) => m['t'] === 'act')).toBe(false); // dropped: no control yet
    page.send({ t: 'control', state: 'on' });
    await agent.waitFor((m) => m['t'] === 'state' && m['control'] === 'on', 'control on');
    agent.send({ t: 'act', a: 'click', x: 20, y: 30 });
    await page.waitFor((m) => m['t'] === 'act', 'the relayed act');
    page.send({ t: 'control', state: 'off' });
    await agent.waitFor((m) => m['t'] === 'state' && m['control'] === 'off', 'control off');
    const view = await hub.call('POST', `/cobrowse/sessions/${session.id}/end`, { token });
    expect(view).toMatchObject({ status: 200, body: { state: 'ended', endReason: 'agent_ended' } });
    expect(await page.waitClosed()).toEqual({ code: 4000, reason: 'agent_ended' });
    expect(await agent.waitClosed()).toEqual({ code: 4000, reason: 'agent_ended' });
    // An ended session takes no page any more.
    const late = await customerSocket(hub, session.id);
    late.send({ t: 'hello', key: ticket.customerKey, consent: true, page: PAGE });
    expect((await late.waitClosed()).code).toBe(4000);
    const row = await sessionRow(hub, session.id);
    for (const column of ['consent_at', 'control_requested_at', 'control_granted_at', 'control_revoked_at', 'ended_at']) expect(row[column], column).toBeInstanceOf(Date);
    expect(row).toMatchObject({ state: 'ended', end_reason: 'agent_ended', pages: 1, code: null });
    await until(async () => Number((await sessionRow(hub, session.id))['bytes_in']) > 0, 'the wire bytes counted');
    const audit = await database.db.query<{ action: string }>(`select action from audit_log where action like 'cobrowse.%' and detail->>'sessionId' = $1 order by id`, [session.id]);
    expect(audit.map((a) => a.action)).toEqual(['cobrowse.start', 'cobrowse.end']);
  });

  it('ends a session nothing passes on for the idle time, and it refuses frames afterwards', async () => {
    const quiet = await startHub(database.db, { cobrowse: { idleMs: 400 } });
    try {
      const agentToken = await quiet.login(fixture.agents.expert.email);
      const session = await startSession(quiet, agentToken, fixture.customers.bram.id);
      const agent = await agentSocket(quiet, session.id, agentToken);
      const ticket = await joinByCode(quiet, session.code);
      const page = await consentingPage(quiet, session.id, ticket.customerKey);
      expect(await agent.waitFor((m) => m['t'] === 'ended', 'idle')).toEqual({ t: 'ended', reason: 'idle' });
      expect(await page.waitClosed()).toEqual({ code: 4000, reason: 'idle' });
      const again = await customerSocket(quiet, session.id);
      again.send({ t: 'hello', key: ticket.customerKey, consent: true, page: PAGE });
      expect(await again.waitClosed()).toEqual({ code: 4000, reason: 'idle' });
    } finally {
      await quiet.close();
    }
  });
});
