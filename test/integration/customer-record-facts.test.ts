import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Customer360, CustomerSearchResponse, OrdersResponse } from '../../common/contract/data.ts';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { INGEST_KEY, PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { InProcessConsoles } from '../support/in-process-console.ts';
import { request, until } from '../support/services-requests.ts';

// A loyal customer who has been quiet for longer than the console's cache keeps history (30 days
// by default): every order and contact of hers is older, so the cache holds none of them. The
// 360 the console serves must still say what the hub's record says — with the hub up, and with
// the hub stopped after the sync. So must her search hit's last contact: a recent internal note
// is no contact, and the cache holds none of her mails.
let db: Database;
let hub: RunningHub | null = null;
let fixture: Fixture;
const consoles = new InProcessConsoles();
/** Her latest mail (40 days ago), as the hub stored it. */
let lastContactAt = '';

const NATHALIE = {
  id: uuidv7(),
  email: 'nathalie.devries@example.nl',
  delivery: { street: 'Prinsengracht 263', postcode: '1016 GV', city: 'Amsterdam', country: 'NL' },
  billing: { street: 'Rue Neuve 12', postcode: '1000', city: 'Bruxelles', country: 'BE' },
  orders: [
    { id: uuidv7(), number: 'NL-2025-0002550', cents: 1999, status: 'delivered', daysAgo: 45 },
    { id: uuidv7(), number: 'NL-2025-0001207', cents: 1200, status: 'delivered', daysAgo: 200 },
    { id: uuidv7(), number: 'NL-2025-0000999', cents: 5000, status: 'returned', daysAgo: 300 },
  ],
};

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  const n = NATHALIE;
  await db.query(`insert into customer (id, name, language, country, office_id, address, billing_address) values ($1, 'Nathalie de Vries', 'nl', 'NL', $2, $3, $4)`, [
    n.id,
    fixture.officeId,
    n.delivery,
    n.billing,
  ]);
  await db.query('insert into customer_email (customer_id, email) values ($1, $2)', [n.id, n.email]);
  for (const order of n.orders) {
    await db.query(
      `insert into shop_order (id, customer_id, number, currency, total_cents, status, placed_at) values ($1, $2, $3, 'EUR', $4, $5, now() - make_interval(days => $6))`,
      [order.id, n.id, order.number, order.cents, order.status, order.daysAgo],
    );
  }
  for (const daysAgo of [40, 60, 90, 120, 180]) {
    await db.query(
      `insert into interaction (id, customer_id, channel, direction, started_at, note, request_hash) values ($1, $2, 'email', 'inbound', now() - make_interval(days => $3), 'Vraag over bestelling', 'test')`,
      [uuidv7(), n.id, daysAgo],
    );
  }
  // A colleague's note of three days ago: inside the cache's window, but not a contact with her.
  await db.query(`insert into interaction (id, customer_id, channel, direction, started_at, note, request_hash) values ($1, $2, 'note', 'internal', now() - interval '3 days', 'Belt vaak op maandag', 'test')`, [
    uuidv7(),
    n.id,
  ]);
  const [latest] = await db.query<{ at: Date }>(`select max(started_at) as at from interaction where customer_id = $1 and channel = 'email'`, [n.id]);
  lastContactAt = latest?.at.toISOString() ?? '';
  await db.query(`insert into feedback (id, customer_id, kind, score, occurred_at) values ($1, $2, 'nps', 9, now() - interval '44 days'), ($3, $2, 'csat', 5, now() - interval '40 days')`, [
    uuidv7(),
    n.id,
    uuidv7(),
  ]);
  hub = await startHub(db);
}, 60_000);

afterAll(async () => {
  await consoles.disposeAll();
  await hub?.close();
  await db?.close();
});

afterEach(() => consoles.disposeAll());

const openConsole = () => consoles.open({ url: hub?.url ?? '', email: fixture.agents.first_line.email, password: PASSWORD });

function expectTheRecord(view: Customer360): void {
  expect(view.counters).toEqual({ orders: 3, interactions: 6, lifetimeValue: [{ currency: 'EUR', cents: 1999 + 1200 }], repeatBuyer: true });
  expect(view.lastOrder).toMatchObject({ id: NATHALIE.orders[0]?.id, number: 'NL-2025-0002550', status: 'delivered', currency: 'EUR', totalCents: 1999 });
  expect(view.lastNps?.score).toBe(9);
  expect(view.lastCsat?.score).toBe(5);
  expect(view.customer.addresses).toEqual({ delivery: NATHALIE.delivery, billing: NATHALIE.billing });
}

/** Her hit when searching by name (from the cache: a staff console holds every customer). */
async function searchHit(services: Awaited<ReturnType<typeof openConsole>>) {
  const { hits } = await request<CustomerSearchResponse>(services, 'customers.search', { query: 'Nathalie de Vries', limit: 20 });
  return hits.find((hit) => hit.id === NATHALIE.id);
}

describe('a customer whose whole history is older than the cache keeps', () => {
  it('has nothing of it in the cache, and the orders list says how many older orders the record has', async () => {
    const services = await openConsole();
    // The cache holds the customer but none of her orders (the list comes from the cache alone).
    const orders = await request<OrdersResponse>(services, 'customers.orders', { customerId: NATHALIE.id });
    expect(orders).toEqual({ orders: [], notHeld: 3 });
  });

  it('gets the hub’s counters, last order, NPS, CSAT and addresses in the 360 the console serves', async () => {
    const services = await openConsole();
    expectTheRecord(await request<Customer360>(services, 'customers.get', { id: NATHALIE.id }));
  });

  it('shows the record’s last contact in her search hit, not "no recent contact"', async () => {
    const services = await openConsole();
    expect(lastContactAt).not.toBe('');
    expect(await searchHit(services)).toMatchObject({ city: 'Amsterdam', lastContactAt });
  });

  it('shows a newer contact the cache holds before the record’s facts catch up with it', async () => {
    // A call the record's facts do not know yet (their refresh deferred, as a bulk load does).
    const call = uuidv7();
    await db.transaction(async (tx) => {
      await tx.query(`select set_config('loket.customer_facts', 'deferred', true)`);
      await tx.query(`insert into interaction (id, customer_id, channel, direction, started_at, request_hash) values ($1, $2, 'phone', 'inbound', now() - interval '2 days', 'test')`, [
        call,
        NATHALIE.id,
      ]);
    });
    const [held] = await db.query<{ at: Date }>('select started_at as at from interaction where id = $1', [call]);
    const [recorded] = await db.query<{ at: Date }>('select last_contact_at as at from customer_fact where customer_id = $1', [NATHALIE.id]);
    expect(recorded?.at.toISOString()).toBe(lastContactAt);
    try {
      const services = await openConsole();
      expect((await searchHit(services))?.lastContactAt).toBe(held?.at.toISOString());
    } finally {
      // Back to the record the other tests expect (the delete refreshes her facts).
      await db.query('delete from interaction where id = $1', [call]);
    }
  });

  it('follows a new order the shop sends while the console is open', async () => {
    const services = await openConsole();
    const placed = await hub?.call('POST', '/ingest/events', {
      headers: { 'x-ingest-key': INGEST_KEY },
      body: { events: [{ externalId: 'record-facts-1', type: 'order.placed', occurredAt: new Date().toISOString(), customer: { email: NATHALIE.email }, order: { number: 'NL-2026-0000777', currency: 'EUR', totalCents: 2500 } }] },
    });
    expect(placed?.status).toBe(200);
    // The shop's event is a live event (shop.event): the console syncs it at once, well before
    // its periodic sync (30 s), whether its socket was open already or opens just after.
    const view = await until('the new order to reach the 360', async () => {
      const seen = await request<Customer360>(services, 'customers.get', { id: NATHALIE.id });
      return seen.counters.orders === 4 ? seen : null;
    });
    expect(view.lastOrder?.number).toBe('NL-2026-0000777');
    expect(view.counters.lifetimeValue).toEqual([{ currency: 'EUR', cents: 1999 + 1200 + 2500 }]);
    // The new order is held here; the three older ones still are not.
    const orders = await request<OrdersResponse>(services, 'customers.orders', { customerId: NATHALIE.id });
    expect(orders.orders.map((o) => o.number)).toEqual(['NL-2026-0000777']);
    expect(orders.notHeld).toBe(3);
    // Back to the record the other tests expect.
    await db.query(`delete from order_event where order_id in (select id from shop_order where number = 'NL-2026-0000777')`);
    await db.query(`delete from shop_order where number = 'NL-2026-0000777'`);
  });

  it('still shows the record with the hub stopped after the sync', async () => {
    const services = await openConsole();
    await hub?.close();
    hub = null;
    const view = await request<Customer360>(services, 'customers.get', { id: NATHALIE.id });
    expectTheRecord(view);
    expect((await request<OrdersResponse>(services, 'customers.orders', { customerId: NATHALIE.id })).notHeld).toBe(3);
    expect(await searchHit(services)).toMatchObject({ city: 'Amsterdam', lastContactAt });
  });
});
