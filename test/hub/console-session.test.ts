import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubStatus } from '../../common/contract/contract.ts';
import { keyFileVault } from '../../main/cache/vault.ts';
import { HubSession, type SessionEnded } from '../../main/hub/hub-session.ts';
import { keyOf } from '../../server/api/login-throttle.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';

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

  it('stays signed out when a sign-in sent before the sign-out is answered after it (the wipe at the end of access)', async () => {
    let answered!: () => void;
    const answeredAfterSignOut = new Promise<void>((resolve) => (answered = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let sent!: () => void;
    const loginSent = new Promise<void>((resolve) => (sent = resolve));
    const slowFetch: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/auth/login')) sent();
      const response = await fetch(input, init);
      if (String(input).endsWith('/auth/login')) {
        await held; // the hub has answered; the answer reaches the console only after the sign-out
        queueMicrotask(answered);
      }
      return response;
    };
    const session = new HubSession({ fetch: slowFetch, credentials: { method: 'password', url: hub.url, email: fixture.agents.first_line.email, password: PASSWORD } });
    session.start();
    await loginSent;
    const signedOut = session.signOut();
    release();
    await answeredAfterSignOut;
    expect((await signedOut).state).toBe('off');
    await new Promise((resolve) => setImmediate(resolve));
    expect(session.status()).toEqual({ state: 'off' });
    expect(session.accessToken()).toBeNull();
    expect(session.agent()).toBeNull();
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

  // A refresh the hub carried out whose answer the console never stored: the connection dropped
  // on the way back, or the console was killed before it wrote the new token. Presenting the old
  // token again would look like a stolen copy and end the session (for an overflow agent: the
  // end of access and a wiped computer).
  it('keeps its session when a refresh answer is lost, on the retry and after a restart', async () => {
    const folder = await tempDir();
    try {
      const vault = keyFileVault(folder.dir);
      const signIn = new HubSession({ vault, credentials: { method: 'password', url: hub.url, email: fixture.agents.first_line.email, password: PASSWORD } });
      signIn.start();
      await settle(signIn, 'signedIn');
      signIn.stop();

      // Without credentials, as an enrolled overflow agent: an ended session is not signed in again.
      let refreshes = 0;
      /** Carries requests to the hub, and loses the answers of the refreshes numbered `lose` (and later ones with `onwards`). */
      const losing = (lose: number, onwards = false): typeof fetch => async (input, init) => {
        const response = await fetch(input, init);
        const n = String(input).endsWith('/auth/refresh') ? ++refreshes : 0;
        if (n === lose || (onwards && n > lose)) throw new TypeError('fetch failed: the answer was lost');
        return response;
      };
      const ended: SessionEnded[] = [];
      const watch = (session: HubSession) => (session.onSessionEnded((e) => ended.push(e)), session);

      // The answer lost once: the same session's next try gets through.
      const retrying = watch(new HubSession({ vault, fetch: losing(1) }));
      retrying.start();
      await expect.poll(() => retrying.accessToken(), { timeout: 10_000 }).not.toBeNull();
      expect(refreshes).toBe(2);
      expect((await hub.call('GET', '/me', { token: retrying.accessToken() ?? '' })).status).toBe(200);
      retrying.stop();

      // Lost again, and the console dies before it tries again: the next start retries.
      refreshes = 0;
      const dying = watch(new HubSession({ vault, fetch: losing(1, true) }));
      dying.start();
      await expect.poll(() => refreshes, { timeout: 10_000 }).toBe(1);
      dying.stop();
      const restarted = watch(new HubSession({ vault }));
      restarted.start();
      await expect.poll(() => restarted.accessToken(), { timeout: 10_000 }).not.toBeNull();
      expect((await hub.call('GET', '/me', { token: restarted.accessToken() ?? '' })).status).toBe(200);
      expect(restarted.status()).toMatchObject({ state: 'signedIn', agent: { email: fixture.agents.first_line.email } });
      restarted.stop();
      expect(ended).toEqual([]);
    } finally {
      await folder.cleanup();
    }
  });
});
