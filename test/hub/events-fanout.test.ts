// The live-events fan-out serialises and frames each event once per version (whole, or with an
// escalation's text nulled) and writes those bytes to every socket (server/events/socket.ts,
// frames.ts). Many sockets of every role on one hub: each gets each event exactly once, and the
// version its role and part in the case allow — never another caller's.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../common/hub/roles.ts';
import { listenTo, type Listener } from '../support/hub-listener.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

const SOCKETS_PER_AGENT = 4;
const NOTE = 'Customer wants the courier blamed, not us';

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
let colleague: { id: string; email: string };
const sockets: Array<{ who: Role | 'colleague'; listener: Listener }> = [];

const ofKind = (listener: Listener, kind: string, match: (payload: Record<string, unknown>) => boolean) =>
  listener.received.filter((event) => event.kind === kind && match(event.payload));

async function everySocketHas(kind: string, match: (payload: Record<string, unknown>) => boolean, who: ReadonlyArray<Role | 'colleague'>): Promise<void> {
  await Promise.all(sockets.filter((s) => who.includes(s.who)).map((s) => s.listener.waitFor(kind, match, 20_000)));
}

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  colleague = { id: uuidv7(), email: 'fanout-colleague@shop.example' };
  await database.db.query(
    `insert into agent (id, office_id, email, display_name, role, languages, password_hash)
     select $1, office_id, $2, 'Fan-out colleague', role, languages, password_hash from agent where id = $3`,
    [colleague.id, colleague.email, fixture.agents.first_line.id],
  );
  const [{ head } = { head: 0 }] = await database.db.query<{ head: number }>('select coalesce(max(seq), 0)::int8 as head from change_log');
  const agents = [...(Object.entries(fixture.agents) as Array<[Role, { email: string }]>), ['colleague', colleague] as const];
  for (const [who, agent] of agents) {
    const token = await hub.login(agent.email);
    for (let i = 0; i < SOCKETS_PER_AGENT; i++) sockets.push({ who, listener: await listenTo(hub.url, token, Number(head)) });
  }
});

afterAll(async () => {
  for (const { listener } of sockets) listener.close();
  await hub?.close();
  await database?.close();
});

describe('live-event fan-out to many sockets', () => {
  it('gives one peak-mode switch to every socket of every role, overflow too, exactly once and the same', async () => {
    const note = `fan-out ${uuidv7()}`;
    const lead = await hub.login(fixture.agents.team_lead.email);
    expect((await hub.call('PUT', '/peak-mode', { token: lead, body: { enabled: true, preset: 'callbacks_only', note } })).status).toBe(200);
    const ours = (payload: Record<string, unknown>) => payload.note === note;
    await everySocketHas('peak_mode.changed', ours, [...Object.keys(fixture.agents), 'colleague'] as Role[]);
    const copies = sockets.map((s) => ofKind(s.listener, 'peak_mode.changed', ours));
    expect(copies.every((events) => events.length === 1)).toBe(true);
    // The frame is the same for every socket of staff; an overflow agent, who is synced no
    // customer data, gets the same event, with the rows around it (its delta, deltas.ts) only
    // when there are none.
    type WithDelta = { delta?: { rows: unknown[] } };
    const staff = copies.filter((_, i) => sockets[i]?.who !== 'overflow');
    expect(new Set(staff.map(([event]) => JSON.stringify(event))).size).toBe(1);
    const [[whole] = []] = staff;
    copies.forEach(([event], i) => {
      if (sockets[i]?.who !== 'overflow') return;
      const { delta, ...rest } = event as typeof event & WithDelta;
      const { delta: staffDelta, ...staffRest } = whole as typeof event & WithDelta;
      expect(JSON.stringify(rest)).toBe(JSON.stringify(staffRest));
      expect(delta).toEqual(staffDelta?.rows.length === 0 ? staffDelta : undefined);
    });
  });

  it('gives a socket opened at the newest delivered event only what comes next, and one opened just before it that event too, each once', async () => {
    const lead = await hub.login(fixture.agents.team_lead.email);
    const agent = await hub.login(fixture.agents.first_line.email);
    const switchTo = async (note: string) => expect((await hub.call('PUT', '/peak-mode', { token: lead, body: { enabled: true, preset: 'chat_off', note } })).status).toBe(200);
    const first = `first ${uuidv7()}`;
    await switchTo(first);
    // Delivered on this instance once an existing socket has it.
    const delivered = await sockets[0]!.listener.waitFor('peak_mode.changed', (payload) => payload.note === first);
    const atHead = await listenTo(hub.url, agent, delivered.seq);
    const behind = await listenTo(hub.url, agent, delivered.seq - 1);
    try {
      const second = `second ${uuidv7()}`;
      await switchTo(second);
      for (const listener of [atHead, behind]) await listener.waitFor('peak_mode.changed', (payload) => payload.note === second);
      const notes = (listener: Listener) => listener.received.filter((e) => e.kind === 'peak_mode.changed').map((e) => e.payload.note);
      expect(notes(atHead)).toEqual([second]);
      expect(notes(behind)).toEqual([first, second]);
    } finally {
      atHead.close();
      behind.close();
    }
  });

  it('gives an escalation event whole to leads and the agents it names, without its text to other staff, and nothing to overflow', async () => {
    const as = async (role: Role) => hub.login(fixture.agents[role].email);
    const created = await hub.call('PUT', `/escalations/${uuidv7()}`, {
      token: await as('first_line'),
      body: { customerId: fixture.customers.bram.id, queue: 'second_line', assignTo: fixture.agents.second_line.id, summary: 'Juicer arrived broken' },
    });
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    expect((await hub.call('POST', `/escalations/${id}/hand-back`, { token: await as('second_line'), body: { note: NOTE } })).status).toBe(200);
    // A later event for every socket: once it is there, anything the hand-back would bring has arrived too.
    const fence = `fence ${uuidv7()}`;
    expect((await hub.call('PUT', '/peak-mode', { token: await as('team_lead'), body: { enabled: false, note: fence } })).status).toBe(200);
    await everySocketHas('peak_mode.changed', (payload) => payload.note === fence, [...Object.keys(fixture.agents), 'colleague'] as Role[]);

    const handedBack = (payload: Record<string, unknown>) => payload.escalationId === id;
    const whole: ReadonlyArray<Role | 'colleague'> = ['team_lead', 'admin', 'first_line', 'second_line'];
    const redacted: ReadonlyArray<Role | 'colleague'> = ['expert', 'colleague'];
    for (const { who, listener } of sockets) {
      const events = ofKind(listener, 'escalation.handedBack', handedBack);
      if (who === 'overflow') {
        expect(events, who).toEqual([]);
        continue;
      }
      expect(events, who).toHaveLength(1);
      if (whole.includes(who)) expect(events[0]?.payload, who).toMatchObject({ escalationId: id, note: NOTE });
      if (redacted.includes(who)) expect(events[0]?.payload, who).toMatchObject({ escalationId: id, note: null });
    }
  });
});
