import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { INGEST_KEY, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

// The cart follow-up list: carts abandoned more than 48 h ago, not recovered, of customers who
// gave contact consent, without a recovered / not interested outcome, by value; and how carts
// leave it (an order through ingest with the cart's ref or a later one, an outcome).

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
let agent: string;
let overflow: string;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
let events = 0;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  agent = await hub.login(fixture.agents.first_line.email);
  overflow = await hub.login(fixture.agents.overflow.email);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

async function shop(event: Record<string, unknown>): Promise<void> {
  const response = await hub.call('POST', '/ingest/events', {
    headers: { 'x-ingest-key': INGEST_KEY },
    body: { events: [{ externalId: `cart-test-${++events}`, occurredAt: hoursAgo(0), ...event }] },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

/** A shop customer (made by the first event naming its e-mail) and an abandoned cart of theirs. */
async function abandon(email: string, valueCents: number, ageHours: number, options: { consent?: boolean; cartRef?: string } = {}): Promise<void> {
  await shop({
    type: 'cart.abandoned', occurredAt: hoursAgo(ageHours), valueCents, currency: 'EUR',
    customer: { email, phone: `+316${String(10_000_000 + events).slice(-8)}`, name: email.split('@')[0], language: 'nl', ...(options.consent === undefined ? {} : { contactConsent: options.consent }) },
    ...(options.cartRef ? { cartRef: options.cartRef } : {}),
  });
}

const listed = async () => {
  const response = await hub.call('GET', '/cart-followups', { token: agent });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.carts as { cartId: string; customerName: string; valueCents: number; attempts: number; lastOutcome: string | null; phone: string | null }[];
};
const names = async () => (await listed()).map((cart) => cart.customerName);

describe('the cart follow-up list', () => {
  it('lists carts older than 48 h of consenting customers, highest value first, and leaves out younger ones and those without consent', async () => {
    await abandon('groot@example.nl', 12_000, 72, { consent: true });
    await abandon('klein@example.nl', 1_500, 50, { consent: true });
    await abandon('jong@example.nl', 50_000, 47, { consent: true });
    await abandon('nee@example.nl', 30_000, 96, { consent: false });
    await abandon('stil@example.nl', 30_000, 96); // consent never given
    expect(await names()).toEqual(['groot', 'klein']);
    const [first] = await listed();
    expect(first).toMatchObject({ valueCents: 12_000, attempts: 0, lastOutcome: null, phone: expect.stringMatching(/^\+316/) });
    // Consent given later brings the customer's cart in.
    await shop({ type: 'review', score: 5, customer: { email: 'stil@example.nl', contactConsent: true } });
    expect(await names()).toEqual(['stil', 'groot', 'klein']);
  });

  it('drops a cart when an order placed from it arrives (cartRef), keeping the customer’s other cart', async () => {
    await abandon('ref@example.nl', 9_000, 60, { consent: true, cartRef: 'cart-a' });
    await abandon('ref@example.nl', 8_000, 55, { consent: true, cartRef: 'cart-b' });
    const before = (await listed()).filter((cart) => cart.customerName === 'ref').map((cart) => cart.valueCents);
    expect(before).toEqual([9_000, 8_000]);
    await shop({ type: 'order.placed', customer: { email: 'ref@example.nl' }, order: { number: 'NL-CART-A', currency: 'EUR', totalCents: 9_000 }, cartRef: 'cart-a' });
    const after = (await listed()).filter((cart) => cart.customerName === 'ref').map((cart) => cart.valueCents);
    expect(after).toEqual([8_000]);
    const [recovered] = await database.db.query<{ status: string; number: string }>(
      `select c.status, o.number from cart c join shop_order o on o.id = c.recovered_order_id where c.ref = 'cart-a'`,
    );
    expect(recovered).toEqual({ status: 'recovered', number: 'NL-CART-A' });
    const announced = await database.db.query(`select 1 from change_log where kind = 'cart.recovered' and audience is null`);
    expect(announced.length).toBeGreaterThan(0);
  });

  it('drops a customer’s carts when a later order without a ref arrives', async () => {
    await abandon('later@example.nl', 7_000, 80, { consent: true });
    expect(await names()).toContain('later');
    await shop({ type: 'order.placed', customer: { email: 'later@example.nl' }, order: { number: 'NL-LATER-1', currency: 'EUR', totalCents: 7_000 } });
    expect(await names()).not.toContain('later');
  });

  it('keeps a cart after no answer (counting the attempt) and drops it after recovered or not interested', async () => {
    await abandon('bel@example.nl', 6_000, 70, { consent: true });
    await abandon('weg@example.nl', 5_000, 70, { consent: true });
    const carts = await listed();
    const bel = carts.find((cart) => cart.customerName === 'bel');
    const weg = carts.find((cart) => cart.customerName === 'weg');
    const outcome = (cartId: string | undefined, body: Record<string, unknown>) => hub.call('POST', `/cart-followups/${cartId}/outcome`, { token: agent, body });

    const first = { id: uuidv7(), outcome: 'no_answer', note: 'Voicemail' };
    expect((await outcome(bel?.cartId, first)).body).toMatchObject({ cartId: bel?.cartId, outcome: 'no_answer', note: 'Voicemail' });
    expect((await outcome(bel?.cartId, first)).status).toBe(200); // a repeat is harmless
    expect((await outcome(bel?.cartId, { ...first, outcome: 'recovered' })).status).toBe(422); // another body under that id
    expect((await listed()).find((cart) => cart.customerName === 'bel')).toMatchObject({ attempts: 1, lastOutcome: 'no_answer' });

    expect((await outcome(bel?.cartId, { id: uuidv7(), outcome: 'recovered' })).status).toBe(200);
    expect((await outcome(weg?.cartId, { id: uuidv7(), outcome: 'not_interested' })).status).toBe(200);
    expect(await names()).not.toContain('bel');
    expect(await names()).not.toContain('weg');
    const followedUp = await database.db.query<{ payload: { outcome: string } }>(`select payload from change_log where kind = 'cart.followedUp' order by seq`);
    expect(followedUp.map((row) => row.payload.outcome)).toEqual(['no_answer', 'recovered', 'not_interested']);
    expect((await outcome(uuidv7(), { id: uuidv7(), outcome: 'recovered' })).status).toBe(404);
  });

  it('refuses the list and an outcome to an overflow agent, also on a cart that exists, and writes nothing', async () => {
    const [cart] = await listed();
    expect(await hub.call('GET', '/cart-followups', { token: overflow })).toMatchObject({ status: 403, body: { code: 'auth.forbidden', params: { role: 'overflow' } } });
    const refused = await hub.call('POST', `/cart-followups/${cart?.cartId}/outcome`, { token: overflow, body: { id: uuidv7(), outcome: 'not_interested' } });
    expect(refused).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    expect(await database.db.query('select 1 from cart_followup where cart_id = $1', [cart?.cartId])).toHaveLength(0);
  });
});
