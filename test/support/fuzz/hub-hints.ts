import { hash } from '@node-rs/argon2';
import fc from 'fast-check';
import { ROLES } from '../../../common/hub/roles.ts';
import type { Database } from '../../../server/db/database.ts';
import { PASSWORD, type Fixture } from '../hub-fixture.ts';
import type { FuzzHints, Payload } from './zod-arbitrary.ts';

// What makes a fuzzed hub request land on real rows: ids of customers, interactions,
// escalations and callbacks that exist (the fixture's and those the fuzz created), real phone
// numbers in every notation, cursors, and agents to target. Targets are agents of their own
// ("victims"), so a fuzzed enrollment that ends an agent's access never locks the callers out.

export interface IdPools {
  readonly customer: string[];
  readonly interaction: string[];
  readonly escalation: string[];
  readonly callback: string[];
  readonly victim: string[];
  readonly agent: string[];
  readonly order: string[];
}

/**
 * One more agent per role that only ever appears as a target (`agentId`, `assignTo`, a login's
 * e-mail; with the fixture's password, so fuzzed logins also succeed and open devices).
 */
export async function addVictimAgents(db: Database, officeId: string): Promise<string[]> {
  const ids: string[] = [];
  const passwordHash = await hash(PASSWORD);
  for (const [index, role] of ROLES.entries()) {
    const [row] = await db.query<{ id: string }>(
      `insert into agent (id, office_id, email, display_name, role, languages, password_hash) values (gen_random_uuid(), $1, $2, $3, $4, '{nl,en,de}', $5) returning id`,
      [officeId, `victim-${index}@shop.example`, `Victim ${role}`, role, passwordHash],
    );
    if (row) ids.push(row.id);
  }
  return ids;
}

export async function idPools(db: Database, fixture: Fixture, victims: string[]): Promise<IdPools> {
  const orders = await db.query<{ id: string }>('select id from shop_order');
  return {
    customer: [fixture.customers.anna.id, fixture.customers.bram.id],
    interaction: [],
    escalation: [],
    callback: [],
    victim: victims,
    agent: [...Object.values(fixture.agents).map((a) => a.id), ...victims],
    order: orders.map((o) => o.id),
  };
}

const fromPool = (pool: readonly string[]) =>
  fc.oneof({ weight: 3, arbitrary: fc.nat().chain((i) => (pool.length ? fc.constant(pool[i % pool.length] as string) : fc.uuid({ version: 7 }))) }, { weight: 1, arbitrary: fc.uuid({ version: 7 }) });

const PHONES = ['+31612345678', '+31687654321', '06 12 34 56 78', '0031 6 1234 5678', '+49 30 1234567', '+48 22 123 45 67', '+31600000000', '1001', '+1', '0', '+999999999999999'];

/**
 * Hints for one route: its `:id` is an id of the route's own entity — mostly a new one for a
 * create (`PUT`; a known one tests the repeat and the conflict), mostly a known one otherwise.
 */
export function hubHints(method: string, url: string, pools: IdPools, fixture: Fixture): FuzzHints {
  const entity = (['customer', 'interaction', 'escalation', 'callback'] as const).find((e) => url.startsWith(`/${e}s/`));
  const ownId = entity && method === 'PUT' ? fc.oneof({ weight: 4, arbitrary: fc.uuid({ version: 7 }) }, { weight: 1, arbitrary: fromPool(pools[entity]) }) : entity ? fromPool(pools[entity]) : fc.uuid({ version: 7 });
  const cursor = fc.tuple(fc.constantFrom('2026-01-01T00:00:00.000Z', '9999-01-01T00:00:00Z', '1970-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00Z', 'x'), fc.uuid({ version: 7 })).map(([at, id]) => `${at}|${id}`);
  const byKey: Record<string, fc.Arbitrary<unknown>> = {
    id: ownId,
    customerId: fromPool(pools.customer),
    interactionId: fromPool(pools.interaction),
    orderId: fromPool(pools.order),
    agentId: fromPool(pools.victim),
    assignTo: fromPool(pools.agent),
    subjectId: fromPool([...pools.customer, ...pools.agent]),
    phone: fc.oneof(fc.constantFrom(...PHONES), fc.stringMatching(/^\+[1-9]\d{6,14}$/)),
    // Array elements are hinted under the array's key.
    phones: fc.oneof(fc.constantFrom('+31612345678', '+31611111111', '+4930123456', '+48221234567'), fc.stringMatching(/^\+[1-9]\d{6,14}$/)),
    // Never a caller's address: failed logins may throttle it, and the callers must stay signed in.
    email: fc.constantFrom(fixture.customers.anna.email, 'victim-0@shop.example', 'VICTIM-4@SHOP.EXAMPLE', 'nobody@example.com'),
    password: fc.constantFrom(PASSWORD, 'wrong password', ' '),
    order: fc.constantFrom(fixture.customers.anna.order, fixture.customers.anna.order.toLowerCase(), 'NL-2026', '%'),
    name: fc.constantFrom('Anna', 'an', 'Bram Jansen', '%', '_', 'ß'),
    q: fc.constantFrom('an', 'A', '%', '_', '\\', 'ß', 'ANNA', 'Ω'),
    before: cursor,
    subjectType: fc.constantFrom('customer', 'agent', 'sipAccount'),
    queue: fc.constantFrom('second_line', 'expert', 'team_lead', 'returns', 'Ω queue'),
    country: fc.constantFrom('NL', 'nl', 'DE', 'PL', 'ßx', 'ǅa'),
    language: fc.constantFrom('nl', 'en', 'de', 'fr', 'pl', 'es', 'it', 'de-CH', 'EN', 'xx', 'ß'),
    currency: fc.constantFrom('EUR', 'eur', 'PLN', 'ßab'),
  };
  return { forKey: (key) => byKey[key] };
}

/** `GET /customers/lookup` wants exactly one of its keys (a refinement the generic walker does not model). */
export function lookupQueries(fixture: Fixture): fc.Arbitrary<Payload> {
  const anna = fixture.customers.anna;
  return fc
    .oneof(
      fc.constantFrom(...PHONES).map((phone) => ({ phone })),
      fc.constantFrom(anna.email, anna.email.toUpperCase(), 'nobody@example.com').map((email) => ({ email })),
      fc.constantFrom(anna.order, anna.order.toLowerCase(), 'NL-2026').map((order) => ({ order })),
      fc.constantFrom('Anna', 'an', 'ß', '%', '_').map((name) => ({ name })),
    )
    .map((value): Payload => ({ kind: 'valid', value }));
}
