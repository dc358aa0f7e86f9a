import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceDueCallbacks } from '../../server/callbacks-due.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { INGEST_KEY, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

// Callbacks by scope and state, their outcomes, and the web shop's "call me back" request.
// The hub's clock stands at 10:00 in Amsterdam (the fixture office), so "today" is known.

const NOW = new Date('2026-06-10T08:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
const tokens: Record<string, string> = {};
let clock = NOW;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db, { now: () => clock });
  for (const role of ['first_line', 'second_line', 'team_lead', 'overflow'] as const) tokens[role] = await hub.login(fixture.agents[role].email);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

async function schedule(role: string, dueAt: string, options: { assignTo?: string; customer?: 'anna' | 'bram' } = {}): Promise<string> {
  const id = uuidv7();
  const customer = fixture.customers[options.customer ?? 'anna'];
  const body = { customerId: customer.id, dueAt, phone: customer.phone, note: `due ${dueAt}`, ...(options.assignTo ? { assignTo: options.assignTo } : {}) };
  const response = await hub.call('PUT', `/callbacks/${id}`, { token: tokens[role], body });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return id;
}

const list = async (role: string, query: string) => {
  const response = await hub.call('GET', `/callbacks?${query}`, { token: tokens[role] });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.callbacks as { id: string; overdue: boolean; status: string; outcome: string | null; attempts: number; assignedTo: { id: string } | null; source: string }[];
};
const ids = (items: { id: string }[]) => items.map((item) => item.id);

describe('callback lists', () => {
  it('splits open callbacks into due today and overdue, and a scope into mine and the team’s', async () => {
    const soon = await schedule('first_line', at(60));
    const late = await schedule('first_line', at(-45)); // past due plus the 30-minute grace
    const onTime = await schedule('first_line', at(-10)); // within the grace: due, not overdue
    const tomorrow = await schedule('first_line', at(24 * 60));
    const colleagues = await schedule('second_line', at(30));

    const due = ids(await list('first_line', 'scope=mine&state=due'));
    expect(due).toEqual(expect.arrayContaining([soon, onTime]));
    expect(due).not.toContain(late);
    expect(due).not.toContain(tomorrow);
    expect(due).not.toContain(colleagues);

    const overdue = await list('first_line', 'scope=mine&state=overdue');
    expect(ids(overdue)).toEqual([late]);
    expect(overdue[0]?.overdue).toBe(true);

    const team = ids(await list('first_line', 'scope=team&state=open'));
    expect(team).toEqual(expect.arrayContaining([soon, late, onTime, tomorrow, colleagues]));
    // Sorted by due time.
    expect(team.indexOf(late)).toBeLessThan(team.indexOf(onTime));
    expect(team.indexOf(colleagues)).toBeLessThan(team.indexOf(soon));
  });

  it('gives an overflow agent only its own callbacks, whatever the scope', async () => {
    const lookup = await hub.call('GET', `/customers/lookup?phone=${encodeURIComponent(fixture.customers.bram.phone)}`, { token: tokens.overflow });
    expect(lookup.status).toBe(200);
    const own = await schedule('overflow', at(20), { customer: 'bram' });
    const someoneElses = await schedule('first_line', at(20), { customer: 'bram' });
    for (const scope of ['mine', 'team']) {
      const seen = ids(await list('overflow', `scope=${scope}&state=open`));
      expect(seen).toEqual([own]);
      expect(seen).not.toContain(someoneElses);
    }
  });
});

describe('callback outcomes', () => {
  it('closes a callback on reached, and lists it under done', async () => {
    const id = await schedule('first_line', at(5));
    const response = await hub.call('POST', `/callbacks/${id}/outcome`, { token: tokens.first_line, body: { outcome: 'reached', note: 'Refund explained' } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ id, status: 'done', outcome: 'reached', attempts: 1, overdue: false });
    expect(response.body.completedAt).toBe(NOW.toISOString());
    expect(ids(await list('first_line', 'scope=mine&state=done'))).toContain(id);
    expect(ids(await list('first_line', 'scope=mine&state=open'))).not.toContain(id);
    // A closed callback takes no second outcome.
    expect((await hub.call('POST', `/callbacks/${id}/outcome`, { token: tokens.first_line, body: { outcome: 'wrong_number' } })).status).toBe(409);
  });

  it('reschedules on no answer, counts the attempt and announces it again when it falls due', async () => {
    const id = await schedule('first_line', at(-5));
    expect(await announceDueCallbacks(hub.hub.context)).toBeGreaterThan(0);
    const firstDue = await database.db.query('select 1 from change_log where kind = $1 and entity_id = $2', ['callback.due', id]);
    expect(firstDue).toHaveLength(1);

    expect((await hub.call('POST', `/callbacks/${id}/outcome`, { token: tokens.first_line, body: { outcome: 'no_answer' } })).status).toBe(400);
    const response = await hub.call('POST', `/callbacks/${id}/outcome`, { token: tokens.first_line, body: { outcome: 'no_answer', rescheduleAt: at(120) } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ status: 'open', outcome: 'no_answer', attempts: 1, dueAt: at(120) });

    await announceDueCallbacks(hub.hub.context);
    expect(await database.db.query('select 1 from change_log where kind = $1 and entity_id = $2', ['callback.due', id])).toHaveLength(1);
    clock = new Date(NOW.getTime() + 121 * 60_000);
    try {
      await announceDueCallbacks(hub.hub.context);
    } finally {
      clock = NOW;
    }
    expect(await database.db.query('select 1 from change_log where kind = $1 and entity_id = $2', ['callback.due', id])).toHaveLength(2);
    const updated = await database.db.query<{ payload: { status: string; outcome: string } }>('select payload from change_log where kind = $1 and entity_id = $2', ['callback.updated', id]);
    expect(updated.map((row) => row.payload)).toEqual([expect.objectContaining({ status: 'open', outcome: 'no_answer' })]);
  });

  it('refuses a first-line agent’s outcome on a colleague’s callback, and an overflow agent’s on any but its own', async () => {
    const colleagues = await schedule('second_line', at(15));
    const refused = await hub.call('POST', `/callbacks/${colleagues}/outcome`, { token: tokens.first_line, body: { outcome: 'reached' } });
    expect(refused).toMatchObject({ status: 403, body: { code: 'auth.forbidden', params: { reason: 'callback.notOwn' } } });
    const byOverflow = await hub.call('POST', `/callbacks/${colleagues}/outcome`, { token: tokens.overflow, body: { outcome: 'reached' } });
    expect(byOverflow).toMatchObject({ status: 403, body: { params: { reason: 'callback.notOwn' } } });
    // A missing id answers the overflow agent alike.
    expect((await hub.call('POST', `/callbacks/${uuidv7()}/outcome`, { token: tokens.overflow, body: { outcome: 'reached' } })).body.params.reason).toBe('callback.notOwn');
    const [row] = await database.db.query<{ status: string; attempts: number }>('select status, attempts from callback where id = $1', [colleagues]);
    expect(row).toEqual({ status: 'open', attempts: 0 });
    // A lead may close anyone's.
    expect((await hub.call('POST', `/callbacks/${colleagues}/outcome`, { token: tokens.team_lead, body: { outcome: 'wrong_number' } })).body).toMatchObject({ status: 'done', outcome: 'wrong_number' });
  });
});

describe('callback requests from the web shop', () => {
  const request = (externalId: string, windowStart: string, windowEnd: string, extra: Record<string, unknown> = {}) =>
    hub.call('POST', '/ingest/events', {
      headers: { 'x-ingest-key': INGEST_KEY },
      body: { events: [{ type: 'callback.requested', externalId, occurredAt: at(-1), customer: { email: fixture.customers.bram.email }, phone: '+31687654321', windowStart, windowEnd, language: 'de-DE', ...extra }] },
    });

  it('makes an unassigned callback due at the window’s start that the whole team sees, announced to all staff, taken by whoever saves an outcome', async () => {
    const response = await request('shop-cb-1', at(30), at(90));
    expect(response).toMatchObject({ status: 200, body: { accepted: 1, duplicates: 0 } });
    expect((await request('shop-cb-1', at(30), at(90))).body).toMatchObject({ accepted: 0, duplicates: 1 });

    const team = await list('first_line', 'scope=team&state=due');
    const item = team.find((callback) => callback.source === 'web_shop');
    expect(item).toMatchObject({ customerId: fixture.customers.bram.id, phone: '+31687654321', dueAt: at(30), windowStart: at(30), windowEnd: at(90), language: 'de', assignedTo: null, createdBy: null });
    expect(ids(await list('first_line', 'scope=mine&state=open'))).not.toContain(item?.id);
    const [created] = await database.db.query<{ audience: string | null }>('select audience from change_log where kind = $1 and entity_id = $2', ['callback.created', item?.id]);
    expect(created).toEqual({ audience: null });

    // Overdue only once the window has ended.
    // (Access tokens last 15 minutes of the hub's clock: sign in again after moving it.)
    const overdueAt = async (minutes: number) => {
      clock = new Date(NOW.getTime() + minutes * 60_000);
      const token = await hub.login(fixture.agents.first_line.email);
      const response = await hub.call('GET', '/callbacks?scope=team&state=overdue', { token });
      return ids(response.body.callbacks);
    };
    try {
      expect(await overdueAt(80)).not.toContain(item?.id);
      expect(await overdueAt(95)).toContain(item?.id);
      await announceDueCallbacks(hub.hub.context);
    } finally {
      clock = NOW;
    }
    const [due] = await database.db.query<{ audience: string | null }>('select audience from change_log where kind = $1 and entity_id = $2', ['callback.due', item?.id]);
    expect(due).toEqual({ audience: null });

    const taken = await hub.call('POST', `/callbacks/${item?.id}/outcome`, { token: tokens.first_line, body: { outcome: 'reached' } });
    expect(taken.body).toMatchObject({ status: 'done', assignedTo: { id: fixture.agents.first_line.id } });
  });

  it('makes a customer the shop never told of, with the number to call, so the call finds them', async () => {
    const response = await hub.call('POST', '/ingest/events', {
      headers: { 'x-ingest-key': INGEST_KEY },
      body: { events: [{ type: 'callback.requested', externalId: 'shop-cb-new', occurredAt: at(-1), customer: { email: 'nieuw@example.de', name: 'Nina Neu', country: 'DE', language: 'de' }, phone: '+4915112345678', windowStart: at(60), windowEnd: at(120) }] },
    });
    expect(response.body).toMatchObject({ accepted: 1 });
    const found = await hub.call('GET', `/customers/lookup?phone=${encodeURIComponent('+4915112345678')}`, { token: tokens.first_line });
    expect(found.body.hits).toEqual([expect.objectContaining({ name: 'Nina Neu', openCallbacks: 1 })]);
  });

  it('refuses a window that ends before it starts, and a number that is not E.164', async () => {
    expect((await request('shop-cb-2', at(90), at(30))).status).toBe(400);
    expect((await request('shop-cb-3', at(30), at(90), { phone: '0612345678' })).status).toBe(400);
  });
});
