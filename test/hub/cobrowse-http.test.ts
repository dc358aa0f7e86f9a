import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { agentSocket, openRecording, sessionRow, startSession, until } from '../support/cobrowse-sockets.ts';

// The co-browse HTTP surface besides the API: the snippet file for any shop's page (cacheable,
// cross-origin), the join preflight, permessage-deflate on the co-browse sockets only, and
// sessions a stopped hub left behind.

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

/** The extensions the hub accepted for a socket on `path` whose client offers permessage-deflate. */
function negotiated(path: string, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(hub.url.replace('http', 'ws') + path, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: true });
    ws.once('open', () => {
      resolve(ws.extensions);
      ws.close();
    });
    ws.once('error', reject);
  });
}

describe('co-browse over HTTP', () => {
  it('serves the snippet to any origin: JavaScript, cacheable five minutes, with an ETag that answers 304', async () => {
    const response = await fetch(`${hub.url}/cobrowse.js`, { headers: { origin: 'https://shop.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect((await response.text()).length).toBeGreaterThan(1_000);
    const etag = response.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect((await fetch(`${hub.url}/cobrowse.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  }, 120_000);

  it('lets a shop’s page join from its own origin (preflight and answer)', async () => {
    const preflight = await fetch(`${hub.url}/cobrowse/join`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
    const join = await fetch(`${hub.url}/cobrowse/join`, { method: 'POST', headers: { origin: 'https://shop.example', 'content-type': 'application/json' }, body: JSON.stringify({ code: '000000' }) });
    expect(join.status).toBe(404);
    expect(join.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('takes ten code attempts a minute from one address, then answers 429 (guessing six digits takes days)', async () => {
    const strict = await startHub(database.db, { loginAttemptsPerMinute: 10 });
    try {
      const answers: number[] = [];
      for (let i = 0; i < 11; i += 1) answers.push((await strict.call('POST', '/cobrowse/join', { body: { code: String(100_000 + i) } })).status);
      expect(answers.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => 404));
      expect(await strict.call('POST', '/cobrowse/join', { body: { code: '999999' } })).toMatchObject({ status: 429, body: { code: 'auth.rateLimited' } });
    } finally {
      await strict.close();
    }
  });

  it('serves the demo shop, which gets a visitor token for a known customer the doorbell accepts', async () => {
    const page = await fetch(`${hub.url}/demo-shop/?customer=${encodeURIComponent(fixture.customers.anna.email)}`);
    expect(page.status).toBe(200);
    const token = /data-visitor="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    expect(token).not.toBe('');
    const doorbell = await openRecording(hub, '/cobrowse/ws/visitor');
    doorbell.send({ t: 'visitor', token });
    await until(async () => (await database.db.query('select customer_id from cobrowse_doorbell where customer_id = $1', [fixture.customers.anna.id])).length === 1, 'the doorbell registered for Anna');
    doorbell.ws.close();
    const stranger = await fetch(`${hub.url}/demo-shop/?customer=nobody%40example.org`);
    expect(await stranger.text()).not.toContain('data-visitor="ey');
  });

  it('negotiates permessage-deflate on the co-browse sockets and not on /events', async () => {
    const token = await hub.login(fixture.agents.first_line.email);
    const session = await startSession(hub, token, fixture.customers.anna.id);
    expect(await negotiated(`/cobrowse/ws/agent?session=${session.id}`, token)).toContain('permessage-deflate');
    expect(await negotiated('/events', token)).toBe('');
    await hub.call('POST', `/cobrowse/sessions/${session.id}/end`, { token });
  });

  it('ends the sessions a stopped hub left running (hub_restart) when it starts again, and tells a rejoining agent', async () => {
    const first = await startHub(database.db);
    const token = await first.login(fixture.agents.second_line.email);
    const session = await startSession(first, token, fixture.customers.bram.id);
    await first.close();
    const second = await startHub(database.db);
    try {
      expect(await sessionRow(second, session.id)).toMatchObject({ state: 'ended', end_reason: 'hub_restart', code: null });
      const agent = await agentSocket(second, session.id, token);
      expect(await agent.waitClosed()).toEqual({ code: 4000, reason: 'hub_restart' });
      expect(agent.messages()).toEqual([{ t: 'ended', reason: 'hub_restart' }]);
    } finally {
      await second.close();
    }
  });
});
