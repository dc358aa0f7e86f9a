import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertLookupFound, cacheMismatches, durability, incompleteDataSet, makeDurable } from '../../../bench/checks.ts';
import { openPglite, openPostgres, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { ensurePostgresInstalled, startPostgres, type PostgresServer } from '../../support/postgres.ts';

// The checks a benchmark makes before it trusts its figures, on a real hub and a real server.
describe('benchmark checks', () => {
  let db: Database;
  let hub: RunningHub;
  let fixture: Fixture;
  let token: string;
  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
    fixture = await seedFixture(db);
    hub = await startHub(db);
    token = await hub.login(fixture.agents.team_lead.email);
  });
  afterAll(async () => {
    await hub?.close();
    await db?.close();
  });

  it('a phone lookup counts only when it found the customer with that number, not on any 200', async () => {
    const found = await hub.call('GET', `/customers/lookup?phone=${encodeURIComponent(fixture.customers.anna.phone)}`, { token });
    expect(() => assertLookupFound(found.body, fixture.customers.anna.phone)).not.toThrow();
    // A number nobody has: the hub answers 200 with no hits, which a status check alone would time as a lookup.
    const missed = await hub.call('GET', `/customers/lookup?phone=${encodeURIComponent('+31600000001')}`, { token });
    expect(missed.status).toBe(200);
    expect(() => assertLookupFound(missed.body, '+31600000001')).toThrow(/did not find its customer \(0 hits\)/);
    expect(() => assertLookupFound(found.body, '+31600000001')).toThrow(/did not find/);
  });

  it('refuses a scale data set whose seeding stopped early, and a cache that missed rows', () => {
    expect(incompleteDataSet({ customer: 100_000, interaction: 2_000_000 })).toEqual([]);
    expect(incompleteDataSet({ customer: 100_000, interaction: 1_200_000 })).toEqual(['interaction: 1,200,000 of 2,000,000 rows']);
    expect(incompleteDataSet({})).toHaveLength(2);
    expect(cacheMismatches({ customer: 10, interaction: 20 }, { customer: 10, interaction: 19 }, ['customer', 'interaction'])).toEqual([
      'interaction: the cache holds 19 rows, the hub 20',
    ]);
  });
});

describe('the PostgreSQL a benchmark measures', () => {
  let server: PostgresServer;
  let db: Database;
  beforeAll(async () => {
    ensurePostgresInstalled();
    server = await startPostgres({ durabilitySwitchable: true });
    db = await openPostgres(server.url, 2);
  });
  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });

  it('is switched from the test cluster\'s fast settings to fsync, synchronous commit and full-page writes on', async () => {
    expect(await durability(db)).toEqual({ fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' });
    await makeDurable(db);
    expect(await durability(db)).toEqual({ fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' });
  });
});
