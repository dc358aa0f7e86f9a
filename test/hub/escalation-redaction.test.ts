// The escalation wall beyond the escalation routes: sync, the customer 360, lookup and the
// timeline. An agent who may not see an escalation (here: a first-line colleague of its creator)
// learns that it exists — id, queue, status, priority, times — but not its summary, resolution,
// outcome, people or replies; its creator and a lead get it all. Once the colleague may see it
// (assigned to it), its next sync brings the escalation and its replies in full.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../server/db/database.ts';
import { loadMigrations, migrate } from '../../server/db/migrate.ts';
import { listenTo } from '../support/hub-listener.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

const SUMMARY = 'Wants a refund for the broken juicer, disputes the courier';
const REPLY = 'Checked with the courier: parcel was dented';
const RESOLUTION = 'Refunded after photo evidence';
const HAND_BACK_NOTE = 'Needs the quality team, not me';
const SECRETS = [SUMMARY, REPLY, RESOLUTION, HAND_BACK_NOTE];

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
let colleague: { id: string; email: string };
let openId: string;
let resolvedId: string;

type Change = { seq: number; entity: string; row: Record<string, unknown> };

const token = (agent: { email: string }) => hub.login(agent.email);
async function get(agent: { email: string }, path: string): Promise<any> {
  const response = await hub.call('GET', path, { token: await token(agent) });
  expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(200);
  return response.body;
}
async function post(agent: { email: string }, method: string, path: string, body: unknown): Promise<any> {
  const response = await hub.call(method, path, { token: await token(agent), body });
  expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(200);
  return response.body;
}
const syncRows = async (agent: { email: string }, since = 0): Promise<{ changes: Change[]; next: number }> => get(agent, `/sync?since=${since}&limit=5000`);
const rowsOf = (changes: readonly Change[], entity: string, id: string) => changes.filter((c) => c.entity === entity && c.row.id === id).map((c) => c.row);
const replies = (changes: readonly Change[]) => changes.filter((c) => c.entity === 'interaction' && c.row.escalation_id !== null && c.row.escalation_id !== undefined);

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  colleague = { id: uuidv7(), email: 'first-line-colleague@shop.example' };
  await database.db.query(
    `insert into agent (id, office_id, email, display_name, role, languages, password_hash)
     select $1, office_id, $2, 'Agent first_line colleague', role, languages, password_hash from agent where id = $3`,
    [colleague.id, colleague.email, fixture.agents.first_line.id],
  );
  const author = fixture.agents.first_line;
  const customerId = fixture.customers.bram.id;
  openId = (await post(author, 'PUT', `/escalations/${uuidv7()}`, { customerId, queue: 'expert', priority: 'high', summary: SUMMARY })).id;
  await post(author, 'POST', `/escalations/${openId}/reply`, { id: uuidv7(), text: REPLY });
  resolvedId = (await post(author, 'PUT', `/escalations/${uuidv7()}`, { customerId, queue: 'second_line', summary: `${SUMMARY} (second)` })).id;
  await post(fixture.agents.team_lead, 'POST', `/escalations/${resolvedId}/resolve`, { outcome: 'refund', resolution: RESOLUTION });
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

const REDACTED = { summary: null, resolution: null, outcome: null, created_by: null, assigned_to: null, redacted: true };

describe('escalations an agent may not see, on sync, 360, lookup and timeline', () => {
  it('sync sends a first-line colleague the escalation redacted (that it exists, queue, status, priority) and none of its replies', async () => {
    const { changes } = await syncRows(colleague);
    const [open] = rowsOf(changes, 'escalation', openId);
    expect(open).toMatchObject({ ...REDACTED, id: openId, customer_id: fixture.customers.bram.id, queue: 'expert', status: 'open', priority: 'high' });
    expect(open?.created_at).toEqual(expect.any(String));
    const [resolved] = rowsOf(changes, 'escalation', resolvedId);
    expect(resolved).toMatchObject({ ...REDACTED, queue: 'second_line', status: 'resolved', resolved_at: expect.any(String) });
    expect(replies(changes)).toEqual([]);
    for (const secret of SECRETS) expect(JSON.stringify(changes)).not.toContain(secret);
  });

  it('the 360, lookup and timeline tell the colleague an escalation is open without its summary or replies', async () => {
    const customerId = fixture.customers.bram.id;
    const view = await get(colleague, `/customers/${customerId}`);
    expect(view.openEscalations).toEqual([{ id: openId, queue: 'expert', status: 'open', priority: 'high', summary: null, createdAt: expect.any(String) }]);
    const lookup = await get(colleague, `/customers/lookup?phone=${encodeURIComponent(fixture.customers.bram.phone)}`);
    expect(lookup.hits).toMatchObject([{ id: customerId, openEscalations: 1 }]);
    const timeline = await get(colleague, `/customers/${customerId}/timeline?limit=100`);
    for (const body of [view, lookup, timeline]) for (const secret of SECRETS) expect(JSON.stringify(body)).not.toContain(secret);
  });

  it('the creator and a lead get the escalations, their resolution and replies in full on the same routes', async () => {
    for (const agent of [fixture.agents.first_line, fixture.agents.team_lead]) {
      const { changes } = await syncRows(agent);
      expect(rowsOf(changes, 'escalation', openId)).toMatchObject([{ summary: SUMMARY, created_by: fixture.agents.first_line.id, priority: 'high' }]);
      expect(rowsOf(changes, 'escalation', resolvedId)).toMatchObject([{ resolution: RESOLUTION, outcome: 'refund' }]);
      expect(replies(changes).map((c) => c.row.note)).toEqual([REPLY]);
      expect(changes.some((c) => c.row.redacted === true)).toBe(false);
      const view = await get(agent, `/customers/${fixture.customers.bram.id}`);
      expect(view.openEscalations).toMatchObject([{ id: openId, summary: SUMMARY }]);
      const timeline = await get(agent, `/customers/${fixture.customers.bram.id}/timeline?limit=100`);
      expect(JSON.stringify(timeline)).toContain(REPLY);
    }
  });

  it('once assigned to the colleague, its next sync brings the escalation and its earlier reply in full', async () => {
    const { next } = await syncRows(colleague);
    await post(fixture.agents.team_lead, 'POST', `/escalations/${openId}/assign`, { assignTo: colleague.id });
    const { changes } = await syncRows(colleague, next);
    expect(rowsOf(changes, 'escalation', openId)).toMatchObject([{ summary: SUMMARY, assigned_to: colleague.id }]);
    expect(replies(changes).map((c) => c.row.note)).toEqual([REPLY]);
    const view = await get(colleague, `/customers/${fixture.customers.bram.id}`);
    expect(view.openEscalations).toMatchObject([{ id: openId, summary: SUMMARY }]);
    // A lead hands it back to the expert queue with a note: the colleague may no longer see it;
    // its next sync says so, and carries neither the note (a thread entry) nor the event's note.
    const { next: later } = await syncRows(colleague);
    await post(fixture.agents.team_lead, 'POST', `/escalations/${openId}/hand-back`, { note: HAND_BACK_NOTE });
    const after = await syncRows(colleague, later);
    expect(rowsOf(after.changes, 'escalation', openId)).toMatchObject([REDACTED]);
    expect(after.changes.find((c) => c.entity === 'event' && c.row.kind === 'escalation.handedBack')?.row.payload).toMatchObject({ escalationId: openId, note: null });
    expect(JSON.stringify(after.changes)).not.toContain(HAND_BACK_NOTE);
    // Its creator gets the note, in the thread and in the event.
    const creator = await syncRows(fixture.agents.first_line, later);
    expect(creator.changes.find((c) => c.entity === 'event' && c.row.kind === 'escalation.handedBack')?.row.payload).toMatchObject({ note: HAND_BACK_NOTE });
    expect(replies(creator.changes).map((c) => c.row.note)).toContain(HAND_BACK_NOTE);
  });

  it('escalation events for all staff carry their outcome only for those they name and leads', async () => {
    const resolvedEvent = async (agent: { email: string }) =>
      (await syncRows(agent)).changes.find((c) => c.entity === 'event' && c.row.kind === 'escalation.resolved' && (c.row.payload as Record<string, unknown>).escalationId === resolvedId)?.row.payload;
    expect(await resolvedEvent(colleague)).toMatchObject({ escalationId: resolvedId, outcome: null });
    expect(await resolvedEvent(fixture.agents.first_line)).toMatchObject({ outcome: 'refund' });
    expect(await resolvedEvent(fixture.agents.team_lead)).toMatchObject({ outcome: 'refund' });
  });

  it('the live socket, live and on catching up, gives the colleague escalation events without their note and the creator with it', async () => {
    const id = (await post(fixture.agents.first_line, 'PUT', `/escalations/${uuidv7()}`, { customerId: fixture.customers.bram.id, queue: 'second_line', assignTo: fixture.agents.second_line.id, summary: SUMMARY })).id;
    const { next } = await syncRows(colleague);
    const [live, creator] = await Promise.all([listenTo(hub.url, await token(colleague)), listenTo(hub.url, await token(fixture.agents.first_line))]);
    try {
      const note = `${HAND_BACK_NOTE} (live)`;
      await post(fixture.agents.second_line, 'POST', `/escalations/${id}/hand-back`, { note });
      const byId = (payload: Record<string, unknown>) => payload.escalationId === id;
      expect((await live.waitFor('escalation.handedBack', byId)).payload).toMatchObject({ escalationId: id, note: null });
      expect((await creator.waitFor('escalation.handedBack', byId)).payload).toMatchObject({ note });
      const catchingUp = await listenTo(hub.url, await token(colleague), next);
      try {
        expect((await catchingUp.waitFor('escalation.handedBack', byId)).payload).toMatchObject({ note: null });
      } finally {
        catchingUp.close();
      }
    } finally {
      live.close();
      creator.close();
    }
  });
});

describe('a hub upgraded to the wall on sync', () => {
  it('moves every escalation’s change_seq once, so consoles that cached them in full get them again as the wall allows', async () => {
    const db = await openPglite();
    try {
      const migrations = await loadMigrations();
      await migrate(db, migrations.filter((m) => m.version < 8));
      const seeded = await seedFixture(db);
      const id = uuidv7();
      await db.query(`insert into escalation (id, customer_id, created_by, queue, status, summary, request_hash) values ($1, $2, $3, 'expert', 'open', $4, 'x')`, [
        id,
        seeded.customers.anna.id,
        seeded.agents.first_line.id,
        SUMMARY,
      ]);
      const [before] = await db.query<{ change_seq: string }>('select change_seq from escalation where id = $1', [id]);
      const [head] = await db.query<{ head: string }>('select last_value as head from change_seq');
      expect(await migrate(db, migrations)).toContain(8);
      const [after] = await db.query<{ change_seq: string }>('select change_seq from escalation where id = $1', [id]);
      expect(Number(after?.change_seq)).toBeGreaterThan(Number(head?.head));
      expect(Number(after?.change_seq)).toBeGreaterThan(Number(before?.change_seq));
    } finally {
      await db.close();
    }
  });
});
