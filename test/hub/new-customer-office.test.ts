// A customer an agent creates for an unknown caller (`PUT /customers/:id`) lands in the office of
// their country — the office that speaks their language — not in the agent's. Runs on PGlite and
// on PostgreSQL.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
let firstLine: string;
let overflow: string;
const cologne = uuidv7();

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  // The fixture's agents all sit in Amsterdam (NL); the hub also has an office in Germany.
  await database.db.query(`insert into office (id, code, name, country, timezone) values ($1, 'cgn', 'Köln', 'DE', 'Europe/Berlin')`, [cologne]);
  hub = await startHub(database.db);
  firstLine = await hub.login(fixture.agents.first_line.email);
  overflow = await hub.login(fixture.agents.overflow.email);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

async function officeOf(id: string): Promise<string | null> {
  const [row] = await database.db.query<{ office_id: string | null }>('select office_id from customer where id = $1', [id]);
  return row?.office_id ?? null;
}

describe('a new customer’s office', () => {
  it('is the office of the customer’s country when an agent of another office creates them', async () => {
    const id = uuidv7();
    const created = await hub.call('PUT', `/customers/${id}`, {
      token: firstLine,
      body: { name: 'Jonas Weber', language: 'de', country: 'de', phones: ['+498947215471'] },
    });
    expect(created.status).toBe(200);
    expect(await officeOf(id)).toBe(cologne);
    // The 360 names that office, also for the Dutch agent who made them.
    const view = await hub.call('GET', `/customers/${id}`, { token: firstLine });
    expect(view.body.customer).toMatchObject({ officeId: cologne, officeName: 'Köln' });
  });

  it('is the agent’s own office for a customer of the same country, also for overflow agents', async () => {
    const id = uuidv7();
    expect((await hub.call('PUT', `/customers/${id}`, { token: overflow, body: { name: 'Fenna Smit', language: 'nl', country: 'NL' } })).status).toBe(200);
    expect(await officeOf(id)).toBe(fixture.officeId);
  });

  it('falls back to the agent’s office for a country without an office', async () => {
    const id = uuidv7();
    expect((await hub.call('PUT', `/customers/${id}`, { token: firstLine, body: { name: 'Lena Gruber', language: 'de', country: 'AT' } })).status).toBe(200);
    expect(await officeOf(id)).toBe(fixture.officeId);
  });

  it('stays where it is when the request is repeated', async () => {
    const id = uuidv7();
    const body = { name: 'Marie Dubois', language: 'fr', country: 'DE' };
    expect((await hub.call('PUT', `/customers/${id}`, { token: firstLine, body })).status).toBe(200);
    expect((await hub.call('PUT', `/customers/${id}`, { token: firstLine, body })).status).toBe(200);
    expect(await officeOf(id)).toBe(cologne);
  });
});
