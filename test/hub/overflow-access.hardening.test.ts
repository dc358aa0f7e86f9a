import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../common/hub/roles.ts';
import { hardeningRow } from '../support/hardening.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { daysFrom, enrollOverflow, poolAccounts, secondOffice, type Enrolled } from './overflow-helpers.ts';

// The overflow season's walls: which role may call each new route at all, and — inside the lead
// roles — the office wall: a team lead of Amsterdam makes, lists, ends, reads and revokes only
// Amsterdam's overflow agents, devices and SIP pool; an admin every office's.
let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
const clock = new Date();
const tokens = {} as Record<Role, string>;
let cologne: { officeId: string; leadId: string; leadToken: string };
/** An overflow agent of Köln, enrolled on a device by Köln's lead. */
let theirs: Enrolled;
/** One of Amsterdam's, by Amsterdam's lead. */
let ours: Enrolled;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db, { now: () => clock });
  for (const role of ROLES) tokens[role] = await hub.login(fixture.agents[role].email);
  cologne = await secondOffice(database.db, hub);
  for (const [officeId, prefix] of [[fixture.officeId, 'ams'], [cologne.officeId, 'cgn']] as const) {
    const loaded = await hub.call('PUT', '/sip-pool', { token: tokens.admin, body: { officeId, accounts: poolAccounts(prefix, 10) } });
    if (loaded.status !== 200) throw new Error(`pool ${prefix}: ${loaded.status} ${JSON.stringify(loaded.body)}`);
  }
  theirs = await enrollOverflow(hub, cologne.leadToken, cologne.officeId, clock);
  ours = await enrollOverflow(hub, tokens.team_lead, fixture.officeId, clock);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

const newAgent = (officeId: string) => ({ displayName: 'Wall Test', languages: ['en'], officeId, accessExpiresAt: daysFrom(clock, 20) });
const FORBIDDEN_OFFICE = { status: 403, body: { code: 'auth.forbidden', params: { reason: 'office' } } };

describe('who may call the overflow routes', () => {
  const routes: { key: string; allowed: readonly Role[]; request: () => { method: string; path: string; body?: unknown } }[] = [
    { key: 'POST /enrollments/overflow', allowed: ['team_lead', 'admin'], request: () => ({ method: 'POST', path: '/enrollments/overflow', body: newAgent(fixture.officeId) }) },
    { key: 'GET /overflow-agents', allowed: ['team_lead', 'admin'], request: () => ({ method: 'GET', path: '/overflow-agents' }) },
    { key: 'GET /overflow-agents/:id/unsent', allowed: ['team_lead', 'admin'], request: () => ({ method: 'GET', path: `/overflow-agents/${ours.agentId}/unsent` }) },
    { key: 'GET /sip-pool', allowed: ['team_lead', 'admin'], request: () => ({ method: 'GET', path: '/sip-pool' }) },
    { key: 'PUT /sip-pool', allowed: ['admin'], request: () => ({ method: 'PUT', path: '/sip-pool', body: { officeId: fixture.officeId, accounts: poolAccounts(`ams${Date.now()}x`, 2) } }) },
    { key: 'GET /auth/lease', allowed: ROLES, request: () => ({ method: 'GET', path: '/auth/lease' }) },
  ];
  for (const { key, allowed, request } of routes) {
    it.each(ROLES)(`${key}: %s`, async (role) => {
      const { method, path, body } = request();
      const response = await hub.call(method, path, { token: tokens[role], body });
      if (allowed.includes(role)) expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
      else expect(response).toMatchObject({ status: 403, body: { code: 'auth.forbidden', params: { role } } });
    });
  }

  it('ends access only for leads: every other role is refused and the agent keeps its access', async (ctx) => {
    const target = await enrollOverflow(hub, tokens.team_lead, fixture.officeId, clock);
    const others = ROLES.filter((role) => role !== 'team_lead' && role !== 'admin');
    for (const role of others) {
      const response = await hub.call('POST', `/overflow-agents/${target.agentId}/end-access`, { token: tokens[role], body: {} });
      expect(response).toMatchObject({ status: 403, body: { params: { role } } });
    }
    expect((await hub.call('GET', '/me', { token: target.accessToken })).status).toBe(200);
    hardeningRow(ctx, {
      case: 'overflow end-access by a non-lead',
      fault: `${others.join(', ')} post end-access for an overflow agent`,
      result: `${others.length} × 403, the agent keeps access`,
      figure: `${others.length} of ${others.length} refused`,
    });
  });
});

describe('the office wall', () => {
  it('keeps a team lead out of another office’s agents, devices and pool', async (ctx) => {
    const lead = tokens.team_lead;
    const attempts = [
      await hub.call('POST', '/enrollments/overflow', { token: lead, body: newAgent(cologne.officeId) }),
      await hub.call('GET', `/sip-pool?officeId=${cologne.officeId}`, { token: lead }),
      await hub.call('POST', `/overflow-agents/${theirs.agentId}/end-access`, { token: lead, body: {} }),
      await hub.call('GET', `/overflow-agents/${theirs.agentId}/unsent`, { token: lead }),
      await hub.call('POST', `/devices/${theirs.deviceId}/revoke`, { token: lead }),
    ];
    for (const attempt of attempts) expect(attempt).toEqual(FORBIDDEN_OFFICE);

    // Nothing happened to Köln: its agent still works, its device is not revoked, no agent was made there.
    expect((await hub.call('GET', '/me', { token: theirs.accessToken })).status).toBe(200);
    const [device] = await database.db.query<{ revoked_at: Date | null }>('select revoked_at from device where id = $1', [theirs.deviceId]);
    expect(device?.revoked_at).toBeNull();
    const [made] = await database.db.query<{ n: number }>(`select count(*)::int as n from agent where office_id = $1 and display_name = 'Wall Test'`, [cologne.officeId]);
    expect(Number(made?.n)).toBe(0);
    // Its list holds its own office's overflow agents only.
    const list = await hub.call('GET', '/overflow-agents', { token: lead });
    const ids = (list.body.agents as { agentId: string; officeId: string }[]).map((a) => a.agentId);
    expect(ids).toContain(ours.agentId);
    expect(ids).not.toContain(theirs.agentId);
    expect(new Set((list.body.agents as { officeId: string }[]).map((a) => a.officeId))).toEqual(new Set([fixture.officeId]));
    hardeningRow(ctx, {
      case: 'overflow office wall',
      fault: 'a team lead enrolls, reads the pool, ends access, reads unsent reports, revokes a device of another office',
      result: `${attempts.length} × 403 reason office, nothing changed, list limited to the own office`,
      figure: `${attempts.length} of ${attempts.length} refused`,
    });
  });

  it('lets an admin work on every office, and a team lead on their own', async () => {
    const list = await hub.call('GET', '/overflow-agents', { token: tokens.admin });
    const ids = (list.body.agents as { agentId: string }[]).map((a) => a.agentId);
    expect(ids).toEqual(expect.arrayContaining([ours.agentId, theirs.agentId]));
    expect((await hub.call('GET', `/sip-pool?officeId=${cologne.officeId}`, { token: tokens.admin })).body).toEqual({ free: 9, assigned: 1 });
    expect((await hub.call('GET', `/overflow-agents/${theirs.agentId}/unsent`, { token: cologne.leadToken })).body).toEqual({ reports: [] });
    const created = await hub.call('POST', '/enrollments/overflow', { token: tokens.admin, body: newAgent(cologne.officeId) });
    expect(created.status).toBe(201);
    expect((await hub.call('POST', `/devices/${theirs.deviceId}/revoke`, { token: cologne.leadToken })).status).toBe(200);
    expect(await hub.call('GET', '/me', { token: theirs.accessToken })).toMatchObject({ status: 401, body: { code: 'auth.revoked' } });
  });

  it('answers 404 for an unknown agent or device and for a staff member’s id on the overflow routes', async () => {
    const staff = fixture.agents.first_line.id;
    expect(await hub.call('POST', `/overflow-agents/${staff}/end-access`, { token: tokens.admin, body: {} })).toMatchObject({ status: 404, body: { code: 'not.found' } });
    expect(await hub.call('GET', `/overflow-agents/${staff}/unsent`, { token: tokens.admin })).toMatchObject({ status: 404 });
    expect(await hub.call('POST', '/devices/01936b2e-0000-7000-8000-000000000000/revoke', { token: tokens.team_lead })).toMatchObject({ status: 404 });
    const [access] = await database.db.query<{ at: Date | null }>('select access_expires_at as at from agent where id = $1', [staff]);
    expect(access?.at).toBeNull();
  });
});

describe('the final report grants nothing', () => {
  it('opens no session: the token that reported still cannot refresh, and a report never shows up for another agent', async () => {
    const agent = await enrollOverflow(hub, tokens.team_lead, fixture.officeId, clock);
    expect((await hub.call('POST', `/overflow-agents/${agent.agentId}/end-access`, { token: tokens.team_lead, body: {} })).status).toBe(200);
    const report = await hub.call('POST', '/auth/final-report', { body: { refreshToken: agent.refreshToken, reason: 'expired', items: [] } });
    expect(report.body).toEqual({ received: 0 });
    expect(report.body).not.toHaveProperty('accessToken');
    expect((await hub.call('POST', '/auth/refresh', { body: { refreshToken: agent.refreshToken } })).status).toBe(401);
    expect((await hub.call('GET', `/overflow-agents/${ours.agentId}/unsent`, { token: tokens.team_lead })).body).toEqual({ reports: [] });
  });

  it('is limited to ten a minute per address, so it cannot be used to guess tokens', async (ctx) => {
    const strict = await startHub(database.db, { now: () => clock, loginAttemptsPerMinute: 10 });
    const stored = async () => Number((await database.db.query<{ n: number }>('select count(*)::int as n from unsent_report'))[0]?.n);
    const before = await stored();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const guess = `01936b2e-0000-7000-8000-${String(i).padStart(12, '0')}.${'g'.repeat(43)}`;
        statuses.push((await strict.call('POST', '/auth/final-report', { body: { refreshToken: guess, reason: 'offline', items: [] } })).status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.slice(10)).toEqual([429, 429]);
      expect(await stored()).toBe(before);
      hardeningRow(ctx, {
        case: 'final report token guessing',
        fault: '12 final reports with made-up refresh tokens from one address in a minute',
        result: '10 × 401 auth.revoked, then 429',
        figure: '0 reports stored',
      });
    } finally {
      await strict.close();
    }
  });
});
