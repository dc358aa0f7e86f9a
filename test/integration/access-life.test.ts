import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccessStatus } from '../../common/contract/access.ts';
import type { AccessCalls } from '../../main/access/access-end.ts';
import { createServices, type Services } from '../../main/services.ts';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { request, until } from '../support/services-requests.ts';
import { tempDir } from '../support/temp-dir.ts';

// An overflow agent's access from the enrollment link to the wipe, on a real hub (PGlite) and a
// real data folder (SQLite cache, secret files): the lead creates the enrollment through the hub
// API, the console opens the link, and access ends by the lead's hand (end access, revoke) while
// the agent still has words the hub never got.

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let leadToken: string;
const running: { services: Services; cleanup: () => Promise<void> }[] = [];

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  hub = await startHub(db);
  leadToken = await hub.login(fixture.agents.team_lead.email);
}, 60_000);

afterEach(async () => {
  for (const { services, cleanup } of running.splice(0)) {
    await services.dispose();
    await cleanup();
  }
});

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

/** A call the test holds up and hangs up (no SIP server here: the rig tests drive real calls). */
function heldCall(): AccessCalls & { start(): void; hangUp(): void; refusing: boolean } {
  let inProgress = false;
  const listeners = new Set<() => void>();
  const call = {
    refusing: false,
    callInProgress: () => inProgress,
    onCall(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refuseNewCalls(on: boolean) {
      call.refusing = on;
    },
    start() {
      inProgress = true;
      for (const listener of [...listeners]) listener();
    },
    hangUp() {
      inProgress = false;
      for (const listener of [...listeners]) listener();
    },
  };
  return call;
}

/** The lead's new overflow agent; the hub keeps no SIP account for it (the phone step is the rig's test). */
async function newOverflowAgent(displayName: string, at: RunningHub = hub): Promise<{ agentId: string; link: string }> {
  const response = await at.call('POST', '/enrollments/overflow', {
    token: leadToken,
    body: {
      displayName,
      languages: ['nl'],
      officeId: fixture.officeId,
      accessExpiresAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
      sipAccount: { server: 'ws://127.0.0.1:9', domain: '127.0.0.1', username: `ov${Math.floor(Math.random() * 1e6)}`, password: 'not-used' },
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  await db.query('delete from sip_account where agent_id = $1', [response.body.agentId]);
  // The agent works for Anna (a hand-over): the hub takes the agent's notes about her.
  await db.query(
    `insert into customer_grant (agent_id, customer_id, why, granted_by, granted_at, expires_at) values ($1, $2, 'transfer', $3, now(), now() + interval '12 hours')`,
    [response.body.agentId, fixture.customers.anna.id, fixture.agents.team_lead.id],
  );
  return { agentId: response.body.agentId as string, link: response.body.link as string };
}

/** Every file under the data folder, relative to it. */
async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

type LocalClock = { now: () => number; monotonic: () => number };

async function consoleOn(dir: string, calls?: AccessCalls, clock?: LocalClock): Promise<Services> {
  return createServices({ shell: 'web', version: '0.1.0', dataDir: dir, osLocale: 'nl-NL', development: true, accessCalls: calls, accessClock: clock });
}

async function enrolled(link: string, calls?: AccessCalls, clock?: LocalClock): Promise<{ services: Services; dir: string }> {
  const temp = await tempDir();
  const services = await consoleOn(temp.dir, calls, clock);
  running.push({ services, cleanup: temp.cleanup });
  expect(await request<AccessStatus>(services, 'access.status', {})).toEqual({ state: 'none' });
  const answer = await request<AccessStatus>(services, 'access.enroll', { link: `  ${link}\n` });
  expect(answer.state).toBe('enrolling');
  const ready = await until('ready', () => {
    const status = services.access.status();
    return status.state === 'ready' || status.state === 'failed' ? status : null;
  }, 30_000);
  expect(ready).toMatchObject({ state: 'ready', phone: 'noAccount' });
  expect(await request<AccessStatus>(services, 'access.confirm', {})).toMatchObject({ state: 'active', endingSoon: false });
  // Another link while the agent works changes nothing (it could point the console at another hub).
  expect(await request<AccessStatus>(services, 'access.enroll', { link: 'loket://enroll?hub=https%3A%2F%2Fother.example&code=ABCD-EFGH-JK23' })).toMatchObject({ state: 'active' });
  expect(services.hub.url()).not.toBe('https://other.example');
  return { services, dir: temp.dir };
}

const SECRETS = ['secrets/cache-key.secret', 'secrets/hub-session.secret', 'secrets/hub-lease.secret'];

describe('an overflow agent’s access', () => {
  it('link → ready → one confirm; the lead ends access during a call: the console waits for the hang-up, reports the unsent note and wipes', async () => {
    const { agentId, link } = await newOverflowAgent('Olga Overflow');
    const calls = heldCall();
    const { services, dir } = await enrolled(link, calls);
    const ready = services.access.status();
    expect(ready).toMatchObject({ agentName: 'Olga Overflow', hub: hub.url });
    await until('the lease', () => existsSync(path.join(dir, 'secrets/hub-lease.secret')));
    const before = await filesIn(dir);
    expect(before).toEqual(expect.arrayContaining(['cache/loket-cache.db', 'cache/loket-cache.db-wal', 'cache/loket-cache.db-shm', ...SECRETS]));

    // Words the hub never got: a note draft about a customer, and a note the hub refused (set aside:
    // its id already holds another note at the hub).
    const anna = fixture.customers.anna.id;
    const draft = `Callback promised at 16:00 ${uuidv7()}`;
    await request(services, 'drafts.save', { key: `note:${anna}`, text: draft });
    const taken = uuidv7();
    const put = await hub.call('PUT', `/interactions/${taken}`, {
      token: leadToken,
      body: { customerId: anna, channel: 'note', direction: 'internal', startedAt: new Date().toISOString(), note: 'first' },
    });
    expect(put.status).toBe(200);
    await request(services, 'notes.add', { id: taken, customerId: anna, text: 'Refund of 49.95 approved by phone' });
    await until('the refused note set aside', () => services.data.status().setAside === 1);

    calls.start();
    expect((await hub.call('POST', `/overflow-agents/${agentId}/end-access`, { token: leadToken, body: {} })).status).toBe(200);
    await until('ending while the call goes on', () => {
      const status = services.access.status();
      return status.state === 'ending' && status.waitingForCall;
    });
    expect(calls.refusing).toBe(true);
    // Nothing is wiped mid-call: the cache and its key are still there.
    expect(await filesIn(dir)).toEqual(expect.arrayContaining(['cache/loket-cache.db', 'secrets/cache-key.secret']));

    calls.hangUp();
    const ended = await until('ended', () => {
      const status = services.access.status();
      return status.state === 'ended' ? status : null;
    }, 30_000);
    expect(ended).toMatchObject({ reason: 'expired', unsent: { count: 2, reported: true } });
    // An overflow agent's cache holds no customers (it reads them at the hub), so no name beside the words.
    expect(ended.unsent.items).toEqual([
      expect.objectContaining({ kind: 'note', customerName: null, text: 'Refund of 49.95 approved by phone' }),
      expect.objectContaining({ kind: 'note', customerName: null, text: draft }),
    ]);

    const after = await filesIn(dir);
    for (const gone of [...before.filter((f) => f.startsWith('cache/')), ...SECRETS]) expect(after).not.toContain(gone);
    expect(existsSync(path.join(dir, 'cache'))).toBe(false);
    expect(after.filter((f) => f.startsWith('secrets/'))).toEqual([]);
    expect(after).toContain('access-ended.json');
    expect(readFileSync(path.join(dir, 'access-ended.json'), 'utf8')).not.toContain('Callback promised');
    expect(services.hub.status().state).toBe('off');

    // The lead reads what the console could not send.
    const unsent = await hub.call('GET', `/overflow-agents/${agentId}/unsent`, { token: leadToken });
    expect(unsent.status).toBe(200);
    expect(unsent.body.reports[0]).toMatchObject({
      reason: 'expired',
      items: [
        { kind: 'note', customerId: anna, text: 'Refund of 49.95 approved by phone' },
        { kind: 'note', customerId: anna, text: draft },
      ],
    });

    // A restart still says why (without the items, shown once), and the agent can start over.
    await services.dispose();
    running.splice(0, 1, { services: await consoleOn(dir), cleanup: running[0]?.cleanup ?? (async () => undefined) });
    const again = running[0]!.services;
    expect(await request<AccessStatus>(again, 'access.status', {})).toMatchObject({ state: 'ended', reason: 'expired', unsent: { count: 2, reported: true, items: [] } });
    expect(await request<AccessStatus>(again, 'access.acknowledge', {})).toEqual({ state: 'none' });
    expect(existsSync(path.join(dir, 'access-ended.json'))).toBe(false);
  });

  it('revoke → wipe: a revoked device signs out and deletes the cache, its -wal and -shm, and every secret', async () => {
    const { agentId, link } = await newOverflowAgent('Rik Revoked');
    const { services, dir } = await enrolled(link);
    expect(await filesIn(dir)).toEqual(expect.arrayContaining(['cache/loket-cache.db', 'secrets/cache-key.secret', 'secrets/hub-session.secret']));
    const [device] = await db.query<{ id: string }>('select id from device where agent_id = $1 and revoked_at is null', [agentId]);
    expect((await hub.call('POST', `/devices/${device?.id}/revoke`, { token: leadToken })).status).toBe(200);
    const ended = await until('ended', () => {
      const status = services.access.status();
      return status.state === 'ended' ? status : null;
    }, 30_000);
    expect(ended).toMatchObject({ reason: 'revoked', unsent: { count: 0 } });
    const after = await filesIn(dir);
    expect(after.filter((f) => f.startsWith('cache/') || f.startsWith('secrets/'))).toEqual([]);
    for (const companion of ['cache/loket-cache.db-wal', 'cache/loket-cache.db-shm']) expect(existsSync(path.join(dir, companion))).toBe(false);
  });

  it('locks offline by the hub’s signed time: a hub that answers renews the allowance; offline, the local clock set back gives no more time, set forward past the allowance it ends access and lists what could not be reported', async () => {
    const DAY = 86_400_000;
    // A hub of its own, to take offline (the same database: the lead's token is good at both).
    const lonely = await startHub(db);
    const { link } = await newOverflowAgent('Otto Offline', lonely);
    let shift = 0;
    const clock = { now: () => Date.now() + shift, monotonic: () => performance.now() };
    const { services, dir } = await enrolled(link, undefined, clock);
    await until('the lease', () => services.access.status().state === 'active' && existsSync(path.join(dir, 'secrets/hub-lease.secret')));
    const draft = `Offline note ${uuidv7()}`;
    await request(services, 'drafts.save', { key: `note:${fixture.customers.anna.id}`, text: draft });

    // Four days shut (a long weekend): past the allowance, but the hub answers with a fresh lease.
    shift = 4 * DAY;
    services.access.check();
    await services.access.checked();
    expect(services.access.status()).toMatchObject({ state: 'active' });
    const base = shift;
    // Gone at once: open keep-alive connections would otherwise keep a graceful close waiting.
    const closing = lonely.close();
    lonely.hub.app.server.closeAllConnections();
    await closing;

    shift = base - 30 * DAY; // set back a month: time does not run backwards
    services.access.check();
    expect(services.access.status()).toMatchObject({ state: 'active' });
    shift = base + 2 * DAY; // two days on, within the overflow allowance of 3
    services.access.check();
    expect(services.access.status()).toMatchObject({ state: 'active' });
    shift = base + 3 * DAY + 60_000;
    services.access.check();
    const ended = await until('ended', () => {
      const status = services.access.status();
      return status.state === 'ended' ? status : null;
    }, 30_000);
    // The hub is unreachable: nothing reported, so every item is on the agent's screen.
    expect(ended).toMatchObject({ reason: 'offline', unsent: { count: 1, reported: false, items: [{ kind: 'note', text: draft }] } });
    const after = await filesIn(dir);
    expect(after.filter((f) => f.startsWith('cache/') || f.startsWith('secrets/'))).toEqual([]);
  }, 90_000);

  it('refuses a hostile link with a reason and talks to no hub', async () => {
    const temp = await tempDir();
    const services = await consoleOn(temp.dir);
    running.push({ services, cleanup: temp.cleanup });
    const answer = await request<AccessStatus>(services, 'access.enroll', { link: 'loket://enroll?hub=http%3A%2F%2Fevil.example&code=ABCD-EFGH-JK23' });
    expect(answer).toEqual({ state: 'failed', hub: null, code: 'link.invalid', reason: 'hubInsecure' });
    expect(services.hub.status()).toEqual({ state: 'off' });
  });
});
