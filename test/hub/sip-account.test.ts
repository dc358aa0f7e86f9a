// Each agent's SIP account, kept by the hub: leads and admins write it, the agent reads their own
// (password included, so the console can register), nobody else ever sees the password, and the
// database holds it only encrypted. Runs on PGlite and on PostgreSQL.
import { createSecretKey, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnSipAccount, SipAccount } from '../../common/hub/api.ts';
import { ROLES, type Role } from '../../common/hub/roles.ts';
import { buildHub } from '../../server/api/app.ts';
import { SIP_KEY_FILE, SipSecrets, configuredSipKey, localSipKey, parseSipKey } from '../../server/api/sip-secrets.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { INGEST_KEY, PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
const tokens = {} as Record<Role, string>;

const PLAIN = 'Zeer-geheim-7731';
const account = (overrides: Record<string, unknown> = {}) => ({
  server: 'wss://pbx.shop.example:7443/ws',
  domain: 'pbx.shop.example',
  username: '2001',
  authorizationUser: 'auth-2001',
  displayName: 'Eerste Lijn',
  password: PLAIN,
  ...overrides,
});
const put = (role: Role, agentId: string, body: unknown) => hub.call('PUT', `/agents/${agentId}/sip-account`, { token: tokens[role], body });
const own = (role: Role) => hub.call('GET', '/me/sip-account', { token: tokens[role] });

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  for (const role of ROLES) tokens[role] = await hub.login(fixture.agents[role].email);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

describe('writing an agent’s SIP account', () => {
  it('is for admins and team leads: a first-line agent can set neither another’s account nor their own', async () => {
    const other = await put('first_line', fixture.agents.second_line.id, account());
    expect(other).toEqual({ status: 403, body: { code: 'auth.forbidden', params: { role: 'first_line' } } });
    expect((await put('first_line', fixture.agents.first_line.id, account())).status).toBe(403);
    expect((await hub.call('DELETE', `/agents/${fixture.agents.second_line.id}/sip-account`, { token: tokens.first_line })).status).toBe(403);
    expect(await database.db.query('select agent_id from sip_account')).toEqual([]);
  });

  it('lets an admin set it, and answers without the password', async () => {
    const response = await put('admin', fixture.agents.first_line.id, account());
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(Object.keys(SipAccount.shape).sort());
    expect(response.body).toMatchObject({
      agentId: fixture.agents.first_line.id,
      server: 'wss://pbx.shop.example:7443/ws',
      domain: 'pbx.shop.example',
      username: '2001',
      authorizationUser: 'auth-2001',
      displayName: 'Eerste Lijn',
    });
    expect(JSON.stringify(response.body)).not.toContain(PLAIN);
  });

  it('keeps the password encrypted in the database, with a fresh IV each time', async () => {
    const read = async () =>
      (await database.db.query<Record<string, unknown>>('select * from sip_account where agent_id = $1', [fixture.agents.first_line.id]))[0] ?? {};
    const first = await read();
    const sealed = String(first.password_sealed);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
    // Not the plain text anywhere in the row, nor in base64 of it.
    for (const value of Object.values(first)) expect(String(value)).not.toContain(PLAIN);
    expect(sealed).not.toContain(Buffer.from(PLAIN).toString('base64url').slice(0, 12));
    // The same password written again is sealed differently (random IV), and still opens.
    expect((await put('admin', fixture.agents.first_line.id, account())).status).toBe(200);
    const second = String((await read()).password_sealed);
    expect(second).not.toBe(sealed);
    expect((await own('first_line')).body.password).toBe(PLAIN);
  });

  it('lets a team lead replace it; the agent’s console is told by an event for them alone', async () => {
    const response = await put('team_lead', fixture.agents.first_line.id, account({ authorizationUser: null, displayName: null, password: `${PLAIN}-2` }));
    expect(response.body).toMatchObject({ authorizationUser: null, displayName: null });
    const [event] = await database.db.query<{ audience: string; payload: Record<string, unknown> }>(
      `select audience, payload from change_log where kind = 'sip_account.changed' order by seq desc limit 1`,
    );
    expect(event).toEqual({ audience: fixture.agents.first_line.id, payload: { agentId: fixture.agents.first_line.id } });
    expect((await own('first_line')).body).toMatchObject({ password: `${PLAIN}-2`, authorizationUser: null });
  });

  it('validates: ws:// or wss:// only, a user of 1–100 characters without spaces or @, a host name as domain', async () => {
    const invalid = async (overrides: Record<string, unknown>) => (await put('admin', fixture.agents.expert.id, account(overrides))).body as { code: string; params: { field: string } };
    for (const server of ['https://pbx.shop.example', 'sip:2001@pbx.shop.example', 'ws:/pbx.shop.example', 'wss://user:pw@pbx.shop.example', 'pbx.shop.example']) {
      expect(await invalid({ server })).toEqual({ code: 'request.invalid', params: { field: 'server' } });
    }
    for (const username of ['', ' ', '2001@pbx', 'twee duizend', 'x'.repeat(101)]) {
      expect(await invalid({ username })).toEqual({ code: 'request.invalid', params: { field: 'username' } });
    }
    expect(await invalid({ domain: 'pbx shop' })).toMatchObject({ params: { field: 'domain' } });
    expect(await invalid({ password: '' })).toMatchObject({ params: { field: 'password' } });
    expect(await invalid({ password: undefined })).toMatchObject({ params: { field: 'password' } });
    expect(await invalid({ extra: true })).toMatchObject({ code: 'request.invalid' });
    // A user of exactly 100 characters, a ws:// server on this machine, and an IPv6 server are fine.
    expect((await put('admin', fixture.agents.expert.id, account({ username: 'x'.repeat(100), server: 'ws://[::1]:8080' }))).status).toBe(200);
    expect((await put('admin', fixture.agents.expert.id, account({ username: '2003', server: 'ws://127.0.0.1:8080', domain: '127.0.0.1' }))).status).toBe(200);
  });

  it('refuses a SIP user another agent already has on the same domain', async () => {
    const taken = await put('admin', fixture.agents.second_line.id, account({ username: '2001', domain: 'PBX.shop.example' }));
    expect(taken).toEqual({ status: 409, body: { code: 'sipAccount.usernameTaken', params: { username: '2001', domain: 'PBX.shop.example' } } });
    expect((await put('admin', fixture.agents.second_line.id, account({ username: '2002' }))).status).toBe(200);
  });

  it('says which agent does not exist', async () => {
    expect(await put('admin', uuidv7(), account({ username: '2099' }))).toEqual({ status: 404, body: { code: 'not.found', params: { what: 'agent' } } });
  });
});

describe('GET /me/sip-account', () => {
  it('gives the agent their own account with the password, and no cache may keep it', async () => {
    const response = await hub.call('GET', '/me/sip-account', { token: tokens.second_line });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(Object.keys(OwnSipAccount.shape).sort());
    expect(response.body).toMatchObject({ agentId: fixture.agents.second_line.id, username: '2002', password: PLAIN });
    const raw = await fetch(`${hub.url}/me/sip-account`, { headers: { authorization: `Bearer ${tokens.second_line}` } });
    expect(raw.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 404 with its own code to an agent without an account', async () => {
    expect(await own('team_lead')).toEqual({ status: 404, body: { code: 'sipAccount.notFound', params: {} } });
  });

  it('gives overflow agents theirs too', async () => {
    expect((await put('team_lead', fixture.agents.overflow.id, account({ username: '2005', password: 'temp-pw-2005' }))).status).toBe(200);
    expect((await own('overflow')).body).toMatchObject({ username: '2005', password: 'temp-pw-2005' });
  });

  it('never shows the password anywhere else: not to leads, not in /me, login, sync or the audit log', async () => {
    const secrets = [PLAIN, `${PLAIN}-2`, 'temp-pw-2005'];
    const admin = tokens.admin;
    const answers = [
      await hub.call('GET', '/me', { token: tokens.first_line }),
      await hub.call('POST', '/auth/login', { body: { email: fixture.agents.first_line.email, password: PASSWORD } }),
      await hub.call('GET', '/sync?since=0&limit=5000', { token: tokens.first_line }),
      await hub.call('GET', '/sync?since=0&limit=5000', { token: admin }),
      await hub.call('GET', '/me/sip-account', { token: admin }),
      await hub.call('GET', `/audit?subjectType=agent&subjectId=${fixture.agents.first_line.id}`, { token: admin }),
      await put('admin', fixture.agents.overflow.id, account({ username: '2005', password: 'temp-pw-2005' })),
      await hub.call('GET', '/openapi.json'),
    ];
    for (const answer of answers) {
      expect(answer.status).not.toBe(500);
      for (const secret of secrets) expect(JSON.stringify(answer.body)).not.toContain(secret);
    }
    // The admin has no account of their own: another agent's is not theirs to read.
    expect(answers[4]?.status).toBe(404);
  });

  it('audits who set, changed, fetched and removed an account, without the password', async () => {
    expect(await hub.call('DELETE', `/agents/${fixture.agents.first_line.id}/sip-account`, { token: tokens.admin })).toEqual({ status: 200, body: { deleted: true } });
    expect(await own('first_line')).toMatchObject({ status: 404, body: { code: 'sipAccount.notFound' } });
    expect(await hub.call('DELETE', `/agents/${fixture.agents.first_line.id}/sip-account`, { token: tokens.team_lead })).toEqual({ status: 200, body: { deleted: false } });

    const audit = await hub.call('GET', `/audit?subjectType=agent&subjectId=${fixture.agents.first_line.id}`, { token: tokens.admin });
    const entries = (audit.body.entries as { action: string; agentId: string }[]).map((e) => `${e.action} by ${e.agentId}`).reverse();
    expect(entries).toEqual([
      `sipAccount.create by ${fixture.agents.admin.id}`,
      `sipAccount.update by ${fixture.agents.admin.id}`,
      `sipAccount.fetch by ${fixture.agents.first_line.id}`,
      `sipAccount.update by ${fixture.agents.team_lead.id}`,
      `sipAccount.fetch by ${fixture.agents.first_line.id}`,
      `sipAccount.delete by ${fixture.agents.admin.id}`,
    ]);
    const details = await database.db.query<{ detail: unknown }>(`select detail from audit_log where action like 'sipAccount.%'`);
    for (const { detail } of details) expect(JSON.stringify(detail)).not.toMatch(/Zeer-geheim|temp-pw/);
    expect(details.find((d) => d.detail !== null)?.detail).toMatchObject({ server: 'wss://pbx.shop.example:7443/ws', username: '2001' });
  });
});

describe('the key', () => {
  it('opens a password after a restart with the same key, and a hub with another key refuses to start', async () => {
    const separate = await openTestDatabase();
    try {
      await seedFixture(separate.db);
      const key = createSecretKey(randomBytes(32));
      const options = { db: separate.db, ingestKey: INGEST_KEY, secret: 'test-secret-test-secret-test-secret', loginAttemptsPerMinute: 10_000 };
      const [agent] = await separate.db.query<{ id: string }>(`select id from agent where role = 'expert'`);
      const agentId = agent?.id ?? '';
      const login = async (h: Awaited<ReturnType<typeof buildHub>>) => {
        const response = await h.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'expert@shop.example', password: PASSWORD } });
        return { authorization: `Bearer ${response.json<{ accessToken: string }>().accessToken}` };
      };
      const first = await buildHub({ ...options, sipKey: key });
      try {
        const lead = await first.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'admin@shop.example', password: PASSWORD } });
        const set = await first.app.inject({
          method: 'PUT',
          url: `/agents/${agentId}/sip-account`,
          headers: { authorization: `Bearer ${lead.json<{ accessToken: string }>().accessToken}` },
          payload: account({ username: '3001', password: 'survives-a-restart' }),
        });
        expect(set.statusCode).toBe(200);
      } finally {
        await first.close();
      }
      const again = await buildHub({ ...options, sipKey: createSecretKey(key.export()) });
      try {
        const response = await again.app.inject({ method: 'GET', url: '/me/sip-account', headers: await login(again) });
        expect(response.json()).toMatchObject({ username: '3001', password: 'survives-a-restart' });
      } finally {
        await again.close();
      }
      await expect(buildHub({ ...options, sipKey: createSecretKey(randomBytes(32)) })).rejects.toThrow(/SIP key/);
    } finally {
      await separate.close();
    }
  });

  it('binds a sealed password to its agent: copied to another agent’s row it does not open', () => {
    const sip = SipSecrets.ephemeral();
    const [a, b] = [uuidv7(), uuidv7()];
    const sealed = sip.seal(a, 'pw1001');
    expect(sip.open(a, sealed)).toBe('pw1001');
    expect(() => sip.open(b, sealed)).toThrow();
    const [format, iv, body] = sealed.split('.') as [string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => sip.open(a, `${format}.${iv}.${flipped.toString('base64url')}`)).toThrow();
  });

  it('reads LOKET_SIP_KEY as base64 or hex, and never repeats a wrong one in its error', async () => {
    const bytes = randomBytes(32);
    const folder = await tempDir();
    try {
      for (const text of [bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), ` ${bytes.toString('base64')}\n`]) {
        expect(Buffer.compare((await configuredSipKey({ LOKET_SIP_KEY: text }, folder.dir)).export(), bytes)).toBe(0);
      }
      for (const wrong of ['short-key-Secret123', randomBytes(16).toString('base64'), randomBytes(48).toString('base64'), `${bytes.toString('hex')}00`]) {
        const error = await configuredSipKey({ LOKET_SIP_KEY: wrong }, folder.dir).catch((e: unknown) => e as Error);
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(/^LOKET_SIP_KEY: /);
        expect((error as Error).message).not.toContain(wrong);
      }
      expect(() => parseSipKey('')).toThrow();
    } finally {
      await folder.cleanup();
    }
  });

  it('is made once in the embedded hub’s data folder (0600) and read from there after', async () => {
    const folder = await tempDir();
    try {
      const [a, b] = await Promise.all([localSipKey(folder.dir), localSipKey(folder.dir)]);
      const c = await configuredSipKey({}, folder.dir);
      expect(Buffer.compare(a.export(), b.export())).toBe(0);
      expect(Buffer.compare(a.export(), c.export())).toBe(0);
      const file = path.join(folder.dir, SIP_KEY_FILE);
      if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')).toHaveLength(32);
    } finally {
      await folder.cleanup();
    }
  });
});
