// The facts the hub keeps per customer (migration 0005): orders, lifetime value per currency, last
// order, contacts, last NPS and CSAT, repeat buyer, delivery and billing address — following every
// write that changes them, sent with the customer's row by /sync and in the 360. Runs on PGlite
// and on PostgreSQL.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { INGEST_KEY, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
let firstLine: string;
let cursor = 0;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  firstLine = await hub.login(fixture.agents.first_line.email);
  cursor = await head();
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

async function head(): Promise<number> {
  const response = await hub.call('GET', '/sync?since=0&limit=1', { token: firstLine });
  return response.body.head as number;
}

/** The 360's counters and last order and feedback for a customer. */
async function facts(customerId: string) {
  const response = await hub.call('GET', `/customers/${customerId}`, { token: firstLine });
  expect(response.status).toBe(200);
  const { counters, lastOrder, lastNps, lastCsat } = response.body;
  return { ...counters, lastOrder, lastNps, lastCsat, customer: response.body.customer };
}

/** The customer rows /sync sends after the cursor (and the cursor moves on). */
async function syncedCustomers(): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (;;) {
    const page = await hub.call('GET', `/sync?since=${cursor}&limit=500`, { token: firstLine });
    for (const change of page.body.changes as { entity: string; row: Record<string, unknown> }[]) if (change.entity === 'customer') rows.push(change.row);
    cursor = page.body.next;
    if (!page.body.more) return rows;
  }
}

const ingest = async (events: unknown[]) => {
  const response = await hub.call('POST', '/ingest/events', { headers: { 'x-ingest-key': INGEST_KEY }, body: { events } });
  expect(response.status).toBe(200);
};

describe('customer facts kept by the hub', () => {
  it('start from the rows that exist (the backfill and the fixture’s order)', async () => {
    const anna = await facts(fixture.customers.anna.id);
    expect(anna).toMatchObject({ orders: 1, interactions: 0, repeatBuyer: false, lifetimeValue: [{ currency: 'EUR', cents: 4995 }], lastNps: null, lastCsat: null });
    expect(anna.lastOrder).toMatchObject({ number: fixture.customers.anna.order, status: 'shipped', currency: 'EUR', totalCents: 4995 });
    const bram = await facts(fixture.customers.bram.id);
    expect(bram).toMatchObject({ orders: 0, interactions: 0, repeatBuyer: false, lifetimeValue: [], lastOrder: null });
  });

  it('follow a new order and its status changes; the customer row is synced again with them', async () => {
    const customer = { email: fixture.customers.anna.email };
    await ingest([
      { externalId: 'facts-1', type: 'order.placed', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), customer, order: { number: 'NL-2026-0000901', currency: 'EUR', totalCents: 1250 } },
      { externalId: 'facts-2', type: 'order.placed', occurredAt: new Date(Date.now() - 7_200_000).toISOString(), customer, order: { number: 'PL-2026-0000902', currency: 'PLN', totalCents: 9900 } },
    ]);
    let anna = await facts(fixture.customers.anna.id);
    expect(anna).toMatchObject({ orders: 3, repeatBuyer: true });
    expect(anna.lifetimeValue).toEqual([
      { currency: 'EUR', cents: 4995 + 1250 },
      { currency: 'PLN', cents: 9900 },
    ]);
    expect(anna.lastOrder).toMatchObject({ number: 'NL-2026-0000901', status: 'placed', totalCents: 1250 });
    const [synced] = await syncedCustomers();
    expect(synced).toMatchObject({ id: fixture.customers.anna.id, facts: { orders: 3, repeatBuyer: true, lastOrder: { number: 'NL-2026-0000901' } } });

    await ingest([{ externalId: 'facts-3', type: 'order.returned', occurredAt: new Date().toISOString(), customer, orderNumber: 'NL-2026-0000901' }]);
    anna = await facts(fixture.customers.anna.id);
    expect(anna.lastOrder).toMatchObject({ number: 'NL-2026-0000901', status: 'returned' });
    // A returned order is no longer worth anything; it still counts as an order.
    expect(anna.lifetimeValue).toEqual([
      { currency: 'EUR', cents: 4995 },
      { currency: 'PLN', cents: 9900 },
    ]);
    expect(anna.orders).toBe(3);
    expect((await syncedCustomers()).map((row) => (row.facts as { lastOrder: { status: string } }).lastOrder.status)).toEqual(['returned']);
  });

  it('count every logged interaction, a linked unknown call too; an edit that changes no fact does not re-sync the customer', async () => {
    const bram = fixture.customers.bram.id;
    const id = uuidv7();
    const body = { customerId: bram, channel: 'email', direction: 'inbound', startedAt: new Date().toISOString(), note: 'Waar blijft mijn pakket?' };
    expect((await hub.call('PUT', `/interactions/${id}`, { token: firstLine, body })).status).toBe(200);
    expect((await facts(bram)).interactions).toBe(1);
    expect((await syncedCustomers()).map((row) => row.id)).toEqual([bram]);

    expect((await hub.call('PATCH', `/interactions/${id}`, { token: firstLine, body: { note: 'Pakket is onderweg.' } })).status).toBe(200);
    expect(await syncedCustomers()).toEqual([]);

    const call = uuidv7();
    const unknown = { customerId: null, channel: 'phone', direction: 'inbound', startedAt: new Date().toISOString(), remoteNumber: '+31201112233' };
    expect((await hub.call('PUT', `/interactions/${call}`, { token: firstLine, body: unknown })).status).toBe(200);
    expect((await facts(bram)).interactions).toBe(1);
    expect((await hub.call('PATCH', `/interactions/${call}`, { token: firstLine, body: { customerId: bram } })).status).toBe(200);
    expect((await facts(bram)).interactions).toBe(2);
    const [synced] = await syncedCustomers();
    expect(synced).toMatchObject({ id: bram, facts: { interactions: 2 } });
  });

  it('keep the newest NPS and CSAT answer', async () => {
    const anna = fixture.customers.anna.id;
    const customer = { email: fixture.customers.anna.email };
    await ingest([
      { externalId: 'facts-nps-1', type: 'nps.answer', occurredAt: '2026-01-10T10:00:00Z', customer, score: 9 },
      { externalId: 'facts-nps-2', type: 'nps.answer', occurredAt: '2025-12-01T10:00:00Z', customer, score: 3 },
    ]);
    // CSAT comes from the survey after a contact, stored straight in feedback.
    await database.db.query(`insert into feedback (id, customer_id, kind, score, occurred_at) values ($1, $2, 'csat', 4, '2026-02-02T08:00:00Z')`, [uuidv7(), anna]);
    const seen = await facts(anna);
    expect(seen.lastNps).toEqual({ score: 9, at: '2026-01-10T10:00:00.000Z' });
    expect(seen.lastCsat).toEqual({ score: 4, at: '2026-02-02T08:00:00.000Z' });
    const rows = await syncedCustomers();
    expect(rows.at(-1)).toMatchObject({ id: anna, facts: { lastNps: { score: 9 }, lastCsat: { score: 4 } } });
  });

  it('keep the last contact: a logged call moves it, a note or an older mail does not; the lookup says the same', async () => {
    const anna = fixture.customers.anna.id;
    const lookedUp = async () => {
      const { body } = await hub.call('GET', `/customers/lookup?email=${encodeURIComponent(fixture.customers.anna.email)}`, { token: firstLine });
      return (body.hits as { id: string; lastContactAt: string | null }[]).find((hit) => hit.id === anna)?.lastContactAt;
    };
    await syncedCustomers();
    expect(await lookedUp()).toBeNull();
    const log = async (channel: string, direction: string, startedAt: string) => {
      const body = { customerId: anna, channel, direction, startedAt, note: 'Belde over de levering' };
      expect((await hub.call('PUT', `/interactions/${uuidv7()}`, { token: firstLine, body })).status).toBe(200);
    };

    await log('phone', 'inbound', '2026-02-10T09:15:00Z');
    expect(await lookedUp()).toBe('2026-02-10T09:15:00.000Z');
    expect((await syncedCustomers()).map((row) => [row.id, (row.facts as { lastContactAt: string | null }).lastContactAt])).toEqual([[anna, '2026-02-10T09:15:00.000Z']]);

    // An internal note is no contact with the customer: it is counted, but the last contact stays.
    await log('note', 'internal', '2026-02-20T12:00:00Z');
    expect(await lookedUp()).toBe('2026-02-10T09:15:00.000Z');
    expect((await syncedCustomers()).map((row) => (row.facts as { lastContactAt: string | null }).lastContactAt)).toEqual(['2026-02-10T09:15:00.000Z']);
    // A mail logged late for an earlier day does not move the last contact back.
    await log('email', 'inbound', '2026-01-05T08:00:00Z');
    expect(await lookedUp()).toBe('2026-02-10T09:15:00.000Z');
    const [row] = await database.db.query<{ last_contact_at: Date }>('select last_contact_at from customer_fact where customer_id = $1', [anna]);
    expect(row?.last_contact_at.toISOString()).toBe('2026-02-10T09:15:00.000Z');
  });

  it('give the delivery and billing address in the 360 and with the synced row', async () => {
    const anna = fixture.customers.anna.id;
    const delivery = { street: 'Keizersgracht 12', postcode: '1015 CJ', city: 'Amsterdam', country: 'NL' };
    const billing = { street: 'Postbus 77', postcode: '3500 AB', city: 'Utrecht', country: 'NL' };
    await database.db.query(`update customer set address = $2, billing_address = $3, change_seq = nextval('change_seq') where id = $1`, [anna, delivery, billing]);
    const seen = await facts(anna);
    expect(seen.customer).toMatchObject({ address: delivery, billingAddress: billing });
    const [synced] = await syncedCustomers();
    expect(synced).toMatchObject({ address: delivery, billing_address: billing });
  });

  it('are the record for an overflow agent only for a customer it was given', async () => {
    const overflow = await hub.login(fixture.agents.overflow.email);
    const refused = await hub.call('GET', `/customers/${fixture.customers.anna.id}`, { token: overflow });
    expect(refused).toEqual({ status: 403, body: { code: 'auth.forbidden', params: { reason: 'customer.notGranted' } } });
    const lookup = await hub.call('GET', `/customers/lookup?phone=${encodeURIComponent(fixture.customers.anna.phone)}`, { token: overflow });
    expect(lookup.status).toBe(200);
    const granted = await hub.call('GET', `/customers/${fixture.customers.anna.id}`, { token: overflow });
    expect(granted.status).toBe(200);
    expect(granted.body.counters).toMatchObject({ orders: 3, repeatBuyer: true });
  });
});
