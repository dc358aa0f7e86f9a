import { v7 as uuidv7 } from 'uuid';
import { INGEST_KEY, type Fixture, type RunningHub } from './hub-fixture.ts';

// Callbacks and abandoned carts on the small fixture, made the way they arise: callbacks
// scheduled by agents through the hub's API, a "call me back" request and carts from the web
// shop through `POST /ingest/events` (customers who gave contact consent, and one who did not).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

export interface OutboundFixture {
  readonly callbacks: {
    /** Anna's, the first-line agent's own, two hours past due: overdue. */
    readonly overdue: string;
    /** Bram's, the first-line agent's own, due five minutes ago: due. */
    readonly due: string;
    /** Anna's, the second-line agent's: only in the team's list. */
    readonly colleagues: string;
    /** The web shop's request for Sophie (a new customer), unassigned, in her preferred window now. */
    readonly webShop: string;
  };
  readonly carts: {
    /** Anna's, €120.00, three days ago (cart ref `cart-anna`). */
    readonly anna: string;
    /** Sophie's, €89.95, four days ago (cart ref `cart-sophie`). */
    readonly sophie: string;
    /** Bram's, €45.00, five days ago (cart ref `cart-bram`). */
    readonly bram: string;
  };
  readonly sophie: { readonly name: string; readonly phone: string; readonly email: string };
}

export async function ingest(hub: RunningHub, events: unknown[]): Promise<void> {
  const answer = await hub.call('POST', '/ingest/events', { body: { events }, headers: { 'x-ingest-key': INGEST_KEY } });
  if (answer.status !== 200) throw new Error(`ingest: ${answer.status} ${JSON.stringify(answer.body)}`);
}

async function scheduleCallback(hub: RunningHub, token: string, body: Record<string, unknown>): Promise<string> {
  const id = uuidv7();
  const answer = await hub.call('PUT', `/callbacks/${id}`, { token, body });
  if (answer.status !== 200 && answer.status !== 201) throw new Error(`callback: ${answer.status} ${JSON.stringify(answer.body)}`);
  return id;
}

/** The carts' ids as the hub stored them (by the shop's cart ref). */
async function cartIds(hub: RunningHub): Promise<Record<string, string>> {
  const rows = await hub.hub.context.db.query<{ id: string; ref: string }>(`select id, ref from cart where ref like 'cart-%'`);
  return Object.fromEntries(rows.map((row) => [row.ref, row.id]));
}

export async function seedOutbound(hub: RunningHub, fixture: Fixture): Promise<OutboundFixture> {
  const { anna, bram } = fixture.customers;
  const firstLine = await hub.login(fixture.agents.first_line.email);
  const secondLine = await hub.login(fixture.agents.second_line.email);
  const overdue = await scheduleCallback(hub, firstLine, { customerId: anna.id, dueAt: iso(-2 * HOUR), phone: anna.phone, note: 'Wants to hear about the refund' });
  const due = await scheduleCallback(hub, firstLine, { customerId: bram.id, dueAt: iso(-5 * MINUTE), phone: bram.phone });
  const colleagues = await scheduleCallback(hub, secondLine, { customerId: anna.id, dueAt: iso(-5 * MINUTE), phone: anna.phone });
  const sophie = { name: 'Sophie Lambert', phone: '+32470123456', email: 'sophie.lambert@example.be' };
  const shopCustomer = (email: string, extra: Record<string, unknown> = {}) => ({ email, contactConsent: true, ...extra });
  await ingest(hub, [
    {
      type: 'callback.requested',
      externalId: `cb-${uuidv7()}`,
      occurredAt: iso(-30 * MINUTE),
      customer: shopCustomer(sophie.email, { name: sophie.name, phone: sophie.phone, language: 'fr-BE', country: 'BE' }),
      phone: sophie.phone,
      windowStart: iso(-10 * MINUTE),
      windowEnd: iso(50 * MINUTE),
      language: 'fr',
    },
    { type: 'cart.abandoned', externalId: `cart-${uuidv7()}`, occurredAt: iso(-3 * DAY), customer: shopCustomer(anna.email), valueCents: 12_000, currency: 'EUR', cartRef: 'cart-anna' },
    { type: 'cart.abandoned', externalId: `cart-${uuidv7()}`, occurredAt: iso(-4 * DAY), customer: shopCustomer(sophie.email), valueCents: 8_995, currency: 'EUR', cartRef: 'cart-sophie' },
    { type: 'cart.abandoned', externalId: `cart-${uuidv7()}`, occurredAt: iso(-5 * DAY), customer: shopCustomer(bram.email), valueCents: 4_500, currency: 'EUR', cartRef: 'cart-bram' },
    // Not to call: abandoned yesterday (the customer may still come back), and a customer without consent.
    { type: 'cart.abandoned', externalId: `cart-${uuidv7()}`, occurredAt: iso(-1 * DAY), customer: shopCustomer(anna.email), valueCents: 50_000, currency: 'EUR', cartRef: 'cart-anna-fresh' },
    {
      type: 'cart.abandoned',
      externalId: `cart-${uuidv7()}`,
      occurredAt: iso(-3 * DAY),
      customer: { email: 'no.calls@example.nl', name: 'Noor Bakker', phone: '+31611112222', contactConsent: false },
      valueCents: 99_000,
      currency: 'EUR',
      cartRef: 'cart-no-consent',
    },
  ]);
  const [webShop] = await hub.hub.context.db.query<{ id: string }>(`select id from callback where source = 'web_shop' order by due_at desc limit 1`);
  if (!webShop) throw new Error('the web shop request made no callback');
  const carts = await cartIds(hub);
  const cart = (ref: string) => {
    const id = carts[ref];
    if (!id) throw new Error(`no cart ${ref}`);
    return id;
  };
  return {
    callbacks: { overdue, due, colleagues, webShop: webShop.id },
    carts: { anna: cart('cart-anna'), sophie: cart('cart-sophie'), bram: cart('cart-bram') },
    sophie,
  };
}
