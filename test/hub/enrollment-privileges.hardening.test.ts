import { hash } from '@node-rs/argon2';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../common/hub/roles.ts';
import { hardeningRow } from '../support/hardening.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

// A team lead makes one-time codes for overflow agents and gives them an end date. Neither may
// become a way into (or out of) somebody else's account: a code for the admin would be an admin
// session for the lead, an end date on the admin a lock-out.
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

/** Another agent in the fixture's office; with the fixture's password or (overflow agents who enroll) none. */
async function addAgent(role: Role, withPassword: boolean): Promise<{ id: string; email: string }> {
  const id = uuidv7();
  const email = `${role}-${id}@shop.example`;
  await database.db.query(
    `insert into agent (id, office_id, email, display_name, role, password_hash) values ($1, $2, $3, $4, $5, $6)`,
    [id, fixture.officeId, email, `Extra ${role}`, role, withPassword ? await hash(PASSWORD) : null],
  );
  return { id, email };
}

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const codesFor = async (agentId: string) =>
  (await database.db.query<{ n: number }>('select count(*)::int8 as n from enrollment_code where agent_id = $1', [agentId]))[0]?.n;
const expiryOf = async (agentId: string) =>
  (await database.db.query<{ at: Date | null }>('select access_expires_at as at from agent where id = $1', [agentId]))[0]?.at ?? null;

describe('enrollment codes only for overflow agents without a password', () => {
  it('refuses a team lead a code for the admin, another lead, a first-line agent or an overflow agent with a password', async (ctx) => {
    const otherLead = await addAgent('team_lead', true);
    const overflowWithPassword = await addAgent('overflow', true);
    const targets = [fixture.agents.admin, otherLead, fixture.agents.first_line, overflowWithPassword];
    for (const target of targets) {
      const created = await hub.call('POST', '/enrollments', { token: lead, body: { agentId: target.id, codeExpiresAt: inAnHour() } });
      expect(created, target.email).toEqual({ status: 403, body: { code: 'auth.forbidden', params: { reason: 'enrollment.target' } } });
      expect(await codesFor(target.id)).toBe(0);
    }
    // The one kind of account a code is for still gets one.
    const overflow = await addAgent('overflow', false);
    const created = await hub.call('POST', '/enrollments', { token: lead, body: { agentId: overflow.id, codeExpiresAt: inAnHour() } });
    expect(created.status).toBe(201);
    const enrolled = await hub.call('POST', '/auth/enroll', { body: { code: created.body.code, deviceName: 'Overflow laptop' } });
    expect(enrolled.body.agent).toMatchObject({ id: overflow.id, role: 'overflow' });
    hardeningRow(ctx, {
      case: 'enrollment code for a privileged account',
      fault: 'team lead asks codes for admin, lead, first line, overflow with password',
      result: `${targets.length} × 403 auth.forbidden, no code stored`,
      figure: `${targets.length} of ${targets.length} refused`,
    });
  });

  it('refuses at redeem time a code whose agent was promoted or given a password after the code was made', async (ctx) => {
    const promoted = await addAgent('overflow', false);
    const withPassword = await addAgent('overflow', false);
    const codes = new Map<string, string>();
    for (const agent of [promoted, withPassword]) {
      const created = await hub.call('POST', '/enrollments', { token: lead, body: { agentId: agent.id, codeExpiresAt: inAnHour() } });
      expect(created.status).toBe(201);
      codes.set(agent.id, created.body.code as string);
    }
    // The changes an admin could make between the code and its use.
    await database.db.query(`update agent set role = 'admin' where id = $1`, [promoted.id]);
    await database.db.query('update agent set password_hash = $2 where id = $1', [withPassword.id, await hash(PASSWORD)]);
    for (const agent of [promoted, withPassword]) {
      const enrolled = await hub.call('POST', '/auth/enroll', { body: { code: codes.get(agent.id), deviceName: 'Stolen code' } });
      expect(enrolled, agent.email).toEqual({ status: 401, body: { code: 'enrollment.invalid', params: {} } });
    }
    const sessions = await database.db.query('select 1 from auth_session where agent_id = any($1::uuid[])', [[promoted.id, withPassword.id]]);
    expect(sessions).toHaveLength(0);
    hardeningRow(ctx, {
      case: 'enrollment code redeemed after a role change',
      fault: 'code made for overflow, agent promoted to admin / given a password before use',
      result: '2 × 401 enrollment.invalid, no session',
      figure: '0 sessions opened',
    });
  });
});

describe('access expiry only for overflow agents, only in the future', () => {
  it('refuses a team lead an expiry on the admin, and the admin still signs in', async (ctx) => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const created = await hub.call('POST', '/enrollments', {
      token: lead,
      body: { agentId: fixture.agents.admin.id, codeExpiresAt: inAnHour(), accessExpiresAt: past },
    });
    expect(created).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    expect(await expiryOf(fixture.agents.admin.id)).toBeNull();
    const login = await hub.call('POST', '/auth/login', { body: { email: fixture.agents.admin.email, password: PASSWORD } });
    expect(login.status).toBe(200);
    hardeningRow(ctx, { case: 'lock-out of the admin', fault: 'team lead sets the admin’s access expiry in the past', result: '403, admin signs in', figure: 'expiry unchanged (none)' });
  });

  it('refuses an overflow agent’s expiry in the past or now, and keeps the one it had', async (ctx) => {
    const overflow = await addAgent('overflow', false);
    const future = new Date(Date.now() + 7 * 86_400_000);
    expect((await hub.call('POST', '/enrollments', { token: lead, body: { agentId: overflow.id, codeExpiresAt: inAnHour(), accessExpiresAt: future.toISOString() } })).status).toBe(201);
    for (const at of [new Date(Date.now() - 86_400_000), new Date()]) {
      const created = await hub.call('POST', '/enrollments', { token: lead, body: { agentId: overflow.id, codeExpiresAt: inAnHour(), accessExpiresAt: at.toISOString() } });
      expect(created).toEqual({ status: 400, body: { code: 'request.invalid', params: { field: 'accessExpiresAt' } } });
    }
    expect((await expiryOf(overflow.id))?.getTime()).toBe(future.getTime());
    expect(await codesFor(overflow.id)).toBe(1);
    hardeningRow(ctx, { case: 'overflow expiry in the past', fault: 'expiry yesterday / now', result: '2 × 400 request.invalid', figure: 'expiry and codes unchanged' });
  });

  it('does not end the access of anyone but an overflow agent, whatever date their row holds', async (ctx) => {
    // Written around the API (an import, a hand edit): the hub still only applies it to overflow agents.
    await database.db.query(`update agent set access_expires_at = now() - interval '1 day' where id = $1`, [fixture.agents.expert.id]);
    const login = await hub.call('POST', '/auth/login', { body: { email: fixture.agents.expert.email, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect((await hub.call('GET', '/me', { token: login.body.accessToken })).status).toBe(200);
    await database.db.query('update agent set access_expires_at = null where id = $1', [fixture.agents.expert.id]);
    hardeningRow(ctx, { case: 'expiry on a non-overflow account', fault: 'past access_expires_at written into an expert’s row', result: 'login and requests still 200', figure: '0 lock-outs' });
  });
});
