import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { startFaultyProxy, type FaultyProxy } from '../support/faulty-proxy.ts';
import { INGEST_KEY, PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { InProcessConsoles } from '../support/in-process-console.ts';
import { request, until } from '../support/services-requests.ts';

// A console takes the rows a live frame carries (server/events/deltas.ts) instead of a delta
// sync when they start at or before its cursor, and syncs when they do not line up (a change it
// has not got in between, or a walled row): main/sync/syncer.ts against a real hub and cache,
// the requests counted by a proxy in front of the hub.
let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let proxy: FaultyProxy;
const consoles = new InProcessConsoles();

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  hub = await startHub(db);
  proxy = await startFaultyProxy(hub.url, () => 'pass');
}, 60_000);

afterEach(() => consoles.disposeAll());

afterAll(async () => {
  await proxy?.close();
  await hub?.close();
  await db?.close();
});

const syncs = () => proxy.seen.filter((seen) => seen.method === 'GET' && seen.path.startsWith('/sync?')).length;
const head = async () => Number((await db.query<{ seq: number }>('select max(seq) as seq from change_log'))[0]?.seq ?? 0);

describe('live frames with their rows', () => {
  it("applies a web-shop order's rows from the frame without a delta sync, and syncs when a walled change lies in between", async () => {
    const services = await consoles.open({ url: proxy.url, email: fixture.agents.first_line.email, password: PASSWORD });
    const syncer = services.data.syncer!;
    const cache = services.data.cache!;
    // Settled: the socket is open (its opening sync ran) and the cursor is at the hub's newest change.
    await until('the live socket and its catch-up', async () => syncs() >= 2 && cache.cursor() >= (await head()));
    await syncer.settled();
    const before = syncs();

    const number = `NL-LIVE-DELTA-${Date.now()}`;
    const placed = {
      externalId: `live-delta-${uuidv7()}`,
      type: 'order.placed',
      occurredAt: new Date().toISOString(),
      customer: { email: fixture.customers.anna.email },
      order: { number, currency: 'EUR', totalCents: 4999 },
    };
    expect((await hub.call('POST', '/ingest/events', { headers: { 'x-ingest-key': INGEST_KEY }, body: { events: [placed] } })).status).toBe(200);
    const seq = await head();
    await until('the order in the cache', async () => JSON.stringify(await request(services, 'customers.get', { id: fixture.customers.anna.id })).includes(number));
    expect(cache.cursor()).toBeGreaterThanOrEqual(seq);
    // Beyond the event coalescing a sync would have waited for: none came.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(syncs()).toBe(before);

    // An escalation (behind its wall) for this customer: the frame carries no rows, the console syncs.
    const agent = await hub.login(fixture.agents.first_line.email);
    const created = await hub.call('PUT', `/escalations/${uuidv7()}`, {
      token: agent,
      body: { customerId: fixture.customers.anna.id, queue: 'second_line', assignTo: fixture.agents.second_line.id, summary: 'Parcel lost twice' },
    });
    expect(created.status).toBe(200);
    await until('the delta sync after the walled change', () => syncs() > before);
    // Up to date for its wall: the hub has nothing after its cursor for this agent.
    await until('the cursor past the escalation', async () => {
      const page = await hub.call('GET', `/sync?since=${cache.cursor()}&limit=100`, { token: agent });
      return page.status === 200 && page.body.changes.length === 0;
    });
  });
});
