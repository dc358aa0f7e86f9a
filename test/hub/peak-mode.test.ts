import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

// Peak mode: a lead switches a preset with a note; every console is told, overflow agents' too;
// the web shop's widget reads a public, cacheable answer without the note or names.

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
const tokens = {} as Record<'first_line' | 'team_lead' | 'overflow' | 'admin', string>;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  for (const role of ['first_line', 'team_lead', 'overflow', 'admin'] as const) tokens[role] = await hub.login(fixture.agents[role].email);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

function listen(token: string): { ws: WebSocket; received: { kind: string; payload: Record<string, unknown> }[]; opened: Promise<void> } {
  const ws = new WebSocket(`${hub.url.replace('http', 'ws')}/events`, { headers: { authorization: `Bearer ${token}` } });
  const received: { kind: string; payload: Record<string, unknown> }[] = [];
  ws.on('message', (data) => received.push(JSON.parse(String(data)) as (typeof received)[number]));
  return { ws, received, opened: new Promise((resolve) => ws.once('open', () => resolve())) };
}

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('peak mode', () => {
  it('is off with every channel open before anyone switched it', async () => {
    const response = await hub.call('GET', '/peak-mode', { token: tokens.overflow });
    expect(response).toMatchObject({ status: 200, body: { enabled: false, preset: null, note: null, byName: null, channels: { phone: true, chat: true, email: true, callbackRequests: true } } });
  });

  it('refuses first-line and overflow agents the switch, and changes nothing', async () => {
    for (const role of ['first_line', 'overflow'] as const) {
      const response = await hub.call('PUT', '/peak-mode', { token: tokens[role], body: { enabled: true, preset: 'chat_off' } });
      expect(response).toMatchObject({ status: 403, body: { code: 'auth.forbidden', params: { role } } });
    }
    expect((await hub.call('GET', '/peak-mode', { token: tokens.first_line })).body.enabled).toBe(false);
  });

  it('tells every socket, the overflow agent’s too, with the preset, its channels, the note and who switched it', async () => {
    const sockets = [listen(tokens.overflow), listen(tokens.first_line)];
    await Promise.all(sockets.map((socket) => socket.opened));
    const response = await hub.call('PUT', '/peak-mode', { token: tokens.team_lead, body: { enabled: true, preset: 'callbacks_only', note: 'Storing bij de vervoerder' } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const expected = {
      enabled: true, preset: 'callbacks_only', note: 'Storing bij de vervoerder', byName: 'Agent team_lead',
      channels: { phone: false, chat: false, email: true, callbackRequests: true },
    };
    expect(response.body).toMatchObject(expected);
    for (const socket of sockets) {
      await until(() => socket.received.some((event) => event.kind === 'peak_mode.changed'), 'peak_mode.changed');
      expect(socket.received.find((event) => event.kind === 'peak_mode.changed')?.payload).toMatchObject(expected);
      socket.ws.close();
    }
    expect((await hub.call('GET', '/peak-mode', { token: tokens.overflow })).body).toMatchObject(expected);
    // A console that was away gets it by sync, the overflow agent's included.
    const sync = await hub.call('GET', '/sync?since=0&limit=5000', { token: tokens.overflow });
    expect(sync.body.changes.filter((change: { entity: string; row: { kind: string } }) => change.entity === 'event' && change.row.kind === 'peak_mode.changed')).toHaveLength(1);
  });

  it('answers the web shop publicly without the note or names, cacheable with an ETag and a 304 while nothing changed', async () => {
    const first = await fetch(`${hub.url}/public/peak-mode`);
    expect(first.status).toBe(200);
    const body = (await first.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['channels', 'enabled', 'preset', 'since']);
    expect(body).toMatchObject({ enabled: true, preset: 'callbacks_only', channels: { phone: false, chat: false } });
    expect(JSON.stringify(body)).not.toContain('vervoerder');
    expect(JSON.stringify(body)).not.toContain('Agent');
    expect(first.headers.get('cache-control')).toBe('public, max-age=10');
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);

    const again = await fetch(`${hub.url}/public/peak-mode`, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    // Switched off: a new answer under a new tag, every channel open again.
    expect((await hub.call('PUT', '/peak-mode', { token: tokens.admin, body: { enabled: false } })).body).toMatchObject({ enabled: false, preset: null });
    const changed = await fetch(`${hub.url}/public/peak-mode`, { headers: { 'if-none-match': etag ?? '' } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.json()).toMatchObject({ enabled: false, preset: null, channels: { phone: true, chat: true, email: true, callbackRequests: true } });
  });
});
