import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CobrowseStartResponse, CobrowseStatus } from '../../common/contract/cobrowse.ts';
import type { EventName } from '../../common/contract/contract.ts';
import type { Services } from '../../main/services.ts';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { startCuttableRelay } from '../support/cuttable-relay.ts';
import { InProcessConsoles } from '../support/in-process-console.ts';
import { request, until } from '../support/services-requests.ts';

// The console's main process holding a co-browse session against a real hub (PGlite): main's
// services as the renderer reaches them (dispatcher + events), and a fake customer page — a plain
// `ws` client speaking the wire protocol — on the other side.

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
const consoles = new InProcessConsoles();
const customers: FakeCustomer[] = [];

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  hub = await startHub(db);
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

afterEach(async () => {
  for (const customer of customers.splice(0)) customer.ws.terminate();
  await consoles.disposeAll();
});

/** What main sent the page: every event, in order (a "renderer" subscribed to the event hub). */
function listen(services: Services): { events: { name: EventName; payload: unknown }[]; stop: () => void } {
  const events: { name: EventName; payload: unknown }[] = [];
  const stop = services.events.subscribe((name, payload) => events.push({ name, payload }));
  return { events, stop };
}
const statuses = (events: { name: EventName; payload: unknown }[]) => events.filter((e) => e.name === 'cobrowse.status').map((e) => e.payload as CobrowseStatus);
const frames = (events: { name: EventName; payload: unknown }[]) => events.filter((e) => e.name === 'cobrowse.frame').map((e) => (e.payload as { data: string }).data);

interface FakeCustomer {
  readonly ws: WebSocket;
  readonly received: Record<string, unknown>[];
  readonly closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
  sendText(text: string): void;
  waitFor(t: string, match?: (frame: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

/** A customer's page: joins with the code, says hello with consent, waits for `live`. */
async function customerJoins(code: string, hubUrl = hub.url): Promise<FakeCustomer> {
  const joined = await hub.call('POST', '/cobrowse/join', { body: { code } });
  expect(joined.status).toBe(200);
  const { sessionId, customerKey } = joined.body as { sessionId: string; customerKey: string };
  const ws = new WebSocket(`${hubUrl.replace(/^http/, 'ws')}/cobrowse/ws/customer?session=${sessionId}`, { perMessageDeflate: true });
  const received: Record<string, unknown>[] = [];
  ws.on('message', (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const customer: FakeCustomer = {
    ws,
    received,
    closed,
    send: (message) => ws.send(JSON.stringify(message)),
    sendText: (text) => ws.send(text),
    waitFor: (t, match = () => true) => until(`the customer receiving ${t}`, () => received.find((f) => f.t === t && match(f))),
  };
  customers.push(customer);
  customer.send({ t: 'hello', key: customerKey, consent: true, page: { url: 'https://shop.example/cart', title: 'Cart', lang: 'nl', width: 1280, height: 800 } });
  await customer.waitFor('live');
  return customer;
}

/** The first-line agent's console, signed in (the first sync is not needed here). */
async function agentConsole(hubUrl = hub.url): Promise<Services> {
  const services = await consoles.open({ url: hubUrl, email: fixture.agents.first_line.email, password: PASSWORD, synced: false });
  await until('signed in', () => services.hub.status().state === 'signedIn');
  return services;
}
const annaId = () => fixture.customers.anna.id;

/** An rrweb-like event frame as the snippet writes it (`t` first), `size` characters of page text. */
function eventFrame(index: number, size = 200): string {
  return JSON.stringify({ t: 'ev', e: [{ type: 3, timestamp: 1_700_000_000_000 + index, data: { source: 0, texts: [{ id: index, value: 'x'.repeat(size) }] } }] });
}

describe('co-browse in the console’s main process', () => {
  it('starts with a code, goes live on consent and passes the customer’s frames on verbatim and in order, a 60 KB split too', async () => {
    const agent = await agentConsole();
    const page = listen(agent);
    const started = await request<CobrowseStartResponse>(agent, 'cobrowse.start', { customerId: annaId() });
    expect(started.code).toMatch(/^\d{6}$/);
    expect(started.pageOnline).toBe(false);
    expect(statuses(page.events)[0]).toMatchObject({ sessionId: started.sessionId, state: 'requested', control: 'off', code: started.code });
    expect(await request(agent, 'cobrowse.current', {})).toMatchObject({ sessionId: started.sessionId, state: 'requested' });

    const customer = await customerJoins(started.code);
    await until('the status live', () => statuses(page.events).find((s) => s.state === 'live'));
    expect(statuses(page.events).at(-1)).toMatchObject({ state: 'live', code: null, page: { url: 'https://shop.example/cart', title: 'Cart' } });

    // Small frames, then one ev frame over 60 KB sent as parts (the viewer joins them).
    const sent = Array.from({ length: 30 }, (_, i) => eventFrame(i));
    const big = eventFrame(99, 150_000);
    const pieces = 3;
    const size = Math.ceil(big.length / pieces);
    for (let i = 0; i < pieces; i++) sent.push(JSON.stringify({ t: 'part', id: 'big-1', i, n: pieces, d: big.slice(i * size, (i + 1) * size) }));
    sent.push(eventFrame(100));
    for (const text of sent) customer.sendText(text);
    await until('every frame', () => frames(page.events).length >= sent.length);
    expect(frames(page.events)).toEqual(sent);
    expect(frames(page.events).slice(30, 33).map((text) => (JSON.parse(text) as { d: string }).d).join('')).toBe(big);
    page.stop();
  });

  it('keeps the session through a page reload: the reloaded page picks it up and the customer is asked for a fresh snapshot', async () => {
    const agent = await agentConsole();
    const before = listen(agent);
    const { sessionId, code } = await request<CobrowseStartResponse>(agent, 'cobrowse.start', { customerId: annaId() });
    const customer = await customerJoins(code);
    await until('live', () => statuses(before.events).find((s) => s.state === 'live'));
    before.stop();

    // The reloaded page: a new subscriber, asks what runs, asks for a snapshot.
    const after = listen(agent);
    const current = await request<CobrowseStatus | null>(agent, 'cobrowse.current', {});
    expect(current).toMatchObject({ sessionId, state: 'live' });
    await request(agent, 'cobrowse.send', { sessionId, message: { t: 'snapshot' } });
    await customer.waitFor('snapshot');
    customer.sendText(eventFrame(1));
    await until('the frame after the reload', () => frames(after.events).length === 1);
    after.stop();
  });

  it('carries the agent’s pointer and the control request to the customer, and the customer’s grant and revoke back', async () => {
    const agent = await agentConsole();
    const page = listen(agent);
    const { sessionId, code } = await request<CobrowseStartResponse>(agent, 'cobrowse.start', { customerId: annaId() });
    const customer = await customerJoins(code);
    await until('live', () => statuses(page.events).find((s) => s.state === 'live'));

    await request(agent, 'cobrowse.send', { sessionId, message: { t: 'pointer', x: 120, y: 340 } });
    expect(await customer.waitFor('pointer')).toEqual({ t: 'pointer', x: 120, y: 340 });
    // Before control is granted the hub drops actions: the customer never sees this click.
    await request(agent, 'cobrowse.send', { sessionId, message: { t: 'act', a: 'click', x: 1, y: 1 } });

    await request(agent, 'cobrowse.send', { sessionId, message: { t: 'control.request' } });
    await customer.waitFor('control.request');
    await until('control requested', () => statuses(page.events).at(-1)?.control === 'requested');
    customer.send({ t: 'control', state: 'on' });
    await until('control on', () => statuses(page.events).at(-1)?.control === 'on');
    await request(agent, 'cobrowse.send', { sessionId, message: { t: 'act', a: 'click', x: 50, y: 60 } });
    expect(await customer.waitFor('act')).toEqual({ t: 'act', a: 'click', x: 50, y: 60 });
    expect(customer.received.filter((f) => f.t === 'act')).toHaveLength(1);

    customer.send({ t: 'control', state: 'off' });
    await until('control off', () => statuses(page.events).at(-1)?.control === 'off');
    page.stop();
  });

  it('ends from the console: the customer hears `ended`, the page hears the reason and further sends are refused', async () => {
    const agent = await agentConsole();
    const page = listen(agent);
    const { sessionId, code } = await request<CobrowseStartResponse>(agent, 'cobrowse.start', { customerId: annaId() });
    const customer = await customerJoins(code);
    await until('live', () => statuses(page.events).find((s) => s.state === 'live'));

    await request(agent, 'cobrowse.end', { sessionId });
    expect(await customer.waitFor('ended')).toEqual({ t: 'ended', reason: 'agent_ended' });
    expect(await customer.closed).toEqual({ code: 4000, reason: 'agent_ended' });
    expect(statuses(page.events).at(-1)).toMatchObject({ state: 'ended', reason: 'agent_ended' });
    expect(await request(agent, 'cobrowse.current', {})).toBeNull();
    await expect(request(agent, 'cobrowse.send', { sessionId, message: { t: 'pointer', x: 1, y: 1 } })).rejects.toMatchObject({ code: 'cobrowse.ended' });
    page.stop();
  });

  it('ends when the customer stops sharing', async () => {
    const agent = await agentConsole();
    const page = listen(agent);
    const { code } = await request<CobrowseStartResponse>(agent, 'cobrowse.start', { customerId: annaId() });
    const customer = await customerJoins(code);
    await until('live', () => statuses(page.events).find((s) => s.state === 'live'));
    customer.send({ t: 'end' });
    await until('ended by the customer', () => statuses(page.events).find((s) => s.state === 'ended'));
    expect(statuses(page.events).at(-1)).toMatchObject({ state: 'ended', reason: 'customer_ended' });
    expect(await request(agent, 'cobrowse.current', {})).toBeNull();
    page.stop();
  });

  it('ends when the agent signs out, at the hub as well', async () => {
    const agent = await agentConsole();
    const page = listen(agent);
    const { sessionId, code } = await request<CobrowseStartResponse>(agent, 'cobrowse.start', { customerId: annaId() });
    const customer = await customerJoins(code);
    await until('live', () => statuses(page.events).find((s) => s.state === 'live'));
    await request(agent, 'hub.signOut', { wipe: false });
    await until('ended on sign-out', () => statuses(page.events).find((s) => s.state === 'ended'));
    expect(statuses(page.events).at(-1)?.reason).toBe('agent_signed_out');
    expect(await customer.waitFor('ended')).toEqual({ t: 'ended', reason: 'agent_signed_out' });
    const token = await hub.login(fixture.agents.first_line.email);
    expect((await hub.call('GET', `/cobrowse/sessions/${sessionId}`, { token })).body).toMatchObject({ state: 'ended', endReason: 'agent_signed_out' });
    page.stop();
  });

  it('one session at a time: starting another ends the first for its customer', async () => {
    const agent = await agentConsole();
    const page = listen(agent);
    const first = await request<CobrowseStartResponse>(agent, 'cobrowse.start', { customerId: annaId() });
    const customer = await customerJoins(first.code);
    const second = await request<CobrowseStartResponse>(agent, 'cobrowse.start', { customerId: fixture.customers.bram.id });
    expect(await customer.waitFor('ended')).toEqual({ t: 'ended', reason: 'agent_ended' });
    expect(statuses(page.events).find((s) => s.sessionId === first.sessionId && s.state === 'ended')).toMatchObject({ reason: 'agent_ended' });
    expect(await request(agent, 'cobrowse.current', {})).toMatchObject({ sessionId: second.sessionId, state: 'requested' });
    page.stop();
  });

  it('rejoins after the agent socket drops, and the customer is asked for a fresh snapshot', async () => {
    const relay = await startCuttableRelay(hub.url);
    try {
      const agent = await agentConsole(relay.url);
      const page = listen(agent);
      const { code } = await request<CobrowseStartResponse>(agent, 'cobrowse.start', { customerId: annaId() });
      const customer = await customerJoins(code);
      await until('live', () => statuses(page.events).find((s) => s.state === 'live'));
      const snapshotsBefore = customer.received.filter((f) => f.t === 'snapshot').length;

      relay.cutAll();
      await until('a snapshot request after the rejoin', () => customer.received.filter((f) => f.t === 'snapshot').length > snapshotsBefore);
      customer.sendText(eventFrame(7));
      await until('frames flowing again', () => frames(page.events).includes(eventFrame(7)));
      expect(statuses(page.events).some((s) => s.state === 'ended')).toBe(false);
      page.stop();
    } finally {
      // The console first (it ends its session through the relay as it closes), then the relay.
      await consoles.disposeAll();
      await relay.close();
    }
  });

  it('learns on rejoining that the customer ended the session while the console was cut off from the hub', async () => {
    const relay = await startCuttableRelay(hub.url);
    try {
      const agent = await agentConsole(relay.url);
      const page = listen(agent);
      const { code } = await request<CobrowseStartResponse>(agent, 'cobrowse.start', { customerId: annaId() });
      const customer = await customerJoins(code);
      await until('live', () => statuses(page.events).find((s) => s.state === 'live'));

      relay.refuse(true);
      customer.send({ t: 'end' });
      expect(await customer.closed).toEqual({ code: 4000, reason: 'customer_ended' });
      expect(statuses(page.events).some((s) => s.state === 'ended')).toBe(false);
      relay.refuse(false);
      await until('the end heard after the rejoin', () => statuses(page.events).find((s) => s.state === 'ended'));
      expect(statuses(page.events).at(-1)).toMatchObject({ state: 'ended', reason: 'customer_ended' });
      page.stop();
    } finally {
      await consoles.disposeAll();
      await relay.close();
    }
  });
});
