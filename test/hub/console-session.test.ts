import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubStatus } from '../../common/contract/contract.ts';
import { HubSession } from '../../main/hub/hub-session.ts';
import { keyOf } from '../../server/api/login-throttle.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

// The console's main process signing in to a real hub (what `npm start` does with the demo hub).
let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

async function settle(session: HubSession, state: HubStatus['state']): Promise<HubStatus> {
  const end = Date.now() + 10_000;
  while (session.status().state !== state) {
    if (Date.now() > end) throw new Error(`still ${JSON.stringify(session.status())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return session.status();
}

describe('the console’s hub session', () => {
  it('signs in and reports the agent, with a token that works', async () => {
    const session = new HubSession({ credentials: { method: 'password', url: hub.url, email: fixture.agents.first_line.email, password: PASSWORD } });
    const seen: string[] = [];
    session.onChange((status) => seen.push(status.state));
    session.start();
    const status = await settle(session, 'signedIn');
    expect(status).toMatchObject({ agent: { role: 'first_line', email: fixture.agents.first_line.email } });
    const me = await hub.call('GET', '/me', { token: session.accessToken() ?? '' });
    expect(me.body.id).toBe(fixture.agents.first_line.id);
    session.stop();
  });

  it('says why it cannot sign in, and does not repeat a wrong password (that would lock the account)', async () => {
    const session = new HubSession({ credentials: { method: 'password', url: hub.url, email: fixture.agents.second_line.email, password: 'wrong' } });
    session.start();
    expect(await settle(session, 'error')).toMatchObject({ code: 'auth.invalidCredentials' });
    expect(session.nextAttemptAt()).toBeNull();
    // The hub counted one failure for the account, not a stream of them.
    const [row] = await database.db.query<{ failures: number }>('select failures from login_throttle where key = $1', [keyOf(fixture.agents.second_line.email)]);
    expect(Number(row?.failures)).toBe(1);
    session.stop();
  });

  it('waits as long as the hub says when sign-ins for the account are slowed', async () => {
    const email = fixture.agents.expert.email;
    for (let i = 0; i < 10; i++) await hub.call('POST', '/auth/login', { body: { email, password: `guess ${i}` } });
    const session = new HubSession({ credentials: { method: 'password', url: hub.url, email, password: PASSWORD } });
    const started = Date.now();
    session.start();
    expect(await settle(session, 'error')).toMatchObject({ code: 'auth.rateLimited' });
    // The window is 15 minutes: the next try is minutes away, not a second.
    expect((session.nextAttemptAt() ?? 0) - started).toBeGreaterThan(60_000);
    session.stop();
  });

  it('keeps trying while the hub is unreachable', async () => {
    const session = new HubSession({ credentials: { method: 'password', url: 'http://127.0.0.1:9', email: 'x@shop.example', password: 'x' } });
    session.start();
    expect(await settle(session, 'error')).toMatchObject({ code: 'hub.unreachable' });
    expect(session.nextAttemptAt()).not.toBeNull();
    session.stop();
  });

  it('reports an unreachable hub', async () => {
    const session = new HubSession({ credentials: { method: 'password', url: 'http://127.0.0.1:9', email: 'x@shop.example', password: 'x' } });
    session.start();
    expect(await settle(session, 'error')).toMatchObject({ code: 'hub.unreachable' });
    session.stop();
  });
});
