// A live frame may carry the row changes around its event (server/events/deltas.ts) so a
// console applies them instead of a delta sync. The claim is exact: for every role, what the
// frame carries over `(from, to]` is what `GET /sync?since=from` gives that caller up to `to` —
// the same rows, behind the same walls, and the event itself; a range with a walled row
// (escalations, replies) carries no rows at all, and the console syncs.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../common/hub/roles.ts';
import { listenTo, type HubEvent, type Listener } from '../support/hub-listener.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { INGEST_KEY, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

interface Delta {
  readonly from: number;
  readonly to: number;
  readonly rows: ReadonlyArray<{ seq: number; entity: string; row: Record<string, unknown> }>;
}
type Frame = HubEvent & { readonly at: string; readonly delta?: Delta };
interface Change {
  readonly seq: number;
  readonly entity: string;
  readonly row: Record<string, unknown>;
}

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
const consoles: Array<{ role: Role; token: string; listener: Listener }> = [];

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  const [{ head } = { head: 0 }] = await database.db.query<{ head: number }>('select coalesce(max(seq), 0)::int8 as head from change_log');
  for (const [role, agent] of Object.entries(fixture.agents) as Array<[Role, { email: string }]>) {
    const token = await hub.login(agent.email);
    consoles.push({ role, token, listener: await listenTo(hub.url, token, Number(head)) });
  }
});

afterAll(async () => {
  for (const { listener } of consoles) listener.close();
  await hub?.close();
  await database?.close();
});

/** Waits until every console that may see it has the event, then checks each one's delta against its own delta sync. */
async function checkDeltas(kind: string, match: (payload: Record<string, unknown>) => boolean, who: readonly Role[]): Promise<Map<Role, Frame>> {
  const frames = new Map<Role, Frame>();
  for (const { role, token, listener } of consoles) {
    if (!who.includes(role)) continue;
    const frame = (await listener.waitFor(kind, match, 20_000)) as Frame;
    frames.set(role, frame);
    if (!frame.delta) continue;
    const { from, to, rows } = frame.delta;
    expect(from, role).toBeLessThan(frame.seq);
    expect(to, role).toBeGreaterThanOrEqual(frame.seq);
    const page = await hub.call('GET', `/sync?since=${from}&limit=1000`, { token });
    expect(page.status, role).toBe(200);
    const synced = (page.body.changes as Change[]).filter((change) => change.seq <= to);
    // The event as the sync gives it (its time in PostgreSQL's JSON form): kind and payload.
    const event = synced.find((change) => change.entity === 'event');
    expect(event?.seq, role).toBe(frame.seq);
    expect({ kind: event?.row.kind, payload: event?.row.payload }, role).toEqual({ kind: frame.kind, payload: frame.payload });
    expect(synced.filter((change) => change.entity !== 'event'), role).toEqual(rows);
  }
  return frames;
}

const STAFF: readonly Role[] = ['first_line', 'second_line', 'expert', 'team_lead', 'admin'];
const EVERY_ROLE: readonly Role[] = [...STAFF, 'overflow'];

describe('live frames that carry their rows', () => {
  it('carries a presence change with its row to staff, exactly what each role would sync', async () => {
    const agent = consoles.find((c) => c.role === 'first_line')!;
    for (const status of ['on_call', 'wrap_up', 'available']) {
      expect((await hub.call('PUT', '/presence', { token: agent.token, body: { status } })).status).toBe(200);
      const frames = await checkDeltas('presence.changed', (payload) => payload.status === status, STAFF);
      const first = frames.get('first_line');
      expect(first?.delta?.rows.some((row) => row.entity === 'presence'), 'a presence row rides with its event').toBe(true);
    }
  });

  it('carries a peak-mode switch to every role, overflow too (nothing else changed)', async () => {
    const lead = consoles.find((c) => c.role === 'team_lead')!;
    const note = `deltas ${uuidv7()}`;
    expect((await hub.call('PUT', '/peak-mode', { token: lead.token, body: { enabled: true, preset: 'chat_off', note } })).status).toBe(200);
    const frames = await checkDeltas('peak_mode.changed', (payload) => payload.note === note, EVERY_ROLE);
    for (const role of EVERY_ROLE) expect(frames.get(role)?.delta, role).toBeDefined();
  });

  it("carries a web-shop order's customer rows to staff and none to overflow, who syncs as before", async () => {
    const placed = {
      externalId: `deltas-${uuidv7()}`,
      type: 'order.placed',
      occurredAt: new Date().toISOString(),
      customer: { email: fixture.customers.anna.email },
      order: { number: `NL-DELTA-${Date.now()}`, currency: 'EUR', totalCents: 2599 },
    };
    const ingest = await hub.call('POST', '/ingest/events', { headers: { 'x-ingest-key': INGEST_KEY }, body: { events: [placed] } });
    expect(ingest.body).toEqual({ accepted: 1, duplicates: 0 });
    const frames = await checkDeltas('shop.event', (payload) => payload.type === 'order.placed', STAFF);
    expect(frames.get('first_line')?.delta?.rows.some((row) => row.entity === 'shop_order')).toBe(true);
    // A later event for every role, so anything the order would bring overflow has arrived.
    const fence = `fence ${uuidv7()}`;
    const lead = consoles.find((c) => c.role === 'team_lead')!;
    expect((await hub.call('PUT', '/peak-mode', { token: lead.token, body: { enabled: false, note: fence } })).status).toBe(200);
    await checkDeltas('peak_mode.changed', (payload) => payload.note === fence, EVERY_ROLE);
    expect(consoles.find((c) => c.role === 'overflow')!.listener.has('shop.event')).toBe(false);
  });

  it('carries a call logged for a customer with its interaction row to staff, exactly what each role would sync', async () => {
    const agent = consoles.find((c) => c.role === 'first_line')!;
    const id = uuidv7();
    const body = { customerId: fixture.customers.anna.id, channel: 'phone', direction: 'inbound', startedAt: new Date().toISOString(), note: 'Asked about the warranty' };
    expect((await hub.call('PUT', `/interactions/${id}`, { token: agent.token, body })).status).toBe(200);
    const frames = await checkDeltas('interaction.saved', (payload) => payload.interactionId === id, STAFF);
    expect(frames.get('expert')?.delta?.rows.some((row) => row.entity === 'interaction' && row.row.id === id)).toBe(true);
  });

  it('carries no delta over a range where an escalation (behind its wall) changed: every role syncs there', async () => {
    const agent = consoles.find((c) => c.role === 'first_line')!;
    const created = await hub.call('PUT', `/escalations/${uuidv7()}`, {
      token: agent.token,
      body: { customerId: fixture.customers.bram.id, queue: 'second_line', assignTo: fixture.agents.second_line.id, summary: 'Blender lid cracked' },
    });
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    expect((await hub.call('POST', `/escalations/${id}/hand-back`, { token: (consoles.find((c) => c.role === 'second_line')!).token, body: { note: 'Sent a new lid' } })).status).toBe(200);
    await checkDeltas('escalation.handedBack', (payload) => payload.escalationId === id, STAFF);
    // Walled rows: every escalation, and every interaction that replies to one.
    const walled = await database.db.query<{ seq: number }>(
      'select change_seq as seq from escalation union all select change_seq from interaction where escalation_id is not null and customer_id is not null',
    );
    expect(walled.length).toBeGreaterThan(0);
    // No frame any role got claims a range over a walled change: there, each console syncs.
    for (const { role, listener } of consoles) {
      for (const frame of listener.received as Frame[]) {
        if (!frame.delta) continue;
        const { from, to } = frame.delta;
        expect(walled.filter(({ seq }) => from < Number(seq) && Number(seq) <= to), `${role} ${frame.kind} ${frame.seq}`).toEqual([]);
      }
    }
  });
});
