// Customers made or completed from the console for unknown callers: `PUT /customers/:id` (a new
// customer under a client-made id, safe to repeat) and `POST /customers/:id/phones` (a known
// customer's new number). Both reach other consoles through the delta sync, phones included.
// Runs on PGlite and on PostgreSQL.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
let overflow: string;
let firstLine: string;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  overflow = await hub.login(fixture.agents.overflow.email);
  firstLine = await hub.login(fixture.agents.first_line.email);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

async function syncedCustomer(token: string, since: number, id: string): Promise<Record<string, unknown> | undefined> {
  const response = await hub.call('GET', `/sync?since=${since}&limit=5000`, { token });
  expect(response.status).toBe(200);
  const changes = response.body.changes as { entity: string; row: Record<string, unknown> }[];
  return changes.filter((c) => c.entity === 'customer' && c.row.id === id).at(-1)?.row;
}

const head = async (token: string) => ((await hub.call('GET', '/sync?since=0&limit=1', { token })).body as { head: number }).head;

describe('PUT /customers/:id', () => {
  it('creates the customer in the caller’s office with phones and e-mails; a repeat is harmless, another customer under the id is refused', async () => {
    const id = uuidv7();
    const body = { name: 'Cor Bakker', language: 'nl', country: 'nl', phones: ['+31611122233'], emails: ['Cor@Example.nl'] };
    const since = await head(firstLine);
    // Overflow agents take calls from unknown numbers too.
    const created = await hub.call('PUT', `/customers/${id}`, { token: overflow, body });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ id, name: 'Cor Bakker', language: 'nl', country: 'NL', phones: ['+31611122233'], emails: ['cor@example.nl'] });
    expect((await hub.call('PUT', `/customers/${id}`, { token: overflow, body })).status).toBe(200);
    expect((await hub.call('PUT', `/customers/${id}`, { token: overflow, body: { ...body, name: 'Someone Else' } })).status).toBe(409);
    const [row] = await database.db.query<{ office_id: string }>('select office_id from customer where id = $1', [id]);
    expect(row?.office_id).toBe(fixture.officeId);
    const synced = await syncedCustomer(firstLine, since, id);
    expect(synced).toMatchObject({ name: 'Cor Bakker', phones: ['+31611122233'], emails: ['cor@example.nl'], officeName: 'Amsterdam' });
    const lookup = await hub.call('GET', '/customers/lookup?phone=06%2011%2012%2022%2033', { token: overflow });
    expect(lookup.body.hits.map((h: { id: string }) => h.id)).toEqual([id]);
  });

  it('refuses numbers that are not E.164 and bodies without a name', async () => {
    const id = uuidv7();
    const bad = await hub.call('PUT', `/customers/${id}`, { token: firstLine, body: { name: 'X', language: 'nl', country: 'NL', phones: ['0611122233'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('request.invalid');
    expect((await hub.call('PUT', `/customers/${id}`, { token: firstLine, body: { name: ' ', language: 'nl', country: 'NL' } })).status).toBe(400);
    expect(await database.db.query('select id from customer where id = $1', [id])).toEqual([]);
  });
});

describe('POST /customers/:id/phones', () => {
  it('adds a number once and moves the customer to a new change, so consoles sync the new number', async () => {
    const bram = fixture.customers.bram;
    const since = await head(firstLine);
    const added = await hub.call('POST', `/customers/${bram.id}/phones`, { token: firstLine, body: { phone: '+31699887766' } });
    expect(added.status).toBe(200);
    expect(added.body.phones).toEqual([bram.phone, '+31699887766'].sort());
    expect((await syncedCustomer(firstLine, since, bram.id))?.phones).toEqual(expect.arrayContaining([bram.phone, '+31699887766']));
    const again = await head(firstLine);
    expect((await hub.call('POST', `/customers/${bram.id}/phones`, { token: firstLine, body: { phone: '+31699887766' } })).status).toBe(200);
    expect(await syncedCustomer(firstLine, again, bram.id)).toBeUndefined();
    expect((await hub.call('POST', `/customers/${uuidv7()}/phones`, { token: firstLine, body: { phone: '+31699887766' } })).status).toBe(404);
  });
});
