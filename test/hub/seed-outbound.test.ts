import { createSecretKey, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AGENT_EMAIL, DEMO_PASSWORD, DEMO_TEAM_LEAD_EMAIL, seedDemo } from '../../server/seed/demo.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { startHub, type RunningHub } from '../support/hub-fixture.ts';

// The demo seed's outbound work as `npm start` shows it: a cart follow-up list that is not empty
// and holds only carts the rules allow, the demo agent's callbacks in every state, and web-shop
// requests for the team.

const NOW = new Date('2026-11-23T10:00:00Z');

let database: TestDatabase;
let hub: RunningHub;
let agent: string;

async function login(email: string): Promise<string> {
  const response = await hub.call('POST', '/auth/login', { body: { email, password: DEMO_PASSWORD } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.accessToken as string;
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemo(database.db, { sipKey: createSecretKey(randomBytes(32)), now: NOW, customers: 300 });
  hub = await startHub(database.db, { now: () => NOW });
  agent = await login(DEMO_AGENT_EMAIL);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

describe('the demo seed’s outbound work', () => {
  it('lists cart follow-ups, highest value first, of consenting customers, none younger than 48 h', async () => {
    const carts = (await hub.call('GET', '/cart-followups', { token: agent })).body.carts as { cartId: string; valueCents: number; abandonedAt: string; customerId: string }[];
    expect(carts.length).toBeGreaterThanOrEqual(10);
    expect(carts.map((c) => c.valueCents)).toEqual([...carts.map((c) => c.valueCents)].sort((a, b) => b - a));
    for (const cart of carts) expect(NOW.getTime() - Date.parse(cart.abandonedAt)).toBeGreaterThan(48 * 3_600_000);
    const consent = await database.db.query<{ contact_consent: boolean }>('select contact_consent from customer where id = any($1::uuid[])', [carts.map((c) => c.customerId)]);
    expect(consent.every((row) => row.contact_consent)).toBe(true);
    // The seed also has carts that must not show: too young, and of customers who said no.
    const [hidden] = await database.db.query<{ young: number; refused: number }>(
      `select count(*) filter (where c.occurred_at > $1::timestamptz - interval '48 hours')::int as young,
              count(*) filter (where not cu.contact_consent)::int as refused
         from cart c join customer cu on cu.id = c.customer_id where c.status = 'abandoned' and c.ref like 'demo-cart-%'`,
      [NOW],
    );
    expect(hidden?.young).toBeGreaterThan(0);
    expect(hidden?.refused).toBeGreaterThan(0);
    const [mostly] = await database.db.query<{ share: number }>('select avg(case when contact_consent then 1 else 0 end)::float8 as share from customer');
    expect(mostly?.share).toBeGreaterThan(0.7);
  });

  it('gives the demo agent a callback due soon, an overdue one and a done one, and the team web-shop requests', async () => {
    const list = async (query: string, token = agent) => (await hub.call('GET', `/callbacks?${query}`, { token })).body.callbacks as { dueAt: string; source: string; assignedTo: unknown; outcome: string | null }[];
    const due = await list('scope=mine&state=due');
    expect(due.some((c) => Date.parse(c.dueAt) > NOW.getTime() && Date.parse(c.dueAt) <= NOW.getTime() + 15 * 60_000)).toBe(true);
    expect((await list('scope=mine&state=overdue')).length).toBeGreaterThan(0);
    expect((await list('scope=mine&state=done')).some((c) => c.outcome === 'reached')).toBe(true);
    const lead = await login(DEMO_TEAM_LEAD_EMAIL);
    const requests = (await list('scope=team&state=open', lead)).filter((c) => c.source === 'web_shop');
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.every((c) => c.assignedTo === null)).toBe(true);
  });
});
