import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

// Overflow agents: a team lead makes a one-time code, the agent enrolls a device with it, and
// access ends when the season does (or when the device is revoked).
let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
let clock = new Date();
/** Codes are only for overflow agents who have no password (the fixture's overflow agent has one). */
let enrollee: string;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db, { now: () => clock });
  enrollee = uuidv7();
  await database.db.query(`insert into agent (id, office_id, email, display_name, role) values ($1, $2, 'seasonal@shop.example', 'Seasonal', 'overflow')`, [
    enrollee,
    fixture.officeId,
  ]);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

describe('device enrollment', () => {
  it('enrolls once with a code from a team lead, then the code is spent', async () => {
    const lead = await hub.login(fixture.agents.team_lead.email);
    const codeExpiresAt = new Date(clock.getTime() + 86_400_000).toISOString();
    const accessExpiresAt = new Date(clock.getTime() + 42 * 86_400_000).toISOString();
    const created = await hub.call('POST', '/enrollments', { token: lead, body: { agentId: enrollee, codeExpiresAt, accessExpiresAt } });
    expect(created.status).toBe(201);
    expect(created.body.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const enrolled = await hub.call('POST', '/auth/enroll', { body: { code: created.body.code.toLowerCase(), deviceName: 'Laptop overflow 7' } });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body.agent).toMatchObject({ role: 'overflow', accessExpiresAt });
    expect(enrolled.body.deviceId).toBeTruthy();

    const again = await hub.call('POST', '/auth/enroll', { body: { code: created.body.code, deviceName: 'Second laptop' } });
    expect(again).toMatchObject({ status: 401, body: { code: 'enrollment.invalid' } });

    // Revoking the device ends its sessions at once, refresh included.
    const token = enrolled.body.accessToken as string;
    expect((await hub.call('GET', '/me', { token })).status).toBe(200);
    expect((await hub.call('POST', `/devices/${enrolled.body.deviceId}/revoke`, { token: lead })).status).toBe(200);
    expect(await hub.call('GET', '/me', { token })).toMatchObject({ status: 401, body: { code: 'auth.revoked' } });
    expect((await hub.call('POST', '/auth/refresh', { body: { refreshToken: enrolled.body.refreshToken } })).status).toBe(401);
  });

  it('refuses an expired code', async () => {
    const lead = await hub.login(fixture.agents.team_lead.email);
    const created = await hub.call('POST', '/enrollments', {
      token: lead,
      body: { agentId: enrollee, codeExpiresAt: new Date(clock.getTime() + 60_000).toISOString() },
    });
    expect(created.status).toBe(201);
    clock = new Date(clock.getTime() + 120_000);
    const enrolled = await hub.call('POST', '/auth/enroll', { body: { code: created.body.code, deviceName: 'Too late' } });
    expect(enrolled).toMatchObject({ status: 401, body: { code: 'enrollment.invalid' } });
  });

  it('ends an overflow agent’s access at its expiry date', async () => {
    const token = await hub.login(fixture.agents.overflow.email);
    expect((await hub.call('GET', '/me', { token })).status).toBe(200);
    clock = new Date(clock.getTime() + 60 * 86_400_000);
    expect(await hub.call('GET', '/me', { token })).toMatchObject({ status: 401 });
    const login = await hub.call('POST', '/auth/login', { body: { email: fixture.agents.overflow.email, password: 'correct horse battery staple' } });
    expect(login).toMatchObject({ status: 401, body: { code: 'auth.expired' } });
    clock = new Date();
  });
});

describe('login rate limit', () => {
  it('answers 429 after ten attempts a minute from one address', async () => {
    const strict = await startHub(database.db, { loginAttemptsPerMinute: 10 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        statuses.push((await strict.call('POST', '/auth/login', { body: { email: fixture.agents.expert.email, password: `guess-${i}` } })).status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.slice(10)).toEqual([429, 429]);
      const limited = await strict.call('POST', '/auth/login', { body: { email: fixture.agents.expert.email, password: 'correct horse battery staple' } });
      expect(limited.body).toEqual({ code: 'auth.rateLimited', params: {} });
    } finally {
      await strict.close();
    }
  });
});
