import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openPostgres } from '../../server/db/database.ts';
import { EventBus } from '../../server/events/bus.ts';
import { hardeningRow } from '../support/hardening.ts';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/hub-db.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

// A live-events socket is checked when it opens; these tests prove it also ends with its session:
// logout, device revocation, an overflow agent's expiry, a disabled agent, a stolen refresh token,
// and the same across two hub instances on one PostgreSQL. A refresh (rotation) is not an end.
let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
let lead: string;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  lead = await hub.login(fixture.agents.team_lead.email);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

/** How long a socket may stay open after its session ended. */
const CLOSE_WITHIN_MS = 1_000;

interface Watched {
  readonly ws: WebSocket;
  readonly kinds: string[];
  /** Resolves when the hub closes the socket, or rejects after `ms` with the socket still open. */
  closed(ms?: number): Promise<{ code: number; reason: string; at: number }>;
}

/** A console's socket from now on (no backlog). */
async function openSocket(url: string, token: string): Promise<Watched> {
  const [{ seq } = { seq: 0 }] = await database.db.query<{ seq: number }>('select coalesce(max(seq), 0)::int8 as seq from change_log');
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/events?since=${seq}`, { headers: { authorization: `Bearer ${token}` } });
    const kinds: string[] = [];
    let end: { code: number; reason: string; at: number } | null = null;
    ws.on('message', (data) => kinds.push((JSON.parse(String(data)) as { kind: string }).kind));
    ws.on('close', (code, reason) => (end = { code, reason: reason.toString(), at: performance.now() }));
    const closed = async (ms = 5_000) => {
      const deadline = performance.now() + ms;
      while (!end) {
        if (performance.now() > deadline) {
          ws.terminate();
          throw new Error(`the socket was still open ${ms} ms later`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      return end;
    };
    ws.once('open', () => resolve({ ws, kinds, closed }));
    ws.once('error', reject);
  });
}

const login = async (email: string, deviceName?: string) => {
  const response = await hub.call('POST', '/auth/login', { body: { email, password: PASSWORD, ...(deviceName ? { deviceName } : {}) } });
  expect(response.status).toBe(200);
  return response.body as { accessToken: string; refreshToken: string; deviceId: string | null };
};

/** Something every staff socket is sent: proves a socket is open and delivering. */
const announce = async (status: string) => expect((await hub.call('PUT', '/presence', { token: lead, body: { status } })).status).toBe(200);

/**
 * A staff console's socket once the hub has checked its token and delivers to it (a presence event
 * arrived), so a fault that follows meets an open, watched socket and not the check at opening.
 */
async function openStaffSocket(url: string, token: string): Promise<Watched> {
  const socket = await openSocket(url, token);
  await announce('available');
  await until('the hub to deliver to the new socket', () => socket.kinds.includes('presence.changed'));
  return socket;
}

/** The same for an overflow agent's socket, which gets only events addressed to its agent. */
async function openOverflowSocket(url: string, token: string, agentId: string): Promise<Watched> {
  const socket = await openSocket(url, token);
  await EventBus.append(database.db, 'test.ping', {}, agentId);
  await hub.hub.context.bus.committed();
  await until('the hub to deliver to the new socket', () => socket.kinds.includes('test.ping'));
  return socket;
}

async function until(what: string, probe: () => boolean, ms = 5_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!probe()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a live-events socket ends with its session', () => {
  it('closes the socket within a second of logout, and keeps it across a refresh before that', async (ctx) => {
    const tokens = await login(fixture.agents.first_line.email);
    const socket = await openStaffSocket(hub.url, tokens.accessToken);
    const presenceEvents = () => socket.kinds.filter((kind) => kind === 'presence.changed').length;
    // A refresh rotates the session within its family: the socket stays and keeps delivering.
    const refreshed = await hub.call('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    expect(refreshed.status).toBe(200);
    await announce('break');
    await until('the presence event after the refresh', () => presenceEvents() === 2);

    const started = performance.now();
    expect((await hub.call('POST', '/auth/logout', { token: refreshed.body.accessToken })).status).toBe(200);
    const end = await socket.closed();
    const ms = Math.round(end.at - started);
    expect(end).toMatchObject({ code: 4401, reason: 'auth.revoked' });
    expect(ms).toBeLessThan(CLOSE_WITHIN_MS);
    hardeningRow(ctx, { case: 'live socket after logout', fault: 'logout (after a refresh) while the socket is open', result: 'closed 4401 auth.revoked', figure: `closed after ${ms} ms` });
  });

  it('closes the socket within a second of its device’s revocation by a team lead', async (ctx) => {
    const tokens = await login(fixture.agents.second_line.email, 'Shared desk 4');
    const socket = await openStaffSocket(hub.url, tokens.accessToken);
    const started = performance.now();
    expect((await hub.call('POST', `/devices/${tokens.deviceId}/revoke`, { token: lead })).status).toBe(200);
    const end = await socket.closed();
    const ms = Math.round(end.at - started);
    expect(end).toMatchObject({ code: 4401, reason: 'auth.revoked' });
    expect(ms).toBeLessThan(CLOSE_WITHIN_MS);
    hardeningRow(ctx, { case: 'live socket after device revocation', fault: 'team lead revokes the device', result: 'closed 4401 auth.revoked', figure: `closed after ${ms} ms` });
  });

  it('closes the sockets of a disabled agent within a second', async (ctx) => {
    const tokens = await login(fixture.agents.expert.email);
    const socket = await openStaffSocket(hub.url, tokens.accessToken);
    const started = performance.now();
    expect(await hub.hub.context.auth.disableAgent(fixture.agents.expert.id)).toBe(true);
    const end = await socket.closed();
    const ms = Math.round(end.at - started);
    expect(end).toMatchObject({ code: 4401, reason: 'auth.revoked' });
    expect(ms).toBeLessThan(CLOSE_WITHIN_MS);
    expect((await hub.call('POST', '/auth/login', { body: { email: fixture.agents.expert.email, password: PASSWORD } })).status).toBe(401);
    hardeningRow(ctx, { case: 'live socket of a disabled agent', fault: 'agent disabled while its socket is open', result: 'closed 4401 auth.revoked', figure: `closed after ${ms} ms` });
  });

  it('closes an overflow agent’s socket when its access ends, also after the end date was moved', async (ctx) => {
    // An overflow agent enrolled with access until 3 s from now: its socket is closed then.
    const near = await enrollOverflow(new Date(Date.now() + 3_000));
    const nearSocket = await openOverflowSocket(hub.url, near.accessToken, near.agentId);
    expect(performance.now()).toBeLessThan(near.expiresAtPerf);
    const nearEnd = await nearSocket.closed(10_000);
    const late = Math.round(nearEnd.at - near.expiresAtPerf);
    expect(nearEnd).toMatchObject({ code: 4401, reason: 'auth.expired' });
    // Closed by the end, not before it (nor by the check at opening).
    expect(late).toBeGreaterThan(-20);
    expect(late).toBeLessThan(CLOSE_WITHIN_MS);

    // Another, with weeks to go, whose team lead brings the end forward to a second from now.
    const far = await enrollOverflow(new Date(Date.now() + 30 * 86_400_000));
    const farSocket = await openOverflowSocket(hub.url, far.accessToken, far.agentId);
    const moved = new Date(Date.now() + 1_000);
    const movedAtPerf = performance.now() + 1_000;
    expect((await hub.call('POST', '/enrollments', { token: lead, body: { agentId: far.agentId, codeExpiresAt: moved.toISOString(), accessExpiresAt: moved.toISOString() } })).status).toBe(201);
    const farEnd = await farSocket.closed(10_000);
    const lateMoved = Math.round(farEnd.at - movedAtPerf);
    expect(farEnd).toMatchObject({ code: 4401, reason: 'auth.expired' });
    expect(lateMoved).toBeGreaterThan(-20);
    expect(lateMoved).toBeLessThan(CLOSE_WITHIN_MS);
    hardeningRow(ctx, {
      case: 'live socket after an overflow agent’s access ends',
      fault: 'access end reached; end date moved forward while connected',
      result: '2 × closed 4401 auth.expired',
      figure: `closed ${Math.max(0, late)} / ${Math.max(0, lateMoved)} ms after the end`,
    });
  });

  it.skipIf(testDatabaseKind() !== 'postgres')(
    'closes a socket on instance B within a second when instance A handles the logout (postgres only: NOTIFY between hub instances)',
    async (ctx) => {
      const secondDb = await openPostgres(database.url ?? '');
      const second = await startHub(secondDb);
      try {
        const tokens = await login(fixture.agents.second_line.email);
        const socket = await openStaffSocket(second.url, tokens.accessToken);
        const started = performance.now();
        expect((await hub.call('POST', '/auth/logout', { token: tokens.accessToken })).status).toBe(200);
        const end = await socket.closed();
        const ms = Math.round(end.at - started);
        expect(end).toMatchObject({ code: 4401, reason: 'auth.revoked' });
        expect(ms).toBeLessThan(CLOSE_WITHIN_MS);
        hardeningRow(ctx, { case: 'live socket on another hub instance after logout', fault: 'logout on instance A, socket on instance B', result: 'closed 4401 auth.revoked', figure: `closed after ${ms} ms` });
      } finally {
        await second.close();
        await secondDb.close();
      }
    },
  );
});

describe('a rotated refresh token used again', () => {
  it('revokes the whole session family (newer tokens and their socket too) and answers the reuser 401', async (ctx) => {
    const first = await login(fixture.agents.first_line.email);
    const second = await hub.call('POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(second.status).toBe(200);
    const socket = await openStaffSocket(hub.url, second.body.accessToken);
    expect((await hub.call('GET', '/me', { token: second.body.accessToken })).status).toBe(200);

    // The first refresh token again: a copy somebody kept.
    const started = performance.now();
    const reuse = await hub.call('POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(reuse).toEqual({ status: 401, body: { code: 'auth.revoked', params: {} } });
    expect(await hub.call('GET', '/me', { token: second.body.accessToken })).toMatchObject({ status: 401, body: { code: 'auth.revoked' } });
    expect((await hub.call('POST', '/auth/refresh', { body: { refreshToken: second.body.refreshToken } })).status).toBe(401);
    const end = await socket.closed();
    const ms = Math.round(end.at - started);
    expect(end).toMatchObject({ code: 4401, reason: 'auth.revoked' });
    expect(ms).toBeLessThan(CLOSE_WITHIN_MS);
    const [audit] = await database.db.query<{ n: number }>(`select count(*)::int8 as n from audit_log where action = 'auth.refreshReuse' and agent_id = $1`, [fixture.agents.first_line.id]);
    expect(audit?.n).toBe(1);
    hardeningRow(ctx, { case: 'refresh token reuse', fault: 'a rotated refresh token presented again', result: '401; newer access + refresh tokens revoked; socket closed', figure: `socket closed after ${ms} ms` });
  });

  it('leaves another session of the same agent alone', async (ctx) => {
    const other = await login(fixture.agents.first_line.email);
    const stolen = await login(fixture.agents.first_line.email);
    expect((await hub.call('POST', '/auth/refresh', { body: { refreshToken: stolen.refreshToken } })).status).toBe(200);
    expect((await hub.call('POST', '/auth/refresh', { body: { refreshToken: stolen.refreshToken } })).status).toBe(401);
    expect((await hub.call('GET', '/me', { token: other.accessToken })).status).toBe(200);
    expect((await hub.call('POST', '/auth/refresh', { body: { refreshToken: other.refreshToken } })).status).toBe(200);
    hardeningRow(ctx, { case: 'refresh token reuse, the agent’s other session', fault: 'reuse in one of two sessions of one agent', result: 'the other session keeps working and refreshing', figure: '1 of 2 families revoked' });
  });
});

describe('a refresh retried with its retry key (its answer was lost)', () => {
  const key = (n: number) => `retry-key-${String(n).padStart(4, '0')}-of-the-console`;

  it('answers the retry with fresh tokens, ends only the undelivered ones, and keeps the family', async (ctx) => {
    const first = await login(fixture.agents.first_line.email);
    const body = { refreshToken: first.refreshToken, retryKey: key(1) };
    const lost = await hub.call('POST', '/auth/refresh', { body });
    expect(lost.status).toBe(200);
    // The console never saw `lost`: it asks again with the same token and the key it stored.
    const retried = await hub.call('POST', '/auth/refresh', { body });
    expect(retried.status).toBe(200);
    expect(retried.body.refreshToken).not.toBe(lost.body.refreshToken);
    // What the lost answer carried is dead; what the retry got works and refreshes.
    expect(await hub.call('GET', '/me', { token: lost.body.accessToken })).toMatchObject({ status: 401, body: { code: 'auth.revoked' } });
    expect(await hub.call('POST', '/auth/refresh', { body: { refreshToken: lost.body.refreshToken } })).toMatchObject({ status: 401, body: { code: 'auth.revoked' } });
    expect((await hub.call('GET', '/me', { token: retried.body.accessToken })).status).toBe(200);
    const next = await hub.call('POST', '/auth/refresh', { body: { refreshToken: retried.body.refreshToken, retryKey: key(2) } });
    expect(next.status).toBe(200);
    expect((await hub.call('GET', '/me', { token: next.body.accessToken })).status).toBe(200);
    const [family] = await database.db.query<{ live: number; all: number }>(
      `select count(*) filter (where revoked_at is null)::int8 as live, count(*)::int8 as all from auth_session
       where family_id = (select family_id from auth_session where id = $1)`,
      [first.refreshToken.split('.')[0]],
    );
    expect(Number(family?.live)).toBe(1);
    hardeningRow(ctx, {
      case: 'refresh answer lost',
      fault: 'the same refresh token and retry key again (dropped answer, console killed before storing)',
      result: 'new tokens; the undelivered ones revoked; the session goes on',
      figure: `family: ${Number(family?.live)} live of ${Number(family?.all)} sessions`,
    });
  });

  it('treats the old token with another key, or with its key after the new token was used, as a stolen copy', async () => {
    const first = await login(fixture.agents.first_line.email);
    const rotated = await hub.call('POST', '/auth/refresh', { body: { refreshToken: first.refreshToken, retryKey: key(3) } });
    expect(rotated.status).toBe(200);
    const wrongKey = await hub.call('POST', '/auth/refresh', { body: { refreshToken: first.refreshToken, retryKey: key(4) } });
    expect(wrongKey).toEqual({ status: 401, body: { code: 'auth.revoked', params: {} } });
    expect((await hub.call('GET', '/me', { token: rotated.body.accessToken })).status).toBe(401);

    const second = await login(fixture.agents.first_line.email);
    const a = await hub.call('POST', '/auth/refresh', { body: { refreshToken: second.refreshToken, retryKey: key(5) } });
    const b = await hub.call('POST', '/auth/refresh', { body: { refreshToken: a.body.refreshToken, retryKey: key(6) } });
    expect(b.status).toBe(200);
    // The successor was used (so its answer arrived): the old token with its key is a copy.
    const late = await hub.call('POST', '/auth/refresh', { body: { refreshToken: second.refreshToken, retryKey: key(5) } });
    expect(late).toEqual({ status: 401, body: { code: 'auth.revoked', params: {} } });
    expect((await hub.call('GET', '/me', { token: b.body.accessToken })).status).toBe(401);
  });

  it('refuses a retry once the device is revoked', async () => {
    const first = await login(fixture.agents.first_line.email, 'Desk 7');
    const body = { refreshToken: first.refreshToken, retryKey: key(7) };
    expect((await hub.call('POST', '/auth/refresh', { body })).status).toBe(200);
    const [session] = await database.db.query<{ device_id: string }>('select device_id from auth_session where id = $1', [first.refreshToken.split('.')[0]]);
    await database.db.query('update device set revoked_at = now() where id = $1', [session?.device_id]);
    expect(await hub.call('POST', '/auth/refresh', { body })).toMatchObject({ status: 401, body: { code: 'auth.revoked' } });
  });
});

/** A new overflow agent (no password) enrolled with a team lead's code, access until `accessEnd`. */
async function enrollOverflow(accessEnd: Date): Promise<{ agentId: string; accessToken: string; expiresAtPerf: number }> {
  const expiresAtPerf = performance.now() + (accessEnd.getTime() - Date.now());
  const agentId = uuidv7();
  await database.db.query(`insert into agent (id, office_id, email, display_name, role) values ($1, $2, $3, 'Overflow', 'overflow')`, [
    agentId,
    fixture.officeId,
    `overflow-${agentId}@shop.example`,
  ]);
  const codeExpiresAt = new Date(Math.min(accessEnd.getTime(), Date.now() + 3_600_000)).toISOString();
  const created = await hub.call('POST', '/enrollments', { token: lead, body: { agentId, codeExpiresAt, accessExpiresAt: accessEnd.toISOString() } });
  expect(created.status).toBe(201);
  const enrolled = await hub.call('POST', '/auth/enroll', { body: { code: created.body.code, deviceName: 'Overflow laptop' } });
  expect(enrolled.status).toBe(200);
  return { agentId, accessToken: enrolled.body.accessToken as string, expiresAtPerf };
}
