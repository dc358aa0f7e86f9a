// GET /sync, the console's delta sync: paging, visibility per role and event audience, and
// `head` (the newest sequence value, for a progress bar). Runs on PGlite and on PostgreSQL.
import { hash } from '@node-rs/argon2';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../common/hub/roles.ts';
import type { Database } from '../../server/db/database.ts';
import { EventBus } from '../../server/events/bus.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

interface Change {
  seq: number;
  entity: string;
  row: Record<string, unknown>;
}
interface Page {
  changes: Change[];
  next: number;
  more: boolean;
  head: number;
}

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
const tokens = {} as Record<Role, string>;

async function syncPage(role: Role, since: number, limit: number): Promise<Page> {
  const response = await hub.call('GET', `/sync?since=${since}&limit=${limit}`, { token: tokens[role] });
  expect(response.status).toBe(200);
  return response.body as Page;
}

/** Pages from `since` until the hub says there is no more, like a console does. */
async function syncAll(role: Role, limit: number, since = 0): Promise<Page[]> {
  const pages: Page[] = [];
  for (;;) {
    const page = await syncPage(role, since, limit);
    pages.push(page);
    since = page.next;
    if (!page.more) return pages;
    if (pages.length > 10_000) throw new Error('sync does not end');
  }
}

/** Straight from the tables, not through the route: every seq a caller may see. */
async function visibleSeqs(db: Database, role: Role, agentId: string): Promise<number[]> {
  // Synced tables are the ones with a change_seq column (server/README.md).
  const tables = (
    await db.query<{ table_name: string }>(
      `select table_name from information_schema.columns where column_name = 'change_seq' and table_schema = current_schema() order by table_name`,
    )
  ).map((row) => row.table_name);
  expect(tables).toEqual(expect.arrayContaining(['agent', 'customer', 'interaction', 'reason_code', 'presence']));
  const parts =
    role === 'overflow'
      ? [`select change_seq as seq from reason_code`, `select change_seq from agent where id = $1`, `select seq from change_log where audience = $1`]
      : [
          // Calls without a customer are in no customer's history: not synced until linked.
          ...tables.map((table) => `select change_seq as seq from ${table}${table === 'interaction' ? ' where customer_id is not null' : ''}`),
          role === 'team_lead' || role === 'admin' ? 'select seq from change_log' : 'select seq from change_log where audience is null or audience = $1',
        ];
  const rows = await db.query<{ seq: number }>(`select seq from (${parts.join(' union all ')}) x where $1::uuid is not null order by seq`, [agentId]);
  return rows.map((row) => row.seq);
}

const changesOf = (pages: readonly Page[]) => pages.flatMap((page) => page.changes);
const seqsOf = (changes: readonly Change[]) => changes.map((change) => change.seq);
const eventsOf = (changes: readonly Change[]) => changes.filter((change) => change.entity === 'event').map((change) => change.row as { kind: string; audience: string | null });

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  for (const role of ROLES) tokens[role] = await hub.login(fixture.agents[role].email);
  const { anna, bram } = fixture.customers;
  const put = async (role: Role, path: string, body: unknown) => {
    const response = await hub.call('PUT', path, { token: tokens[role], body });
    expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(200);
  };
  // Activity in many tables, with events for everyone (null audience) and for one agent.
  await put('first_line', '/presence', { status: 'available' });
  await put('second_line', '/presence', { status: 'on_call' });
  const interaction = uuidv7();
  await put('first_line', `/interactions/${interaction}`, { customerId: anna.id, channel: 'phone', direction: 'inbound', startedAt: '2026-11-20T10:00:00Z' });
  // Calls from numbers that are no customer (yet): they take sequence values nobody syncs, which
  // must not cut pages short either.
  for (let i = 0; i < 4; i++) {
    await put('first_line', `/interactions/${uuidv7()}`, { customerId: null, channel: 'phone', direction: 'inbound', startedAt: '2026-11-20T10:05:00Z', remoteNumber: `+3120555000${i}` });
  }
  await put('first_line', `/escalations/${uuidv7()}`, { customerId: anna.id, queue: 'second_line', summary: 'Parcel lost', assignTo: fixture.agents.second_line.id });
  await put('first_line', `/escalations/${uuidv7()}`, { customerId: bram.id, queue: 'second_line', summary: 'For the temp', assignTo: fixture.agents.overflow.id });
  await put('first_line', `/callbacks/${uuidv7()}`, { customerId: bram.id, dueAt: '2026-11-25T09:00:00Z', phone: bram.phone, assignTo: fixture.agents.expert.id });
  // A run of events that only the admin (and leads) may see: they must not cut other callers' pages short.
  for (let i = 0; i < 8; i++) await EventBus.append(database.db, 'callback.due', { n: i }, fixture.agents.admin.id);
  // A changed row moves to a new seq.
  const patched = await hub.call('PATCH', `/interactions/${interaction}`, { token: tokens.first_line, body: { note: 'called back' } });
  expect(patched.status).toBe(200);
  await put('expert', '/presence', { status: 'break' });
  await EventBus.append(database.db, 'callback.due', { n: 'overflow' }, fixture.agents.overflow.id);
  await put('first_line', '/presence', { status: 'wrap_up' });
  // Last, a row change without an event: the overflow agent is renamed.
  await database.db.query(`update agent set display_name = 'Temp Agent', change_seq = nextval('change_seq') where id = $1`, [fixture.agents.overflow.id]);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

describe('paging', () => {
  it.each(ROLES)('gives %s every change it may see exactly once, in order, the same as one big page', async (role) => {
    const limit = 3;
    const pages = await syncAll(role, limit);
    const changes = changesOf(pages);
    const seqs = seqsOf(changes);
    for (const [i, seq] of seqs.entries()) if (i > 0) expect(seq).toBeGreaterThan(seqs[i - 1] ?? 0);
    expect(seqs).toEqual(await visibleSeqs(database.db, role, fixture.agents[role].id));
    // Full pages say "more", and only the last one does not (it may be empty).
    for (const page of pages) {
      expect(page.more).toBe(page.changes.length === limit);
      expect(page.next).toBe(page.changes.at(-1)?.seq ?? (pages[pages.indexOf(page) - 1]?.next ?? 0));
    }
    expect(pages.slice(0, -1).every((page) => page.changes.length === limit)).toBe(true);
    expect(seqs.length).toBeGreaterThan(limit);

    const big = await syncPage(role, 0, 5_000);
    expect(big.more).toBe(false);
    expect(big.changes).toEqual(changes);
    expect(big.next).toBe(seqs.at(-1));
  });

  it('starts after `since` and gives the rows as the tables hold them, without secrets', async () => {
    const all = changesOf(await syncAll('team_lead', 5_000));
    const middle = all[Math.floor(all.length / 2)]?.seq ?? 0;
    const rest = await syncPage('team_lead', middle, 5_000);
    expect(rest.changes).toEqual(all.filter((change) => change.seq > middle));

    const customers = all.filter((change) => change.entity === 'customer').map((change) => change.row);
    expect(customers).toContainEqual(expect.objectContaining({ id: fixture.customers.anna.id, phones: [fixture.customers.anna.phone], emails: [fixture.customers.anna.email] }));
    const agents = all.filter((change) => change.entity === 'agent').map((change) => change.row);
    expect(agents).toHaveLength(ROLES.length);
    for (const agent of agents) expect(Object.keys(agent).sort()).toEqual(['displayName', 'email', 'id', 'languages', 'officeId', 'role']);
    const interactions = all.filter((change) => change.entity === 'interaction');
    expect(interactions).toHaveLength(1);
    expect(interactions[0]?.row).toMatchObject({ note: 'called back' });
    expect(interactions[0]?.row).not.toHaveProperty('request_hash');
  });
});

describe('visibility', () => {
  it('gives overflow agents only reason codes, their own agent row and their own events', async () => {
    const overflow = fixture.agents.overflow;
    const changes = changesOf(await syncAll('overflow', 2));
    expect(new Set(changes.map((change) => change.entity))).toEqual(new Set(['reason_code', 'agent', 'event']));
    const agents = changes.filter((change) => change.entity === 'agent');
    expect(agents.map((change) => change.row)).toEqual([{ id: overflow.id, displayName: 'Temp Agent', role: 'overflow' }]);
    const events = eventsOf(changes);
    expect(events.map((event) => event.kind).sort()).toEqual(['callback.due', 'escalation.assigned']);
    expect(events.every((event) => event.audience === overflow.id)).toBe(true);
  });

  it('gives staff the events for everyone and their own, and leads every event', async () => {
    const events = async (role: Role) => eventsOf(changesOf(await syncAll(role, 4)));
    const firstLine = await events('first_line');
    expect(firstLine.filter((event) => event.audience !== null)).toEqual([]);
    expect(firstLine.map((event) => event.kind)).toEqual(expect.arrayContaining(['presence.changed', 'interaction.saved', 'escalation.created']));

    const secondLine = await events('second_line');
    expect(secondLine.filter((event) => event.audience !== null)).toEqual([
      expect.objectContaining({ kind: 'escalation.assigned', audience: fixture.agents.second_line.id }),
    ]);
    const expert = await events('expert');
    expect(expert.filter((event) => event.audience !== null)).toEqual([expect.objectContaining({ kind: 'callback.created', audience: fixture.agents.expert.id })]);

    const [{ n } = { n: 0 }] = await database.db.query<{ n: number }>('select count(*)::int8 as n from change_log');
    for (const lead of ['team_lead', 'admin'] as const) {
      const seen = await events(lead);
      expect(seen).toHaveLength(n);
      expect(seen.filter((event) => event.audience === fixture.agents.admin.id)).toHaveLength(8);
    }
  });
});

describe('head', () => {
  it('is at least every seq of a page, and the last seq once everything is synced', async () => {
    for (const role of ['team_lead', 'first_line', 'overflow'] as const) {
      const pages = await syncAll(role, 5);
      for (const page of pages) for (const change of page.changes) expect(page.head).toBeGreaterThanOrEqual(change.seq);
    }
    // Leads see every row and event, and nothing else took a value: head is where their sync ends.
    const last = (await visibleSeqs(database.db, 'team_lead', fixture.agents.team_lead.id)).at(-1);
    const pages = await syncAll('team_lead', 5);
    expect(pages.at(-1)?.next).toBe(last);
    for (const page of pages) expect(page.head).toBe(last);
    // The last value went to a row without an event (the overflow agent's): it counts for head too.
    const overflow = await syncAll('overflow', 5);
    expect(overflow.at(-1)?.changes.at(-1)).toMatchObject({ entity: 'agent', seq: last });
    expect(overflow.at(-1)?.head).toBe(last);
  });

  it('moves with new writes, also ones the caller cannot see', async () => {
    const before = (await syncAll('first_line', 5_000)).at(-1) as Page;
    expect(before.next).toBe(before.head);
    const invisible = await EventBus.append(database.db, 'callback.due', { n: 'late' }, fixture.agents.admin.id);
    expect(await syncPage('first_line', before.next, 5_000)).toEqual({ changes: [], next: before.next, more: false, head: invisible });

    const response = await hub.call('PUT', '/presence', { token: tokens.second_line, body: { status: 'available' } });
    expect(response.status).toBe(200);
    const page = await syncPage('first_line', before.next, 5_000);
    expect(page.changes.map((change) => change.entity)).toEqual(['presence', 'event']);
    expect(page.changes[0]?.seq).toBe((response.body as { changeSeq: number }).changeSeq);
    expect(page.changes[0]?.seq).toBeGreaterThan(invisible);
    expect(page.head).toBe(page.next);
  });

  it('is 0 on a hub whose sequence has handed out no value yet', async () => {
    const empty = await openTestDatabase();
    try {
      const officeId = uuidv7();
      await empty.db.query(`insert into office (id, code, name, country, timezone) values ($1, 'ams', 'Amsterdam', 'NL', 'Europe/Amsterdam')`, [officeId]);
      // An explicit change_seq, so not even this row takes a value from the sequence.
      await empty.db.query(
        `insert into agent (id, office_id, email, display_name, role, password_hash, change_seq) values ($1, $2, 'lead@shop.example', 'Lead', 'team_lead', $3, 0)`,
        [uuidv7(), officeId, await hash(PASSWORD)],
      );
      const fresh = await startHub(empty.db);
      try {
        const token = await fresh.login('lead@shop.example');
        const response = await fresh.call('GET', '/sync?since=0', { token });
        expect(response).toEqual({ status: 200, body: { changes: [], next: 0, more: false, head: 0 } });
      } finally {
        await fresh.close();
      }
    } finally {
      await empty.close();
    }
  });
});

describe('the response schema', () => {
  it('describes head and the rows in the OpenAPI document', async () => {
    const response = await hub.call('GET', '/openapi.json');
    const schema = response.body.paths['/sync'].get.responses['200'].content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['changes', 'next', 'more', 'head']));
    expect(schema.properties.changes.items.properties.row).toMatchObject({ type: 'object' });
  });
});
