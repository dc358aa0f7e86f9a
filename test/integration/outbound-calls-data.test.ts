import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallbackList, CartFollowUpList } from '../../common/contract/callbacks.ts';
import type { Role } from '../../common/hub/roles.ts';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { InProcessConsoles } from '../support/in-process-console.ts';
import { ingest, seedOutbound, type OutboundFixture } from '../support/outbound-fixture.ts';
import { request, until } from '../support/services-requests.ts';

// The console's outbound call lists against a real hub: callbacks (mine and the team's, due,
// overdue, done) and abandoned carts, the outcome of each call as the hub stores it, an order
// from the shop taking a cart off, what an overflow agent is refused, and a console whose hub
// has gone.

let db: Database;
let hub: RunningHub;
let hubClosed = false;
let fixture: Fixture;
let outbound: OutboundFixture;
const consoles = new InProcessConsoles();

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  hub = await startHub(db);
  outbound = await seedOutbound(hub, fixture);
}, 120_000);

afterEach(() => consoles.disposeAll());

afterAll(async () => {
  if (!hubClosed) await hub?.close();
  await db?.close();
});

/** A console signed in as `role` (the lists need no first sync: they are read from the hub). */
async function open(role: Role) {
  const services = await consoles.open({ url: hub.url, email: fixture.agents[role].email, password: PASSWORD, synced: false });
  await until('the sign-in', () => services.hub.status().state === 'signedIn');
  return services;
}
const ids = (list: CallbackList) => list.callbacks.map((callback) => callback.id);

describe('callbacks through the console', () => {
  it('lists my callbacks due today and overdue apart, and the team’s with a colleague’s and the web shop’s request', async () => {
    const services = await open('first_line');
    const mineDue = await request<CallbackList>(services, 'callbacks.list', { scope: 'mine', state: 'due' });
    const mineOverdue = await request<CallbackList>(services, 'callbacks.list', { scope: 'mine', state: 'overdue' });
    const teamDue = await request<CallbackList>(services, 'callbacks.list', { scope: 'team', state: 'due' });
    expect(ids(mineDue)).toEqual([outbound.callbacks.due]);
    expect(ids(mineOverdue)).toEqual([outbound.callbacks.overdue]);
    expect(mineOverdue.callbacks[0]).toMatchObject({ overdue: true, customerName: 'Anna de Vries', note: 'Wants to hear about the refund', source: 'agent' });
    expect(ids(teamDue)).toEqual(expect.arrayContaining([outbound.callbacks.due, outbound.callbacks.colleagues, outbound.callbacks.webShop]));
    expect(ids(teamDue)).not.toContain(outbound.callbacks.overdue);
    const request_ = teamDue.callbacks.find((callback) => callback.id === outbound.callbacks.webShop);
    expect(request_).toMatchObject({ source: 'web_shop', assignedTo: null, language: 'fr', phone: outbound.sophie.phone, customerName: outbound.sophie.name, overdue: false });
    expect(request_?.windowStart).not.toBeNull();
  });

  it('saves how a call went: no answer moves it to the retry time, reached closes it into the done list', async () => {
    const services = await open('first_line');
    const retryAt = new Date(Date.now() + 60 * 60_000);
    retryAt.setSeconds(0, 0);
    await request(services, 'callbacks.outcome', { callbackId: outbound.callbacks.due, outcome: 'no_answer', rescheduleAt: retryAt.toISOString(), note: 'Voicemail' });
    const [moved] = await db.query<{ due_at: Date; attempts: number; status: string }>('select due_at, attempts, status from callback where id = $1', [outbound.callbacks.due]);
    expect(moved).toMatchObject({ status: 'open', attempts: 1 });
    expect(moved?.due_at.toISOString()).toBe(retryAt.toISOString());

    // The web shop's unassigned request: whoever saves an outcome takes it.
    await request(services, 'callbacks.outcome', { callbackId: outbound.callbacks.webShop, outcome: 'reached' });
    const done = await request<CallbackList>(services, 'callbacks.list', { scope: 'mine', state: 'done' });
    const reached = done.callbacks.find((callback) => callback.id === outbound.callbacks.webShop);
    expect(reached).toMatchObject({ status: 'done', outcome: 'reached', assignedTo: { id: fixture.agents.first_line.id } });
    expect(ids(await request<CallbackList>(services, 'callbacks.list', { scope: 'team', state: 'due' }))).not.toContain(outbound.callbacks.webShop);
  });

  it('refuses a no-answer outcome without a retry time before it reaches the hub', async () => {
    const services = await open('first_line');
    await expect(request(services, 'callbacks.outcome', { callbackId: outbound.callbacks.overdue, outcome: 'no_answer' })).rejects.toMatchObject({ code: 'request.invalid' });
  });
});

describe('cart follow-ups through the console', () => {
  it('lists carts abandoned over 48 h ago by consenting customers, highest value first; an outcome and an order take them off', async () => {
    const services = await open('first_line');
    const carts = async () => (await request<CartFollowUpList>(services, 'carts.list', {})).carts;
    const first = await carts();
    expect(first.map((cart) => cart.cartId)).toEqual([outbound.carts.anna, outbound.carts.sophie, outbound.carts.bram]);
    expect(first[0]).toMatchObject({ customerName: 'Anna de Vries', valueCents: 12_000, currency: 'EUR', attempts: 0, lastOutcome: null, phone: fixture.customers.anna.phone });

    // No answer keeps it, one attempt more; recovered takes it off.
    await request(services, 'carts.outcome', { id: uuidv7(), cartId: outbound.carts.bram, outcome: 'no_answer' });
    expect((await carts()).find((cart) => cart.cartId === outbound.carts.bram)).toMatchObject({ attempts: 1, lastOutcome: 'no_answer' });
    const recovered = uuidv7();
    await request(services, 'carts.outcome', { id: recovered, cartId: outbound.carts.anna, outcome: 'recovered', note: 'Ordered on the phone' });
    // The same outcome sent again (a lost answer) is stored once.
    await request(services, 'carts.outcome', { id: recovered, cartId: outbound.carts.anna, outcome: 'recovered', note: 'Ordered on the phone' });
    const [stored] = await db.query<{ count: string }>(`select count(*) from cart_followup where cart_id = $1 and outcome = 'recovered'`, [outbound.carts.anna]);
    expect(Number(stored?.count)).toBe(1);
    expect((await carts()).map((cart) => cart.cartId)).toEqual([outbound.carts.sophie, outbound.carts.bram]);

    // Sophie orders from her cart in the shop.
    await ingest(hub, [
      {
        type: 'order.placed',
        externalId: `order-${uuidv7()}`,
        occurredAt: new Date().toISOString(),
        customer: { email: outbound.sophie.email },
        order: { number: `BE-${Date.now()}`, currency: 'EUR', totalCents: 8_995 },
        cartRef: 'cart-sophie',
      },
    ]);
    expect((await carts()).map((cart) => cart.cartId)).toEqual([outbound.carts.bram]);
  });

  it('an overflow agent is refused the cart list and sees only its own callbacks', async () => {
    const services = await open('overflow');
    await expect(request(services, 'carts.list', {})).rejects.toMatchObject({ code: 'hub.refused' });
    const envelope = await services.dispatcher.dispatch('carts.list', {}, { shell: 'web', sender: 'test' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'hub.refused', params: { status: 403 } } });
    expect((await request<CallbackList>(services, 'callbacks.list', { scope: 'team', state: 'due' })).callbacks).toEqual([]);
  });
});

describe('without the hub', () => {
  it('says the hub cannot be reached instead of showing an empty list', async () => {
    const services = await open('first_line');
    await request<CallbackList>(services, 'callbacks.list', { scope: 'mine', state: 'due' });
    await hub.close();
    hubClosed = true;
    await expect(request(services, 'callbacks.list', { scope: 'mine', state: 'due' })).rejects.toMatchObject({ code: 'hub.unreachable' });
    await expect(request(services, 'carts.list', {})).rejects.toMatchObject({ code: 'hub.unreachable' });
  });
});
