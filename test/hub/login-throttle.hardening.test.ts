import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hardeningRow } from '../support/hardening.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

// Password guessing against one account from many addresses: the per-address limit does not see
// it (the test hubs allow 10,000 attempts a minute per address, as if every guess came from
// another address), the per-account limit must. It is kept in the database, so every hub instance
// counts the same guesses, and it ends with its window, so an attacker cannot lock an agent out
// for good.
let database: TestDatabase;
let clock = new Date();
let first: RunningHub;
let second: RunningHub;
let fixture: Fixture;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  // Two instances on one database, on one clock the test moves.
  first = await startHub(database.db, { now: () => clock });
  second = await startHub(database.db, { now: () => clock });
});

afterAll(async () => {
  await first?.close();
  await second?.close();
  await database?.close();
});

const attempt = (hub: RunningHub, email: string, password: string) => hub.call('POST', '/auth/login', { body: { email, password } });

describe('per-account login limit', () => {
  it('refuses the 11th wrong password for one account within 15 minutes on every instance, while another account still signs in', async (ctx) => {
    const victim = fixture.agents.second_line.email;
    const statuses: number[] = [];
    // Spread over both instances, as a load balancer would.
    for (let i = 0; i < 12; i++) statuses.push((await attempt(i % 2 === 0 ? first : second, victim, `guess-${i}`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);

    // Now even the right password waits, on both instances, and is told for how long.
    for (const hub of [first, second]) {
      const refused = await attempt(hub, victim, PASSWORD);
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('auth.rateLimited');
      expect(refused.body.params.retryAfter).toBeGreaterThan(0);
      expect(refused.body.params.retryAfter).toBeLessThanOrEqual(15 * 60);
    }
    expect((await attempt(first, fixture.agents.first_line.email, PASSWORD)).status).toBe(200);

    // The window ends: the agent signs in (and the count starts afresh).
    clock = new Date(clock.getTime() + 15 * 60_000 + 1_000);
    expect((await attempt(second, victim, PASSWORD)).status).toBe(200);
    expect((await attempt(first, victim, 'one more guess')).status).toBe(401);
    hardeningRow(ctx, {
      case: 'password guessing on one account',
      fault: '12 wrong passwords for one account over 2 hub instances, per-address limit out of the way',
      result: '10 × 401 then 429 auth.rateLimited (right password too); other account 200; 200 after the window',
      figure: 'limit 10 per 15 min per account',
    });
  });

  it('answers guesses at an unknown e-mail address the same way, so a 429 does not tell that an account exists', async (ctx) => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt(first, 'nobody@shop.example', `guess-${i}`)).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    hardeningRow(ctx, { case: 'account enumeration through the login limit', fault: '11 guesses at an unknown address', result: '10 × 401 then 429, like a real account', figure: 'same answers' });
  });

  it('counts an address however it is capitalised', async (ctx) => {
    const email = fixture.agents.expert.email;
    for (let i = 0; i < 10; i++) expect((await attempt(first, i % 2 ? email.toUpperCase() : email, `guess-${i}`)).status).toBe(401);
    expect((await attempt(second, email, PASSWORD)).status).toBe(429);
    hardeningRow(ctx, { case: 'login limit dodged by spelling', fault: '10 guesses alternating upper and lower case', result: '429 on the next attempt', figure: 'one count per account' });
  });
});
