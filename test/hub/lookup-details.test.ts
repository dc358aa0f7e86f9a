import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

// The hub's customer lookup tells alike names apart and admits its limit: the first 20 by name
// with `more` when there are others, each hit with its city, last contact and open cases; the
// name also matches a later word (the surname). Overflow agents still only look up exactly.
let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
const ruud = { id: uuidv7(), phone: '+31630000001' };
/** Capitals outside A–Z: a database made with LC_CTYPE=C does not fold them (the test PostgreSQL is one). */
const inigo = { id: uuidv7(), name: 'Íñigo Álvarez Øster' };

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  fixture = await seedFixture(db);
  for (let i = 0; i < 21; i++) {
    const id = i === 0 ? ruud.id : uuidv7();
    const name = i === 0 ? 'Ruud de Boer' : `Klant${String(i).padStart(2, '0')} de Boer`;
    await db.query(`insert into customer (id, name, language, country, office_id, address) values ($1, $2, 'nl', 'NL', $3, $4)`, [
      id, name, fixture.officeId, JSON.stringify({ street: 'Markt 1', postcode: '9711 AA', city: 'Groningen', country: 'NL' }),
    ]);
  }
  await db.query(`insert into customer (id, name, language, country, office_id) values ($1, $2, 'es', 'ES', $3)`, [inigo.id, inigo.name, fixture.officeId]);
  await db.query('insert into customer_phone (customer_id, e164) values ($1, $2)', [ruud.id, ruud.phone]);
  const agent = fixture.agents.first_line.id;
  await db.query(`insert into interaction (id, customer_id, channel, direction, started_at, reasons, request_hash) values ($1, $2, 'email', 'inbound', '2026-03-01T10:00:00Z', '{}', 'seed')`, [uuidv7(), ruud.id]);
  await db.query(`insert into interaction (id, customer_id, channel, direction, started_at, reasons, request_hash) values ($1, $2, 'note', 'internal', '2026-03-05T10:00:00Z', '{}', 'seed')`, [uuidv7(), ruud.id]);
  for (const status of ['open', 'claimed', 'resolved']) {
    await db.query(`insert into escalation (id, customer_id, created_by, queue, status, summary, request_hash) values ($1, $2, $3, 'second_line', $4, 'x', 'seed')`, [uuidv7(), ruud.id, agent, status]);
  }
  await db.query(`insert into callback (id, customer_id, created_by, due_at, status, phone, request_hash) values ($1, $2, $3, now(), 'done', $4, 'seed')`, [uuidv7(), ruud.id, agent, ruud.phone]);
  hub = await startHub(db);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

describe('customer lookup', () => {
  it('returns the first 20 by name and says there are more; a surname finds them', async () => {
    const token = await hub.login(fixture.agents.first_line.email);
    const page = await hub.call('GET', '/customers/lookup?name=boer', { token });
    expect(page.status).toBe(200);
    expect(page.body.hits).toHaveLength(20);
    expect(page.body.more).toBe(true);
    const names = page.body.hits.map((hit: { name: string }) => hit.name);
    expect(names).toEqual([...names].sort());
    const exact = await hub.call('GET', '/customers/lookup?name=ruud', { token });
    expect(exact.body).toMatchObject({ more: false, hits: [{ id: ruud.id }] });
    const browse = await hub.call('GET', '/customers?q=boer', { token });
    expect(browse.body.more).toBe(true);
  });

  it('finds a name whose words begin with capitals outside A–Z, typed as the record spells them, in search and browse', async () => {
    const token = await hub.login(fixture.agents.first_line.email);
    for (const typed of ['Íñigo', 'Álvarez', 'Øster', 'Íñigo Álv', 'Álvarez Øs']) {
      const { body } = await hub.call('GET', `/customers/lookup?name=${encodeURIComponent(typed)}`, { token });
      expect(body.hits.map((hit: { id: string }) => hit.id), typed).toEqual([inigo.id]);
    }
    const browse = await hub.call('GET', `/customers?q=${encodeURIComponent('Álvarez')}`, { token });
    expect(browse.body.hits.map((hit: { id: string }) => hit.id)).toEqual([inigo.id]);
    // ASCII letters match in any case on every database.
    expect((await hub.call('GET', '/customers/lookup?name=RUUD', { token })).body.hits.map((hit: { id: string }) => hit.id)).toEqual([ruud.id]);
  });

  it('gives each hit its city, last contact (not a note) and open escalations and callbacks', async () => {
    const token = await hub.login(fixture.agents.first_line.email);
    const { body } = await hub.call('GET', `/customers/lookup?phone=${encodeURIComponent(ruud.phone)}`, { token });
    expect(body.more).toBe(false);
    expect(body.hits[0]).toMatchObject({ id: ruud.id, city: 'Groningen', lastContactAt: '2026-03-01T10:00:00.000Z', openEscalations: 2, openCallbacks: 0 });
    const quiet = (await hub.call('GET', '/customers/lookup?name=klant01', { token })).body.hits[0];
    expect(quiet).toMatchObject({ city: 'Groningen', lastContactAt: null, openEscalations: 0, openCallbacks: 0 });
    const noAddress = (await hub.call('GET', `/customers/lookup?email=${encodeURIComponent(fixture.customers.bram.email)}`, { token })).body.hits[0];
    expect(noAddress).toMatchObject({ id: fixture.customers.bram.id, city: null });
  });

  it('keeps an overflow agent to exact lookups: no name search, and the details only of whom it found', async () => {
    const token = await hub.login(fixture.agents.overflow.email);
    expect(await hub.call('GET', '/customers/lookup?name=boer', { token })).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    expect((await hub.call('GET', '/customers?q=boer', { token })).status).toBe(403);
    const { body } = await hub.call('GET', `/customers/lookup?phone=${encodeURIComponent(ruud.phone)}`, { token });
    expect(body.hits.map((hit: { id: string }) => hit.id)).toEqual([ruud.id]);
    expect(body.hits[0]).toMatchObject({ city: 'Groningen', openEscalations: 2 });
  });
});
