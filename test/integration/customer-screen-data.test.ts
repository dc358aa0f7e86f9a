import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Customer360, OrderDetail, ReasonOption, TimelinePage, WrapUpContext } from '../../common/contract/data.ts';
import type { Services } from '../../main/services.ts';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { InProcessConsoles } from '../support/in-process-console.ts';
import { request, until } from '../support/services-requests.ts';

// What the customer screen asks main for, against a real hub (PGlite) and a real encrypted cache:
// the 360's colleagues and office, the timeline's filters and search, orders with their steps,
// wrap-ups, new customers and numbers for unknown callers, recent customers, escalations and
// callbacks — each written through the outbox and seen by a second agent's console.
let db: Database;
let hub: RunningHub;
let fixture: Fixture;
const consoles = new InProcessConsoles();

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  await db.query(`insert into reason_code (code, labels, sort) values
    ('return_request', '{"en":"Return request","nl":"Retour aanmelden"}', 2), ('other', '{"en":"Other","nl":"Overig"}', 3)`);
  hub = await startHub(db);
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

afterEach(() => consoles.disposeAll());

const consoleFor = (role: keyof Fixture['agents']): Promise<Services> =>
  consoles.open({ url: hub.url, email: fixture.agents[role].email, password: PASSWORD });

const outboxEmpty = (services: Services) => until('the outbox to drain', () => services.data.status().pending === 0);

describe('the customer 360 and its history', () => {
  it('names the office and counts colleagues who speak the customer’s language and are free', async () => {
    const services = await consoleFor('first_line');
    const token = await hub.login(fixture.agents.expert.email);
    expect((await hub.call('PUT', '/presence', { token, body: { status: 'available' } })).status).toBe(200);
    const view = await until('the expert’s presence to sync', async () => {
      const v = await request<Customer360>(services, 'customers.get', { id: fixture.customers.anna.id });
      return v.languageColleagues?.free === 1 ? v : null;
    });
    expect(view.customer.officeName).toBe('Amsterdam');
    // Every fixture agent speaks Dutch; the agent asking is not their own colleague.
    expect(view.languageColleagues).toEqual({ total: Object.keys(fixture.agents).length - 1, free: 1 });
    expect(view.lastOrder?.number).toBe(fixture.customers.anna.order);
  });

  it('filters the timeline by channel group and searches inside it', async () => {
    const services = await consoleFor('first_line');
    const anna = fixture.customers.anna.id;
    const call = uuidv7();
    const mail = uuidv7();
    const note = uuidv7();
    const started = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const token = await hub.login(fixture.agents.first_line.email);
    for (const [id, channel, direction, text, ago] of [
      [call, 'phone', 'inbound', null, 30],
      [mail, 'email', 'inbound', 'Question about the invoice', 20],
      [note, 'note', 'internal', 'Parcel arrived damaged, photos in the mail', 10],
    ] as const) {
      const response = await hub.call('PUT', `/interactions/${id}`, { token, body: { customerId: anna, channel, direction, startedAt: started(ago), note: text } });
      expect(response.status).toBe(200);
    }
    const ids = async (filters: string[], text?: string) =>
      (await request<TimelinePage>(services, 'customers.timeline', { customerId: anna, limit: 50, filters, ...(text ? { text } : {}) })).items.map((i) => `${i.kind}:${i.id}`);
    await until('the interactions to sync', async () => (await ids(['calls', 'mails', 'notes'])).length === 3);
    expect(await ids(['calls'])).toEqual([`interaction:${call}`]);
    expect(await ids(['mails', 'notes'])).toEqual([`interaction:${note}`, `interaction:${mail}`]);
    // One item per order, its two steps inside it.
    const orders = await ids(['orders']);
    expect(orders.filter((i) => i.startsWith('order:'))).toHaveLength(1);
    expect(orders.filter((i) => i.startsWith('orderEvent:'))).toHaveLength(0);
    expect(await ids([], 'DAMAGED')).toEqual([`interaction:${note}`]);
    expect(await ids([], '3sabcd')).toHaveLength(1);
    expect(await ids(['calls'], 'damaged')).toEqual([]);
    // LIKE's wildcards are taken literally.
    expect(await ids([], '%')).toEqual([]);
    expect(await ids([])).toHaveLength(4);
  });

  it('lists orders newest first with their status steps, dates and tracking reference', async () => {
    const services = await consoleFor('second_line');
    const { orders } = await request<{ orders: OrderDetail[] }>(services, 'customers.orders', { customerId: fixture.customers.anna.id });
    expect(orders).toHaveLength(1);
    const [order] = orders;
    expect(order?.number).toBe(fixture.customers.anna.order);
    expect(order?.events.map((e) => e.status)).toEqual(['placed', 'shipped']);
    expect(Date.parse(order?.events[0]?.at ?? '')).toBeLessThan(Date.parse(order?.events[1]?.at ?? ''));
    expect(order?.trackingRef).toBe('3SABCD1234567');
    expect((await request<{ orders: OrderDetail[] }>(services, 'customers.orders', { customerId: fixture.customers.bram.id })).orders).toEqual([]);
  });

  it('remembers the customers the agent opened, newest first', async () => {
    const services = await consoleFor('first_line');
    await request(services, 'customers.opened', { id: fixture.customers.anna.id });
    await new Promise((r) => setTimeout(r, 5));
    await request(services, 'customers.opened', { id: fixture.customers.bram.id });
    const { customers } = await request<{ customers: { id: string }[] }>(services, 'customers.recent', {});
    expect(customers.map((c) => c.id)).toEqual([fixture.customers.bram.id, fixture.customers.anna.id]);
  });
});

describe('wrap-up', () => {
  it('saves a contact wrapped up on demand through the outbox; a colleague sees its reasons; the agent’s reasons come first next time', async () => {
    const agent = await consoleFor('first_line');
    const lead = await consoleFor('team_lead');
    const bram = fixture.customers.bram.id;
    const before = await request<{ reasons: ReasonOption[] }>(agent, 'reasons.list', {});
    expect(before.reasons.map((r) => r.code)).toEqual(['where_is_my_order', 'return_request', 'other']);
    expect(before.reasons[0]?.labels.nl).toBe('Waar is mijn bestelling');

    const id = uuidv7();
    await request(agent, 'drafts.save', { key: `wrapup:${id}`, text: 'Customer will send the parcel back' });
    const saved = await request<{ pending: boolean }>(agent, 'wrapUp.save', {
      interactionId: id,
      customerId: bram,
      create: { channel: 'email', direction: 'inbound', startedAt: new Date(Date.now() - 60_000).toISOString() },
      reasons: ['other', 'return_request'],
      outcome: 'follow_up',
      firstContactFix: false,
      transfers: 0,
      note: 'Customer will send the parcel back',
      orderId: null,
      draftKey: `wrapup:${id}`,
    });
    expect(saved.pending).toBe(true);
    expect(await request(agent, 'drafts.get', { key: `wrapup:${id}` })).toBeNull();
    await outboxEmpty(agent);
    const [row] = await db.query<{ channel: string; reasons: string[]; outcome: string; first_contact_fix: boolean; note: string }>(
      'select channel, reasons, outcome, first_contact_fix, note from interaction where id = $1',
      [id],
    );
    expect(row).toEqual({ channel: 'email', reasons: ['other', 'return_request'], outcome: 'follow_up', first_contact_fix: false, note: 'Customer will send the parcel back' });

    const seen = await until('the lead’s console to sync the contact', async () => {
      const page = await request<TimelinePage>(lead, 'customers.timeline', { customerId: bram, limit: 50 });
      return page.items.find((item) => item.id === id);
    });
    expect(seen.data.reasons).toEqual(['other', 'return_request']);
    expect(seen.pending).toBe(false);

    const after = await request<{ reasons: ReasonOption[] }>(agent, 'reasons.list', {});
    expect(after.reasons.map((r) => [r.code, r.uses])).toEqual([['return_request', 1], ['other', 1], ['where_is_my_order', 0]]);

    // The same customer's contacts of the last week, for the repeat-contact warning.
    const context = await request<WrapUpContext>(agent, 'wrapUp.context', { customerId: bram });
    expect(context.recentContacts.map((c) => [c.id, c.reasons])).toEqual([[id, ['other', 'return_request']]]);
    expect((await request<WrapUpContext>(agent, 'wrapUp.context', { customerId: bram, interactionId: id })).recentContacts).toEqual([]);
  });

  it('completes a call that started without a customer once the agent links it, then wraps it up', async () => {
    const agent = await consoleFor('first_line');
    const anna = fixture.customers.anna.id;
    const id = uuidv7();
    const startedAt = Date.now() - 120_000;
    const base = { id, direction: 'inbound' as const, remoteNumber: '+31611122233', sipCallId: `call-${id}`, startedAt, transfers: 1 };
    agent.data.calls.log({ ...base, phase: 'start', customerId: null, endedAt: null });
    agent.data.calls.log({ ...base, phase: 'end', customerId: null, endedAt: startedAt + 60_000 });
    agent.data.calls.log({ ...base, phase: 'link', customerId: anna, endedAt: startedAt + 60_000 });
    await request(agent, 'wrapUp.save', {
      interactionId: id, customerId: anna, create: null, reasons: ['where_is_my_order'], outcome: 'solved', firstContactFix: true, transfers: 1, note: null, orderId: null,
    });
    const page = await request<TimelinePage>(agent, 'customers.timeline', { customerId: anna, limit: 50, filters: ['calls'] });
    expect(page.items.find((i) => i.id === id)?.data).toMatchObject({ reasons: ['where_is_my_order'], outcome: 'solved', firstContactFix: 1, transfers: 1 });
    await outboxEmpty(agent);
    const [row] = await db.query<{ customer_id: string; reasons: string[]; first_contact_fix: boolean; remote_number: string; ended_at: Date | null }>(
      'select customer_id, reasons, first_contact_fix, remote_number, ended_at from interaction where id = $1',
      [id],
    );
    expect(row).toMatchObject({ customer_id: anna, reasons: ['where_is_my_order'], first_contact_fix: true, remote_number: '+31611122233' });
    expect(row?.ended_at).not.toBeNull();
  });
});

describe('unknown callers', () => {
  it('creates a new customer with the caller’s number in any notation; both consoles find them by it', async () => {
    const agent = await consoleFor('first_line');
    const colleague = await consoleFor('second_line');
    const id = uuidv7();
    await request(agent, 'customers.create', { id, name: 'Cor Bakker', phone: '06 11 12 22 33', email: 'Cor.Bakker@example.nl', language: 'nl', country: 'NL' });
    for (const query of ['06 11 12 22 33', '+31611122233', '0031 6 1112 2233']) {
      const { hits } = await request<{ hits: { id: string }[] }>(agent, 'customers.search', { query });
      expect(hits.map((h) => h.id), query).toEqual([id]);
    }
    await outboxEmpty(agent);
    const [row] = await db.query<{ name: string; office_id: string }>('select name, office_id from customer where id = $1', [id]);
    expect(row).toEqual({ name: 'Cor Bakker', office_id: fixture.officeId });
    expect(await db.query('select e164 from customer_phone where customer_id = $1', [id])).toEqual([{ e164: '+31611122233' }]);
    expect(await db.query('select email from customer_email where customer_id = $1', [id])).toEqual([{ email: 'cor.bakker@example.nl' }]);
    // The colleague's own cache gets the customer by sync (the screen pop looks there).
    await until('the colleague’s console to sync the new customer', () => colleague.data.customers.byPhone('+31611122233').length > 0);
    expect(colleague.data.customers.byPhone('+31611122233').map((c) => c.name)).toEqual(['Cor Bakker']);
    const { hits } = await request<{ hits: { id: string }[] }>(colleague, 'customers.search', { query: '0611122233' });
    expect(hits.map((h) => h.id)).toEqual([id]);
  });

  it('adds a caller’s number to a known customer, so the next call from it finds them', async () => {
    const agent = await consoleFor('first_line');
    const bram = fixture.customers.bram.id;
    await request(agent, 'customers.addPhone', { customerId: bram, phone: '06 99 88 77 66' });
    expect(agent.data.customers.byPhone('+31699887766').map((c) => c.id)).toEqual([bram]);
    const { customer } = await request<Customer360>(agent, 'customers.get', { id: bram });
    expect(customer.phones).toEqual([fixture.customers.bram.phone, '+31699887766']);
    await outboxEmpty(agent);
    expect((await db.query<{ e164: string }>('select e164 from customer_phone where customer_id = $1 order by e164', [bram])).map((r) => r.e164)).toEqual([
      fixture.customers.bram.phone,
      '+31699887766',
    ]);
  });

  it('refuses a number that is not one, with a code the console translates, and stores nothing', async () => {
    const agent = await consoleFor('first_line');
    const id = uuidv7();
    await expect(request(agent, 'customers.create', { id, name: 'Nobody', phone: '06 123', email: null, language: 'nl', country: 'NL' })).rejects.toMatchObject({
      code: 'customer.invalidPhone',
    });
    await expect(request(agent, 'customers.addPhone', { customerId: fixture.customers.bram.id, phone: '06 12' })).rejects.toMatchObject({ code: 'customer.invalidPhone' });
    expect(agent.data.status().pending).toBe(0);
  });
});

describe('overflow agents (whose consoles sync no customers)', () => {
  it('get the screen pop’s answer and the 360 with its last order from the hub', async () => {
    const overflow = await consoleFor('overflow');
    const staff = await consoleFor('first_line');
    expect(overflow.data.customers.byPhone(fixture.customers.anna.phone)).toEqual([]);
    expect((await overflow.data.customers.lookupCallerOnline(fixture.customers.anna.phone))?.map((c) => c.name)).toEqual(['Anna de Vries']);
    // Caller id asks the hub only when the cache has no match; a staff console's cache may lag
    // (a customer made a minute ago, a first sync still running), so the hub answers it too.
    expect((await staff.data.customers.lookupCallerOnline(fixture.customers.anna.phone))?.map((c) => c.name)).toEqual(['Anna de Vries']);
    expect(await staff.data.customers.lookupCallerOnline('+31600000009')).toEqual([]);
    const view = await request<Customer360>(overflow, 'customers.get', { id: fixture.customers.anna.id });
    expect(view.lastOrder?.number).toBe(fixture.customers.anna.order);
    expect(view.languageColleagues).toBeNull();
  });
});

describe('escalations and callbacks from the customer screen', () => {
  it('are stored at once, sent through the outbox and counted in the 360', async () => {
    const agent = await consoleFor('first_line');
    const anna = fixture.customers.anna.id;
    const escalation = uuidv7();
    const callback = uuidv7();
    await request(agent, 'escalations.create', { id: escalation, customerId: anna, interactionId: null, queue: 'second_line', summary: 'Refund not received after 14 days' });
    const due = new Date(Date.now() + 3_600_000).toISOString();
    await request(agent, 'callbacks.create', { id: callback, customerId: anna, dueAt: due, phone: '06 12 34 56 78', note: 'Call back about the refund' });
    const local = await request<Customer360>(agent, 'customers.get', { id: anna });
    expect(local.openEscalations.map((e) => e.id)).toContain(escalation);
    expect(local.openCallbacks.find((c) => c.id === callback)).toMatchObject({ phone: '+31612345678', note: 'Call back about the refund' });
    await outboxEmpty(agent);
    expect(await db.query('select queue, status from escalation where id = $1', [escalation])).toEqual([{ queue: 'second_line', status: 'open' }]);
    expect(await db.query('select phone, status from callback where id = $1', [callback])).toEqual([{ phone: '+31612345678', status: 'open' }]);
  });
});
