import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { announceDueCallbacks } from '../../server/callbacks-due.ts';
import { openPostgres } from '../../server/db/database.ts';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/hub-db.ts';
import { INGEST_KEY, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

interface Received {
  seq: number;
  kind: string;
  payload: Record<string, unknown>;
}

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
let lead: string;
let agent: string;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  lead = await hub.login(fixture.agents.team_lead.email);
  agent = await hub.login(fixture.agents.first_line.email);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

/** A console's event socket; collects what arrives. */
function listen(url: string, token: string, since = 0): Promise<{ ws: WebSocket; received: Received[]; until(n: number, ms?: number): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/events?since=${since}`, { headers: { authorization: `Bearer ${token}` } });
    const received: Received[] = [];
    ws.on('message', (data) => received.push(JSON.parse(String(data)) as Received));
    ws.once('open', () =>
      resolve({
        ws,
        received,
        async until(n, ms = 10_000) {
          const end = Date.now() + ms;
          while (received.length < n) {
            if (Date.now() > end) throw new Error(`got ${received.length} of ${n} events`);
            await new Promise((r) => setTimeout(r, 20));
          }
        },
      }),
    );
    ws.once('error', reject);
  });
}

const setPresence = (token: string, status: string) => hub.call('PUT', '/presence', { token, body: { status } });

describe('live events', () => {
  it('refuses a socket without a valid token', async () => {
    const closed = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${hub.url.replace('http', 'ws')}/events`, { headers: { authorization: 'Bearer nope' } });
      ws.once('close', (code) => resolve(code));
    });
    expect(closed).toBe(4401);
  });

  it('delivers an escalation assigned to an agent, and presence changes to everyone', async () => {
    const console1 = await listen(hub.url, agent);
    await setPresence(lead, 'available');
    await console1.until(1);
    expect(console1.received[0]).toMatchObject({ kind: 'presence.changed', payload: { agentId: fixture.agents.team_lead.id, status: 'available' } });
    console1.ws.close();
  });

  it('gives a console that was away for 100 events all 100 on reconnect, none twice', async () => {
    const first = await listen(hub.url, lead);
    await setPresence(agent, 'available');
    const end = Date.now() + 10_000;
    while (!first.received.some((e) => e.payload.agentId === fixture.agents.first_line.id) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    const lastSeen = first.received[first.received.length - 1]?.seq ?? 0;
    first.ws.close();

    // While it is away: 100 events from several writers at once.
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        i % 2 === 0
          ? setPresence(agent, i % 4 === 0 ? 'on_call' : 'wrap_up')
          : hub.call('PUT', `/escalations/${uuidv7()}`, { token: agent, body: { customerId: fixture.customers.anna.id, queue: 'second_line', summary: `case ${i}` } }),
      ),
    );
    const [{ n: escalationsCreated }] = (await database.db.query<{ n: number }>(
      `select count(*)::int8 as n from change_log where seq > $1`,
      [lastSeen],
    )) as [{ n: number }];
    expect(escalationsCreated).toBe(100);

    const back = await listen(hub.url, lead, lastSeen);
    await back.until(100);
    // And live again afterwards, without repeating the backlog.
    await setPresence(agent, 'break');
    await back.until(101);
    await new Promise((r) => setTimeout(r, 300));
    const seqs = back.received.map((e) => e.seq);
    expect(seqs).toHaveLength(101);
    expect(new Set(seqs).size).toBe(101);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(seqs[0]).toBeGreaterThan(lastSeen);
    back.ws.close();
  });

  it('tells staff consoles at once when the web shop sends an order event for a customer, and tells overflow consoles nothing', async () => {
    const [{ seq } = { seq: 0 }] = await database.db.query<{ seq: number }>('select coalesce(max(seq), 0)::int8 as seq from change_log');
    const staff = await listen(hub.url, agent, seq);
    const overflow = await listen(hub.url, await hub.login(fixture.agents.overflow.email), seq);
    const headers = { 'x-ingest-key': INGEST_KEY };
    const placed = {
      externalId: `shop-live-${uuidv7()}`,
      type: 'order.placed',
      occurredAt: new Date().toISOString(),
      customer: { email: fixture.customers.anna.email },
      order: { number: `NL-LIVE-${Date.now()}`, currency: 'EUR', totalCents: 1999 },
    };
    expect((await hub.call('POST', '/ingest/events', { headers, body: { events: [placed] } })).body).toEqual({ accepted: 1, duplicates: 0 });
    await staff.until(1);
    expect(staff.received[0]).toMatchObject({ kind: 'shop.event', payload: { customerId: fixture.customers.anna.id, type: 'order.placed' } });
    // The retry of the same event is a duplicate: stored once, announced once.
    expect((await hub.call('POST', '/ingest/events', { headers, body: { events: [placed] } })).body).toEqual({ accepted: 0, duplicates: 1 });
    // An event addressed to the overflow agent afterwards shows its socket was live and got
    // neither announcement: it learns of a customer only when one is handed to it.
    const handover = await hub.call('POST', `/customers/${fixture.customers.bram.id}/handover`, { token: lead, body: { agentId: fixture.agents.overflow.id } });
    expect(handover.status).toBe(200);
    await overflow.until(1);
    expect(overflow.received.map((e) => e.kind)).toEqual(['customer.handedOver']);
    expect(staff.received.map((e) => e.kind)).toEqual(['shop.event']);
    staff.ws.close();
    overflow.ws.close();
  });

  it('announces a callback to its agent once when it falls due', async () => {
    const [{ seq } = { seq: 0 }] = await database.db.query<{ seq: number }>('select coalesce(max(seq), 0)::int8 as seq from change_log');
    const socket = await listen(hub.url, agent, seq);
    const id = uuidv7();
    const dueAt = new Date(Date.now() - 1_000).toISOString();
    expect((await hub.call('PUT', `/callbacks/${id}`, { token: agent, body: { customerId: fixture.customers.bram.id, dueAt, phone: '+31687654321' } })).status).toBe(200);
    expect(await announceDueCallbacks(hub.hub.context)).toBe(1);
    expect(await announceDueCallbacks(hub.hub.context)).toBe(0);
    const [{ n } = { n: 0 }] = await database.db.query<{ n: number }>(`select count(*)::int8 as n from change_log where kind = 'callback.due' and entity_id = $1`, [id]);
    expect(n).toBe(1);
    await socket.until(2);
    expect(socket.received.map((e) => e.kind)).toEqual(['callback.created', 'callback.due']);
    socket.ws.close();
  });

  it.skipIf(testDatabaseKind() !== 'postgres')(
    'carries an event from one hub instance to a socket on another (postgres only: LISTEN/NOTIFY between instances)',
    async () => {
      // A second hub process-equivalent: its own connection pool and LISTEN connection.
      const secondDb = await openPostgres(database.url ?? '');
      const second = await startHub(secondDb);
      try {
        const [{ seq } = { seq: 0 }] = await database.db.query<{ seq: number }>('select coalesce(max(seq), 0)::int8 as seq from change_log');
        const onSecond = await listen(second.url, await second.login(fixture.agents.team_lead.email), seq);
        const created = await hub.call('PUT', `/escalations/${uuidv7()}`, {
          token: agent,
          body: { customerId: fixture.customers.bram.id, queue: 'expert', summary: 'Cross-instance', assignTo: fixture.agents.expert.id },
        });
        expect(created.status).toBe(200);
        await onSecond.until(2);
        expect(onSecond.received.map((e) => e.kind)).toEqual(['escalation.created', 'escalation.assigned']);
        onSecond.ws.close();
      } finally {
        await second.close();
        await secondDb.close();
      }
    },
  );
});
