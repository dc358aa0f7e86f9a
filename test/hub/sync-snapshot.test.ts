// GET /sync/snapshot, the first sync in bulk: per role the same rows behind the same walls as
// GET /sync, paged per table up to a fixed sequence value, and rows changed meanwhile left to the
// delta sync after it. Runs on PGlite and on PostgreSQL.
import { isAscii } from 'node:buffer';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_TABLES } from '../../common/hub/snapshot.ts';
import { ROLES, type Role } from '../../common/hub/roles.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

type Row = Record<string, unknown>;
interface SnapshotPage {
  table: string;
  upTo: number;
  next: string | null;
  more: boolean;
  columns?: string[];
  ms?: string[];
  rows: (Row | unknown[])[];
}
interface SyncPage {
  changes: { seq: number; entity: string; row: Row }[];
  next: number;
  more: boolean;
  head: number;
}

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
const tokens = {} as Record<Role, string>;

async function get<T>(role: Role, path: string): Promise<T> {
  const response = await hub.call('GET', path, { token: tokens[role] });
  expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(200);
  return response.body as T;
}

/** Every table of the snapshot, page by page like a console, as `entity` + row. */
async function snapshotAll(role: Role, limit: number, upTo?: number): Promise<{ upTo: number; changes: { entity: string; row: Row }[]; msColumns: Map<string, string[]> }> {
  const changes: { entity: string; row: Row }[] = [];
  const msColumns = new Map<string, string[]>();
  let fixed = upTo;
  for (const table of SNAPSHOT_TABLES) {
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      const page: SnapshotPage = await get<SnapshotPage>(role, `/sync/snapshot?table=${table}${after === null ? '' : `&after=${after}`}&limit=${limit}${fixed === undefined ? '' : `&upTo=${fixed}`}`);
      const rows = rowsOf(page);
      fixed ??= page.upTo;
      expect(page.upTo).toBe(fixed);
      expect(page.table).toBe(table);
      expect(page.more).toBe(rows.length === limit);
      // In key order, so a console's B-trees fill at their right edge.
      const keys = rows.map((row) => String(row.id ?? row.code ?? row.agent_id));
      expect(keys).toEqual([...keys].sort());
      if (after !== null && keys[0] !== undefined) expect(keys[0] > after).toBe(true);
      changes.push(...rows.map((row) => ({ entity: table, row })));
      if (page.ms) msColumns.set(table, page.ms);
      after = page.next;
      if (!page.more) break;
      if (pages > 1_000) throw new Error('snapshot does not end');
    }
  }
  return { upTo: fixed ?? 0, changes, msColumns };
}

/** A `GET /sync` row with its timestamps as the snapshot sends them (milliseconds; ISO text in /sync). */
function inMs(row: Row, columns: readonly string[] | undefined): Row {
  if (!columns) return row;
  const copy = { ...row };
  for (const column of columns) if (typeof copy[column] === 'string') copy[column] = Date.parse(copy[column]);
  return copy;
}

/** A page's rows as records: the bulk tables come as value arrays in the order of the page's `columns`. */
function rowsOf(page: SnapshotPage): Row[] {
  const { columns } = page;
  if (!columns) return page.rows as Row[];
  return page.rows.map((values) => {
    expect(Array.isArray(values) && values.length === columns.length).toBe(true);
    return Object.fromEntries(columns.map((column, i) => [column, (values as unknown[])[i]]));
  });
}

async function deltaAll(role: Role, since: number): Promise<SyncPage['changes']> {
  const changes: SyncPage['changes'] = [];
  for (;;) {
    const page = await get<SyncPage>(role, `/sync?since=${since}&limit=5000`);
    changes.push(...page.changes);
    since = page.next;
    if (!page.more) return changes;
  }
}

const keyOf = (change: { entity: string; row: Row }) => `${change.entity}:${String(change.row.id ?? change.row.code ?? change.row.agent_id)}`;
const sorted = (changes: readonly { entity: string; row: Row }[]) => [...changes].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));

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
  await put('first_line', '/presence', { status: 'available' });
  await put('first_line', `/interactions/${uuidv7()}`, { customerId: anna.id, channel: 'phone', direction: 'inbound', startedAt: '2026-11-20T10:00:00Z', note: 'asked about the parcel' });
  // A call from a number that is no customer: synced by neither path until it is linked.
  await put('first_line', `/interactions/${uuidv7()}`, { customerId: null, channel: 'phone', direction: 'inbound', startedAt: '2026-11-20T10:05:00Z', remoteNumber: '+31205550001' });
  // Escalations behind the wall: the one for the temp is not first line's to read.
  await put('first_line', `/escalations/${uuidv7()}`, { customerId: anna.id, queue: 'second_line', summary: 'Parcel lost', assignTo: fixture.agents.second_line.id });
  await put('second_line', `/escalations/${uuidv7()}`, { customerId: bram.id, queue: 'second_line', summary: 'Only for the lane', assignTo: fixture.agents.expert.id });
  await put('first_line', `/callbacks/${uuidv7()}`, { customerId: bram.id, dueAt: '2026-11-25T09:00:00Z', phone: bram.phone, assignTo: fixture.agents.expert.id });
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

describe('the snapshot', () => {
  it('sends the bulk tables\' timestamps as whole milliseconds, named in `ms`, the moment /sync writes as ISO text', async () => {
    const snapshot = await snapshotAll('team_lead', 1_000);
    expect(snapshot.msColumns.get('interaction')).toEqual(expect.arrayContaining(['started_at', 'ended_at', 'created_at', 'updated_at']));
    expect(snapshot.msColumns.get('customer')).toEqual(expect.arrayContaining(['updated_at']));
    const interactions = snapshot.changes.filter((change) => change.entity === 'interaction');
    expect(interactions.length).toBeGreaterThan(0);
    for (const { row } of interactions) {
      expect(Number.isInteger(row.started_at)).toBe(true);
      expect(typeof row.channel).toBe('string');
    }
    const delta = await get<SyncPage>('team_lead', '/sync?since=0&limit=5000');
    const byId = new Map(delta.changes.filter((change) => change.entity === 'interaction').map((change) => [change.row.id, change.row]));
    for (const { row } of interactions) {
      const iso = byId.get(row.id)?.started_at;
      if (typeof iso === 'string') expect(row.started_at).toBe(Date.parse(iso));
    }
  });

  it.each(ROLES)('gives %s the same rows as a delta sync from 0, behind the same walls', async (role) => {
    const snapshot = await snapshotAll(role, 2);
    const delta = (await deltaAll(role, 0)).filter((change) => change.entity !== 'event');
    // The delta sync names each row once at its newest seq, as the snapshot does.
    expect(sorted(snapshot.changes)).toEqual(sorted(delta.map(({ entity, row }) => ({ entity, row: inMs(row, snapshot.msColumns.get(entity)) }))));
    expect(snapshot.changes.length).toBeGreaterThan(0);
  });

  it('gives an overflow agent no customer data: reason codes and its own agent row only', async () => {
    const { changes } = await snapshotAll('overflow', 50);
    expect(new Set(changes.map((change) => change.entity))).toEqual(new Set(['reason_code', 'agent']));
    expect(changes.filter((change) => change.entity === 'agent').map((change) => change.row)).toEqual([
      { id: fixture.agents.overflow.id, displayName: expect.any(String), role: 'overflow' },
    ]);
    for (const table of ['customer', 'interaction', 'shop_order', 'escalation', 'callback']) {
      const page = await get<SnapshotPage>('overflow', `/sync/snapshot?table=${table}`);
      expect(page.rows).toEqual([]);
    }
  });

  it('redacts an escalation the caller may not see by the wall, and leaves out calls without a customer', async () => {
    const { changes } = await snapshotAll('first_line', 100);
    const hidden = changes.find((change) => change.entity === 'escalation' && change.row.redacted === true);
    expect(hidden?.row.summary).toBeNull();
    expect(changes.some((change) => change.entity === 'escalation' && change.row.summary === 'Only for the lane')).toBe(false);
    expect(changes.some((change) => change.entity === 'interaction' && change.row.customer_id === null)).toBe(false);
    const lead = await snapshotAll('team_lead', 100);
    expect(lead.changes.some((change) => change.entity === 'escalation' && change.row.summary === 'Only for the lane')).toBe(true);
  });

  it('stops at the sequence value its first page fixed: a row changed meanwhile comes by the delta sync after it', async () => {
    const first = await get<SnapshotPage>('team_lead', '/sync/snapshot?table=agent&limit=1');
    const renamed = fixture.customers.anna.id;
    await database.db.query(`update customer set name = 'Anna Renamed', change_seq = nextval('change_seq') where id = $1`, [renamed]);
    const { changes } = await snapshotAll('team_lead', 3, first.upTo);
    expect(changes.some((change) => change.entity === 'customer' && change.row.id === renamed)).toBe(false);
    const delta = await deltaAll('team_lead', first.upTo);
    expect(delta.filter((change) => change.entity === 'customer').map((change) => change.row.name)).toEqual(['Anna Renamed']);
  });

  it('writes one row per line and counts them in the head, whatever the rows hold (the console cuts the page at its line feeds)', async () => {
    const note = 'first line\nsecond line ["x"],\n[y] "quoted" \\ ñ';
    await hub.call('PUT', `/interactions/${uuidv7()}`, { token: tokens.first_line, body: { customerId: fixture.customers.anna.id, channel: 'phone', direction: 'inbound', startedAt: '2026-11-21T10:00:00Z', note } });
    for (const [role, table] of [['team_lead', 'interaction'], ['team_lead', 'reason_code'], ['overflow', 'reason_code'], ['first_line', 'customer']] as const) {
      const response = await fetch(`${hub.url}/sync/snapshot?table=${table}&limit=1000`, { headers: { authorization: `Bearer ${tokens[role]}` } });
      const text = await response.text();
      const page = JSON.parse(text) as SnapshotPage & { count: number };
      expect(page.count, `${role} ${table}`).toBe(page.rows.length);
      expect(page.count, `${role} ${table}`).toBeGreaterThan(0);
      // ASCII only (the rest escaped), and a raw line feed only after a row and its comma.
      expect(isAscii(Buffer.from(text, 'utf8'))).toBe(true);
      const rows = text.slice(text.indexOf(',"rows":[') + ',"rows":['.length, -2);
      const lines = rows.split('\n');
      expect(lines).toHaveLength(page.count);
      lines.forEach((line, i) => expect(JSON.parse(i < lines.length - 1 ? line.slice(0, -1) : line)).toEqual(page.rows[i]));
    }
    const interactions = await get<SnapshotPage>('team_lead', '/sync/snapshot?table=interaction&limit=1000');
    expect(rowsOf(interactions).some((row) => row.note === note)).toBe(true);
  });

  it('refuses a table that is not synced and a request without a token', async () => {
    expect((await hub.call('GET', '/sync/snapshot?table=session', { token: tokens.admin })).status).toBe(400);
    expect((await hub.call('GET', '/sync/snapshot?table=customer')).status).toBe(401);
  });
});
