import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../server/db/database.ts';
import { ACCESS_TTL_SECONDS } from '../../server/api/auth.ts';
import { SESSION_MAX_AGE_MS } from '../../server/api/session-cache.ts';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/hub-db.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

// The hub keeps each session's validity between requests (server/api/session-cache.ts). These
// tests warm that cache with a request, end the session in every way the hub knows, and expect
// the very next request to be refused — on this instance at once, on another instance as soon as
// the announcement reaches it, and after a change nobody announced within the cache's max age.
let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
let clock = Date.now();
let lead: string;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db, { now: () => new Date(clock) });
  lead = await hub.login(fixture.agents.team_lead.email);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

async function signIn(email: string, deviceName?: string): Promise<{ accessToken: string; deviceId: string | null }> {
  const response = await hub.call('POST', '/auth/login', { body: { email, password: PASSWORD, ...(deviceName ? { deviceName } : {}) } });
  expect(response.status).toBe(200);
  return response.body;
}

/** A request that reads the session; 200 first so the session is in the cache. */
const me = (url: string, token: string) => fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({ status: r.status, body: await r.json() }));

async function warm(token: string, url = hub.url): Promise<void> {
  for (let i = 0; i < 3; i++) expect((await me(url, token)).status).toBe(200);
}

describe('a cached session ends with its session', () => {
  it('refuses the next request after a logout', async () => {
    const { accessToken } = await signIn(fixture.agents.first_line.email);
    await warm(accessToken);
    expect((await hub.call('POST', '/auth/logout', { token: accessToken })).status).toBe(200);
    expect(await me(hub.url, accessToken)).toMatchObject({ status: 401, body: { code: 'auth.revoked' } });
  });

  it('refuses the next request after the device was revoked', async () => {
    const { accessToken, deviceId } = await signIn(fixture.agents.second_line.email, 'Laptop to revoke');
    await warm(accessToken);
    expect((await hub.call('POST', `/devices/${deviceId}/revoke`, { token: lead })).status).toBe(200);
    expect(await me(hub.url, accessToken)).toMatchObject({ status: 401, body: { code: 'auth.revoked' } });
  });

  it('refuses the next request after the agent was disabled', async () => {
    const { accessToken } = await signIn(fixture.agents.expert.email);
    await warm(accessToken);
    expect(await hub.hub.context.auth.disableAgent(fixture.agents.expert.id)).toBe(true);
    expect(await me(hub.url, accessToken)).toMatchObject({ status: 401, body: { code: 'auth.revoked' } });
  });

  it('refuses the next request after a lead ended an overflow agent’s access', async () => {
    const { accessToken } = await signIn(fixture.agents.overflow.email);
    await warm(accessToken);
    expect((await hub.call('POST', `/overflow-agents/${fixture.agents.overflow.id}/end-access`, { token: lead, body: {} })).status).toBe(200);
    expect(await me(hub.url, accessToken)).toMatchObject({ status: 401, body: { code: 'auth.expired', params: { reason: 'access' } } });
  });

  it('never answers past an overflow agent’s access end, even from the cache', async () => {
    const [agent] = await database.db.query<{ id: string }>(
      `insert into agent (id, office_id, email, display_name, role, languages, password_hash, access_expires_at)
       select gen_random_uuid(), office_id, 'overflow-clock@shop.example', 'Overflow Clock', 'overflow', '{nl}', password_hash, $2
         from agent where id = $1 returning id`,
      [fixture.agents.first_line.id, new Date(clock + 60_000)],
    );
    expect(agent).toBeDefined();
    const { accessToken } = await signIn('overflow-clock@shop.example');
    await warm(accessToken);
    clock += 60_001;
    expect(await me(hub.url, accessToken)).toMatchObject({ status: 401, body: { code: 'auth.expired', params: { reason: 'access' } } });
  });

  it('sees a change nobody announced within its max age', async () => {
    const { accessToken } = await signIn(fixture.agents.admin.email);
    await warm(accessToken);
    // A hand edit in the database, without the announcement the hub's own routes make.
    await database.db.query('update auth_session set revoked_at = now() where agent_id = $1 and revoked_at is null', [fixture.agents.admin.id]);
    const edited = performance.now();
    let status = 200;
    while (status === 200) {
      status = (await me(hub.url, accessToken)).status;
      expect(performance.now() - edited).toBeLessThan(SESSION_MAX_AGE_MS + 5_000);
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(401);
  });
});

describe('across hub instances', () => {
  it.skipIf(testDatabaseKind() !== 'postgres')(
    'refuses a request on instance B once instance A’s logout announcement arrives (postgres only: NOTIFY between instances)',
    async () => {
      const secondDb = await openPostgres(database.url ?? '');
      const second = await startHub(secondDb);
      try {
        const { accessToken } = await signIn(fixture.agents.second_line.email);
        await warm(accessToken, second.url);
        expect((await hub.call('POST', '/auth/logout', { token: accessToken })).status).toBe(200);
        const started = performance.now();
        let answer = await me(second.url, accessToken);
        // The NOTIFY takes a moment to reach B: within a second, well before the cache's max age would.
        while (answer.status === 200 && performance.now() - started < 1_000) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          answer = await me(second.url, accessToken);
        }
        expect(answer).toMatchObject({ status: 401, body: { code: 'auth.revoked' } });
      } finally {
        await second.close();
        await secondDb.close();
      }
    },
  );
});

// The token's signature is proven once per token (server/api/verified-tokens.ts); its expiry and
// its exact bytes are still checked on every request.
describe('a token proven once', () => {
  it('is refused once the clock passes its expiry, though it was accepted before', async () => {
    const { accessToken } = await signIn(fixture.agents.first_line.email);
    await warm(accessToken);
    const saved = clock;
    try {
      clock += (ACCESS_TTL_SECONDS + 1) * 1000;
      expect(await me(hub.url, accessToken)).toMatchObject({ status: 401, body: { code: 'auth.expired' } });
    } finally {
      clock = saved;
    }
  });

  it('does not lend its proof to a token with another signature', async () => {
    const { accessToken } = await signIn(fixture.agents.second_line.email);
    await warm(accessToken);
    const [header, payload, signature = ''] = accessToken.split('.');
    const forged = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await me(hub.url, forged)).toMatchObject({ status: 401, body: { code: 'auth.required' } });
    expect((await me(hub.url, accessToken)).status).toBe(200);
  });
});
