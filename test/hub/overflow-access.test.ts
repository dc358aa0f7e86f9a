import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import WebSocket from 'ws';
import { LeaseError, verifyLease } from '../../common/hub/lease.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { listenTo } from '../support/hub-listener.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { daysFrom, enrollOverflow, poolAccounts } from './overflow-helpers.ts';

// The overflow season on the hub: a lead makes an overflow agent in one request and gets a link,
// the agent's SIP account comes from the office's pool, every sign-in carries a lease signed with
// the hub's published key, the lead ends access, and a console that lost access still reports
// what it could not send.
let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
/** The hub's clock, set apart from the machine's so a lease provably carries the hub's time. */
let clock = new Date('2026-11-23T08:30:00.000Z');
let lead: string;
let admin: string;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db, { now: () => clock });
  lead = await hub.login(fixture.agents.team_lead.email);
  admin = await hub.login(fixture.agents.admin.email);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

const overflowCount = async () => Number((await database.db.query<{ n: number }>(`select count(*)::int as n from agent where role = 'overflow'`))[0]?.n);

describe('one-link enrollment from the SIP pool', () => {
  it('creates the agent with the first free pool account, answers the link, and the code enrolls a device that gets that account', async () => {
    const loaded = await hub.call('PUT', '/sip-pool', { token: admin, body: { officeId: fixture.officeId, accounts: poolAccounts('pool1', 2) } });
    expect(loaded).toEqual({ status: 200, body: { free: 2, assigned: 0 } });

    const accessExpiresAt = daysFrom(clock, 42);
    const created = await hub.call('POST', '/enrollments/overflow', {
      token: lead,
      body: { displayName: 'Lena Winter', languages: ['de', 'nl'], officeId: fixture.officeId, accessExpiresAt },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ displayName: 'Lena Winter', accessExpiresAt, codeExpiresAt: daysFrom(clock, 7) });
    const link = new URL(created.body.link);
    expect(link.protocol).toBe('loket:');
    expect(link.searchParams.get('hub')).toBe(hub.url);
    expect(link.searchParams.get('code')).toBe(created.body.code);

    const enrolled = await hub.call('POST', '/auth/enroll', { body: { code: created.body.code, deviceName: 'Lena’s laptop' } });
    expect(enrolled.body.agent).toMatchObject({ id: created.body.agentId, role: 'overflow', languages: ['de', 'nl'], accessExpiresAt });
    expect(enrolled.body.agent.email).toMatch(/^overflow-[0-9a-f]{8}@overflow\.invalid$/);
    const sip = await hub.call('GET', '/me/sip-account', { token: enrolled.body.accessToken });
    expect(sip.body).toMatchObject({ username: 'pool100', password: 'secret-pool1-0', domain: 'pbx.example.com' });
    expect(await hub.call('GET', '/sip-pool', { token: lead })).toEqual({ status: 200, body: { free: 1, assigned: 1 } });
  });

  it('uses the body’s SIP account instead of the pool', async () => {
    const created = await hub.call('POST', '/enrollments/overflow', {
      token: lead,
      body: {
        displayName: 'Own Phone',
        languages: ['en'],
        officeId: fixture.officeId,
        accessExpiresAt: daysFrom(clock, 10),
        sipAccount: { server: 'wss://pbx.example.com:7443/ws', domain: 'pbx.example.com', username: 'own-4711', password: 'own-secret' },
      },
    });
    expect(created.status).toBe(201);
    expect(await hub.call('GET', '/sip-pool', { token: lead })).toEqual({ status: 200, body: { free: 1, assigned: 1 } });
  });

  it('answers 409 sip.poolEmpty and makes nothing when the pool has no free account and none is given', async () => {
    await enrollOverflow(hub, lead, fixture.officeId, clock); // takes the last free one
    const before = await overflowCount();
    const refused = await hub.call('POST', '/enrollments/overflow', {
      token: lead,
      body: { displayName: 'One Too Many', languages: ['en'], officeId: fixture.officeId, accessExpiresAt: daysFrom(clock, 10) },
    });
    expect(refused).toMatchObject({ status: 409, body: { code: 'sip.poolEmpty' } });
    expect(await overflowCount()).toBe(before);
    const [codes] = await database.db.query<{ n: number }>(`select count(*)::int as n from agent where display_name = 'One Too Many'`);
    expect(Number(codes?.n)).toBe(0);
  });

  it('never hands a pool account out twice: reloading the pool keeps handed-out users out of it', async () => {
    const reloaded = await hub.call('PUT', '/sip-pool', { token: admin, body: { officeId: fixture.officeId, accounts: poolAccounts('pool1', 1) } });
    expect(reloaded).toMatchObject({ status: 409, body: { code: 'sipAccount.usernameTaken' } });
    const fresh = await hub.call('PUT', '/sip-pool', { token: admin, body: { officeId: fixture.officeId, accounts: poolAccounts('pool2', 3) } });
    expect(fresh).toEqual({ status: 200, body: { free: 3, assigned: 2 } });
  });

  it('hands each of several enrollments made at once its own pool account', async () => {
    const office = uuidv7();
    await database.db.query(`insert into office (id, code, name, country, timezone) values ($1, $2, 'Lyon', 'FR', 'Europe/Paris')`, [office, `lys-${office.slice(-6)}`]);
    expect((await hub.call('PUT', '/sip-pool', { token: admin, body: { officeId: office, accounts: poolAccounts('lys', 5) } })).status).toBe(200);
    const body = (n: number) => ({ displayName: `Rush ${n}`, languages: ['fr'], officeId: office, accessExpiresAt: daysFrom(clock, 20) });
    const answers = await Promise.all(Array.from({ length: 6 }, (_, n) => hub.call('POST', '/enrollments/overflow', { token: admin, body: body(n) })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 201, 201, 409]);
    const given = await database.db.query<{ username: string; agent_id: string }>(
      'select s.username, s.agent_id from sip_account s join agent a on a.id = s.agent_id where a.office_id = $1',
      [office],
    );
    expect(new Set(given.map((g) => g.username)).size).toBe(5);
    expect(await hub.call('GET', `/sip-pool?officeId=${office}`, { token: admin })).toEqual({ status: 200, body: { free: 0, assigned: 5 } });
  });

  it('refuses access ends in the past or more than 366 days ahead, and a code that outlives the access', async () => {
    const body = { displayName: 'Bad Dates', languages: ['en'], officeId: fixture.officeId };
    for (const [extra, field] of [
      [{ accessExpiresAt: daysFrom(clock, -1) }, 'accessExpiresAt'],
      [{ accessExpiresAt: daysFrom(clock, 367) }, 'accessExpiresAt'],
      [{ accessExpiresAt: daysFrom(clock, 5), codeExpiresAt: daysFrom(clock, 6) }, 'codeExpiresAt'],
      [{ accessExpiresAt: daysFrom(clock, 5), codeExpiresAt: daysFrom(clock, -0.1) }, 'codeExpiresAt'],
    ] as const) {
      const refused = await hub.call('POST', '/enrollments/overflow', { token: lead, body: { ...body, ...extra } });
      expect(refused, JSON.stringify(extra)).toEqual({ status: 400, body: { code: 'request.invalid', params: { field } } });
    }
  });
});

describe('the lease', () => {
  it('comes with every login, enrollment and refresh, carries the hub’s time and verifies with the published key', async () => {
    const key = await hub.call('GET', '/auth/lease-key');
    expect(key.body).toMatchObject({ kid: expect.any(String), jwk: { kty: 'OKP', crv: 'Ed25519' } });
    expect(key.body.jwk.d).toBeUndefined();

    const enrolled = await enrollOverflow(hub, lead, fixture.officeId, clock);
    const claims = await verifyLease(enrolled.lease, key.body);
    expect(claims).toMatchObject({ sub: enrolled.agentId, did: enrolled.deviceId, hubTime: clock.toISOString(), iat: clock.getTime() / 1000, offlineDays: 3, iss: hub.url });
    expect(claims.accessExpiresAt).toBe(daysFrom(clock, 30));

    clock = new Date(clock.getTime() + 10 * 60_000); // within the signed-in tokens' 15 minutes
    const refreshed = await hub.call('POST', '/auth/refresh', { body: { refreshToken: enrolled.refreshToken } });
    expect((await verifyLease(refreshed.body.lease, key.body)).hubTime).toBe(clock.toISOString());
    const seen = await hub.call('GET', '/overflow-agents', { token: lead });
    const device = seen.body.agents.find((a: { agentId: string }) => a.agentId === enrolled.agentId).devices[0];
    expect(device.lastSeenAt).toBe(clock.toISOString());
    const asked = await hub.call('GET', '/auth/lease', { token: refreshed.body.accessToken });
    expect((await verifyLease(asked.body.lease, key.body)).did).toBe(enrolled.deviceId);

    const login = await hub.call('POST', '/auth/login', { body: { email: fixture.agents.first_line.email, password: 'correct horse battery staple' } });
    expect(await verifyLease(login.body.lease, key.body)).toMatchObject({ sub: fixture.agents.first_line.id, offlineDays: 14, accessExpiresAt: null });
  });

  it('fails verification when its claims are changed or another key signed it', async () => {
    const key = (await hub.call('GET', '/auth/lease-key')).body;
    const { lease } = (await hub.call('GET', '/auth/lease', { token: lead })).body as { lease: string };
    const [header, payload, signature] = lease.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const later = Buffer.from(JSON.stringify({ ...claims, hubTime: '2020-01-01T00:00:00.000Z' })).toString('base64url');
    await expect(verifyLease(`${header}.${later}.${signature}`, key)).rejects.toBeInstanceOf(LeaseError);
    // A key pair of someone else's, signing the same claims under the hub's kid and under its own.
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const otherJwk = await exportJWK(pair.publicKey);
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: key.kid }).sign(pair.privateKey);
    await expect(verifyLease(forged, key)).rejects.toMatchObject({ reason: 'signature' });
    await expect(verifyLease(lease, { kid: 'someone-else', jwk: { kty: 'OKP', crv: 'Ed25519', x: String(otherJwk.x) } })).rejects.toMatchObject({ reason: 'key' });
    expect((await verifyLease(lease, key)).sub).toBe(fixture.agents.team_lead.id);
  });

  it('is signed with the same key by a second hub instance on the same database', async () => {
    const second = await startHub(database.db, { now: () => clock });
    try {
      expect((await second.call('GET', '/auth/lease-key')).body).toEqual((await hub.call('GET', '/auth/lease-key')).body);
      const { lease } = (await second.call('GET', '/auth/lease', { token: lead })).body as { lease: string };
      expect((await verifyLease(lease, (await hub.call('GET', '/auth/lease-key')).body)).sub).toBe(fixture.agents.team_lead.id);
    } finally {
      await second.close();
    }
  });
});

function liveSocket(token: string): Promise<{ closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${hub.url.replace('http', 'ws')}/events`, { headers: { authorization: `Bearer ${token}` } });
    const closed = new Promise<number>((done) => ws.once('close', (code) => done(code)));
    ws.once('open', () => resolve({ closed }));
    ws.once('error', reject);
  });
}

describe('the lead’s list, ending access and the final report', () => {
  beforeAll(async () => {
    const loaded = await hub.call('PUT', '/sip-pool', { token: admin, body: { officeId: fixture.officeId, accounts: poolAccounts('pool3', 20) } });
    if (loaded.status !== 200) throw new Error(`pool: ${loaded.status} ${JSON.stringify(loaded.body)}`);
  });

  it('lists the office’s overflow agents as invited, active or ended, with devices', async () => {
    const invited = await hub.call('POST', '/enrollments/overflow', {
      token: lead,
      body: { displayName: 'Not Yet There', languages: ['en'], officeId: fixture.officeId, accessExpiresAt: daysFrom(clock, 10) },
    });
    const active = await enrollOverflow(hub, lead, fixture.officeId, clock);
    const list = await hub.call('GET', '/overflow-agents', { token: lead });
    expect(list.status).toBe(200);
    const byId = new Map((list.body.agents as { agentId: string }[]).map((a) => [a.agentId, a]));
    expect(byId.get(invited.body.agentId)).toMatchObject({ status: 'invited', devices: [], unsentReports: 0, languages: ['en'] });
    expect(byId.get(active.agentId)).toMatchObject({ status: 'active', devices: [{ id: active.deviceId, name: 'Borrowed laptop', revokedAt: null }] });
    // The fixture's overflow agent, with its end 30 days after the machine's now.
    expect(byId.get(fixture.agents.overflow.id)).toMatchObject({ officeId: fixture.officeId });
  });

  it('ends access now: the socket closes, refresh answers auth.expired (access), and the final report is still taken', async () => {
    const agent = await enrollOverflow(hub, lead, fixture.officeId, clock);
    const socket = await liveSocket(agent.accessToken);
    const leadEvents = await listenTo(hub.url, lead);
    try {
      const ended = await hub.call('POST', `/overflow-agents/${agent.agentId}/end-access`, { token: lead, body: {} });
      expect(ended).toEqual({ status: 200, body: { agentId: agent.agentId, accessExpiresAt: clock.toISOString() } });
      expect(await socket.closed).toBe(4401);
      const refused = await hub.call('POST', '/auth/refresh', { body: { refreshToken: agent.refreshToken } });
      expect(refused).toEqual({ status: 401, body: { code: 'auth.expired', params: { reason: 'access' } } });

      const items = [
        { kind: 'note', customerId: fixture.customers.anna.id, createdAt: clock.toISOString(), text: 'Promised a refund by Friday' },
        { kind: 'wrapUp', customerId: null, createdAt: clock.toISOString(), text: null },
      ];
      const report = await hub.call('POST', '/auth/final-report', { body: { refreshToken: agent.refreshToken, reason: 'expired', items } });
      expect(report).toEqual({ status: 200, body: { received: 2 } });
      const event = await leadEvents.waitFor('overflow.unsent_reported', (p) => p.agentId === agent.agentId);
      expect(event.payload).toMatchObject({ officeId: fixture.officeId, items: 2, reason: 'expired' });
      expect(JSON.stringify(event.payload)).not.toContain('refund');

      const unsent = await hub.call('GET', `/overflow-agents/${agent.agentId}/unsent`, { token: lead });
      expect(unsent.body.reports).toEqual([{ id: expect.any(String), deviceId: agent.deviceId, reason: 'expired', receivedAt: clock.toISOString(), items }]);
      const list = await hub.call('GET', '/overflow-agents', { token: lead });
      expect(list.body.agents.find((a: { agentId: string }) => a.agentId === agent.agentId)).toMatchObject({ status: 'ended', unsentReports: 1 });
    } finally {
      leadEvents.close();
    }
  });

  it('takes the final report after the device was revoked, and refuses a made-up token without storing anything', async () => {
    const agent = await enrollOverflow(hub, lead, fixture.officeId, clock);
    expect((await hub.call('POST', `/devices/${agent.deviceId}/revoke`, { token: lead })).status).toBe(200);
    expect((await hub.call('POST', '/auth/refresh', { body: { refreshToken: agent.refreshToken } })).body.code).toBe('auth.revoked');
    const items = [{ kind: 'callback', customerId: fixture.customers.bram.id, createdAt: clock.toISOString(), text: 'Call back about the return' }];
    expect(await hub.call('POST', '/auth/final-report', { body: { refreshToken: agent.refreshToken, reason: 'revoked', items } })).toEqual({ status: 200, body: { received: 1 } });

    const [before] = await database.db.query<{ n: number }>('select count(*)::int as n from unsent_report');
    const [sessionId] = agent.refreshToken.split('.');
    for (const refreshToken of [`${sessionId}.${'x'.repeat(43)}`, `01936b2e-0000-7000-8000-000000000000.${'y'.repeat(43)}`]) {
      const refused = await hub.call('POST', '/auth/final-report', { body: { refreshToken, reason: 'offline', items } });
      expect(refused).toEqual({ status: 401, body: { code: 'auth.revoked', params: {} } });
    }
    const [after] = await database.db.query<{ n: number }>('select count(*)::int as n from unsent_report');
    expect(Number(after?.n)).toBe(Number(before?.n));
  });

  it('refuses the final report of a session that ended more than 30 days ago', async () => {
    const agent = await enrollOverflow(hub, lead, fixture.officeId, clock);
    const saved = clock;
    try {
      clock = new Date(clock.getTime() + 61 * 86_400_000);
      const refused = await hub.call('POST', '/auth/final-report', { body: { refreshToken: agent.refreshToken, reason: 'offline', items: [] } });
      expect(refused).toMatchObject({ status: 401, body: { code: 'auth.revoked' } });
    } finally {
      clock = saved;
    }
  });
});
