import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { CustomerSearchResponse, TimelinePage } from '../../common/contract/data.ts';
import type { Services } from '../../main/services.ts';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { InProcessConsoles } from '../support/in-process-console.ts';
import { request, until } from '../support/services-requests.ts';

// What the history and search ask main for, against a real hub (PGlite) and a real encrypted
// cache: an order is one timeline item with its steps inside, from the cache and from the hub
// (history older than the cache keeps); search says when more matched than it returns and
// brings each hit's city, last contact and open cases, from the cache and from the hub.
let db: Database;
let hub: RunningHub;
let fixture: Fixture;
const consoles = new InProcessConsoles();
const DAY = 86_400_000;
const mila = { id: uuidv7(), phone: '+31620000001', recent: 'NL-2026-0000611', old: 'NL-2025-0000612' };

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  await db.query(`insert into customer (id, name, language, country, office_id, address) values ($1, 'Mila Visser', 'nl', 'NL', $2, $3)`, [
    mila.id,
    fixture.officeId,
    JSON.stringify({ delivery: { street: 'Kade 4', postcode: '8011 AA', city: 'Zwolle', country: 'NL' } }),
  ]);
  await db.query(`insert into customer_phone (customer_id, e164) values ($1, $2)`, [mila.id, mila.phone]);
  const order = async (number: string, daysAgo: number, steps: [string, number, string | null][]) => {
    const id = uuidv7();
    const status = steps.at(-1)?.[0] ?? 'placed';
    await db.query(`insert into shop_order (id, customer_id, number, currency, total_cents, status, placed_at) values ($1, $2, $3, 'EUR', 2_500, $4, $5)`, [
      id, mila.id, number, status, new Date(Date.now() - daysAgo * DAY),
    ]);
    for (const [step, hoursAfter, tracking] of steps) {
      await db.query(`insert into order_event (id, order_id, status, occurred_at, tracking_ref) values ($1, $2, $3, $4, $5)`, [
        uuidv7(), id, step, new Date(Date.now() - daysAgo * DAY + hoursAfter * 3_600_000), tracking,
      ]);
    }
  };
  await order(mila.recent, 5, [['placed', 0, null], ['paid', 1, null], ['shipped', 24, '3SMILA0001']]);
  // Placed 90 days ago, so older than the cache's 30 days: its page comes from the hub.
  await order(mila.old, 90, [['placed', 0, null], ['paid', 1, null], ['shipped', 20, '3SMILA0000'], ['delivered', 48, null], ['returned', 200, null]]);
  await db.query(`insert into interaction (id, customer_id, channel, direction, started_at, reasons, request_hash) values ($1, $2, 'chat', 'inbound', $3, '{}', 'seed')`, [
    uuidv7(), mila.id, new Date(Date.now() - 2 * DAY),
  ]);
  await db.query(`insert into callback (id, customer_id, created_by, due_at, status, phone, request_hash) values ($1, $2, $3, now() + interval '2 hours', 'open', $4, 'seed')`, [
    uuidv7(), mila.id, fixture.agents.first_line.id, mila.phone,
  ]);
  for (let i = 0; i < 22; i++) {
    await db.query(`insert into customer (id, name, language, country, office_id) values ($1, $2, 'nl', 'NL', $3)`, [uuidv7(), `Klant${String(i).padStart(2, '0')} Visscher`, fixture.officeId]);
  }
  hub = await startHub(db);
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

afterEach(() => consoles.disposeAll());

const consoleFor = (role: keyof Fixture['agents']): Promise<Services> => consoles.open({ url: hub.url, email: fixture.agents[role].email, password: PASSWORD });
type Step = { status: string; at: string; trackingRef: string | null };
const stepsOf = (page: TimelinePage, number: string) => page.items.find((item) => item.kind === 'order' && item.data.number === number)?.data.steps as Step[] | undefined;

describe('the history’s orders', () => {
  it('is one item per order with its steps inside, from the cache and from the hub beyond it', async () => {
    const services = await consoleFor('first_line');
    const first = await until('the cache to hold Mila', async () => {
      const page = await request<TimelinePage>(services, 'customers.timeline', { customerId: mila.id, limit: 50 });
      return page.items.length > 0 ? page : null;
    });
    // From the cache: the callback, the chat and the recent order, no item per step.
    expect(first.items.map((item) => item.kind)).toEqual(['callback', 'interaction', 'order']);
    const recent = stepsOf(first, mila.recent) ?? [];
    expect(recent.map((step) => step.status)).toEqual(['placed', 'paid', 'shipped']);
    expect(recent.every((step) => !Number.isNaN(Date.parse(step.at)) && step.at.endsWith('Z'))).toBe(true);
    expect(recent[2]?.trackingRef).toBe('3SMILA0001');
    expect(first.nextBefore).toMatch(/^hub:/);

    // Older than the cache keeps: the hub's page, in the same shape.
    const older = await request<TimelinePage>(services, 'customers.timeline', { customerId: mila.id, limit: 50, before: first.nextBefore });
    expect(older.items.map((item) => `${item.kind}:${String(item.data.number)}`)).toEqual([`order:${mila.old}`]);
    const old = stepsOf(older, mila.old) ?? [];
    expect(old.map((step) => step.status)).toEqual(['placed', 'paid', 'shipped', 'delivered', 'returned']);
    expect(old.map((step) => step.at)).toEqual([...old.map((step) => step.at)].sort());
  });
});

describe('search results', () => {
  it('from the cache: says there are more than the limit and brings city, last contact and open cases', async () => {
    const services = await consoleFor('first_line');
    await until('the cache to hold the Visschers', async () => (await request<CustomerSearchResponse>(services, 'customers.search', { query: 'Visscher', limit: 50 })).hits.length === 22);
    const page = await request<CustomerSearchResponse>(services, 'customers.search', { query: 'Visscher', limit: 20 });
    expect(page.hits).toHaveLength(20);
    expect(page.more).toBe(true);
    expect((await request<CustomerSearchResponse>(services, 'customers.search', { query: 'Visscher', limit: 22 })).more).toBe(false);
    const byPhone = await request<CustomerSearchResponse>(services, 'customers.search', { query: '06 2000 0001' });
    expect(byPhone.more).toBe(false);
    expect(byPhone.hits).toHaveLength(1);
    expect(byPhone.hits[0]).toMatchObject({ id: mila.id, city: 'Zwolle', openEscalations: 0, openCallbacks: 1 });
    expect(Date.now() - Date.parse(byPhone.hits[0]?.lastContactAt ?? '')).toBeGreaterThan(2 * DAY - 60_000);
  });

  it('from the hub (an overflow agent’s console holds no customers): the same fields, for the customer its exact lookup found', async () => {
    const services = await consoleFor('overflow');
    const byPhone = await request<CustomerSearchResponse>(services, 'customers.search', { query: mila.phone });
    expect(byPhone.more).toBe(false);
    expect(byPhone.hits).toHaveLength(1);
    expect(byPhone.hits[0]).toMatchObject({ id: mila.id, city: 'Zwolle', openEscalations: 0, openCallbacks: 1 });
    expect(Date.now() - Date.parse(byPhone.hits[0]?.lastContactAt ?? '')).toBeGreaterThan(2 * DAY - 60_000);
    // Now granted for the call: the hub's timeline for this console has the orders grouped too.
    const page = await request<TimelinePage>(services, 'customers.timeline', { customerId: mila.id, limit: 50 });
    expect(page.items.map((item) => item.kind)).toEqual(['interaction', 'order', 'order']);
    expect(stepsOf(page, mila.old)?.map((step) => step.status)).toEqual(['placed', 'paid', 'shipped', 'delivered', 'returned']);
    const { orders } = await request<{ orders: { number: string; events: Step[] }[] }>(services, 'customers.orders', { customerId: mila.id });
    expect(orders.map((order) => `${order.number}:${order.events.map((event) => event.status).join('>')}`)).toEqual([
      `${mila.recent}:placed>paid>shipped`,
      `${mila.old}:placed>paid>shipped>delivered>returned`,
    ]);
  });
});
