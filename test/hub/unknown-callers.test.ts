// Calls from numbers that are no customer (yet) are still logged: `customerId: null` for phone
// interactions only, kept out of the consoles' delta sync until an agent links the call to a
// customer. The synced pages go into the console's real cache (main/cache) to prove it copes.
// Runs on PGlite and on PostgreSQL.
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionWrite } from '../../common/hub/api.ts';
import type { Role } from '../../common/hub/roles.ts';
import type { Change } from '../../main/cache/apply.ts';
import { LocalCache } from '../../main/cache/local-cache.ts';
import { keyFileVault } from '../../main/cache/vault.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';

interface Page {
  changes: Change[];
  next: number;
  more: boolean;
}

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
let firstLine: string;
let secondLine: string;
let lead: string;
let cacheDir: { dir: string; cleanup: () => Promise<void> };
let cache: LocalCache;

const call = (overrides: Record<string, unknown> = {}) => ({
  customerId: null,
  channel: 'phone',
  direction: 'inbound',
  startedAt: '2026-11-24T09:15:00Z',
  endedAt: '2026-11-24T09:19:30Z',
  sipCallId: `${uuidv7()}@pbx.shop.example`,
  remoteNumber: '+31201234567',
  ...overrides,
});

/** Every page after `since`, like the console's syncer. */
async function syncFrom(token: string, since: number, limit = 3): Promise<{ changes: Change[]; next: number }> {
  const changes: Change[] = [];
  for (let n = 0; n < 10_000; n++) {
    const response = await hub.call('GET', `/sync?since=${since}&limit=${limit}`, { token });
    expect(response.status).toBe(200);
    const page = response.body as Page;
    changes.push(...page.changes);
    since = page.next;
    if (!page.more) return { changes, next: since };
  }
  throw new Error('sync does not end');
}

/** Syncs the console's cache from its cursor, page by page, through the console's own applier. */
async function syncCache(token: string): Promise<Change[]> {
  const seen: Change[] = [];
  let since = cache.cursor();
  for (;;) {
    const response = await hub.call('GET', `/sync?since=${since}&limit=4`, { token });
    const page = response.body as Page;
    cache.applyPage(page.changes, page.next, null);
    seen.push(...page.changes);
    since = page.next;
    if (!page.more) return seen;
  }
}

const interactionsOf = (changes: readonly Change[]) => changes.filter((c) => c.entity === 'interaction').map((c) => c.row);
const eventsOf = (changes: readonly Change[]) => changes.filter((c) => c.entity === 'event').map((c) => c.row as { kind: string; payload: Record<string, unknown> });

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  firstLine = await hub.login(fixture.agents.first_line.email);
  secondLine = await hub.login(fixture.agents.second_line.email);
  lead = await hub.login(fixture.agents.team_lead.email);
  cacheDir = await tempDir();
  cache = LocalCache.open(path.join(cacheDir.dir, 'cache'), keyFileVault(path.join(cacheDir.dir, 'secrets')));
  // The console has caught up before the calls come in.
  await syncCache(firstLine);
});

afterAll(async () => {
  cache?.close();
  await cacheDir?.cleanup();
  await hub?.close();
  await database?.close();
});

describe('a call from a number that is no customer', () => {
  const id = uuidv7();
  const body = call();

  it('is logged with the other party’s number, once however often the console repeats it', async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, () => hub.call('PUT', `/interactions/${id}`, { token: firstLine, body })));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(responses[0]?.body).toMatchObject({ id, customerId: null, channel: 'phone', remoteNumber: '+31201234567', agentId: fixture.agents.first_line.id });
    const again = await hub.call('PUT', `/interactions/${id}`, { token: firstLine, body });
    expect(again.body).toEqual(responses[0]?.body);
    const rows = await database.db.query<{ customer_id: string | null; remote_number: string }>('select customer_id, remote_number from interaction where id = $1', [id]);
    expect(rows).toEqual([{ customer_id: null, remote_number: '+31201234567' }]);
  });

  it('is still idempotent: another payload under the same id is a conflict', async () => {
    const changed = await hub.call('PUT', `/interactions/${id}`, { token: firstLine, body: { ...body, remoteNumber: '+31209999999' } });
    expect(changed).toEqual({ status: 422, body: { code: 'idempotency.conflict', params: { id } } });
  });

  it('takes an internal extension as the number, and no number at all', async () => {
    expect((await hub.call('PUT', `/interactions/${uuidv7()}`, { token: firstLine, body: call({ remoteNumber: '1003', direction: 'outbound' }) })).status).toBe(200);
    expect((await hub.call('PUT', `/interactions/${uuidv7()}`, { token: firstLine, body: call({ remoteNumber: null }) })).status).toBe(200);
    const { remoteNumber: _omitted, ...without } = call();
    expect((await hub.call('PUT', `/interactions/${uuidv7()}`, { token: firstLine, body: without })).status).toBe(200);
    for (const remoteNumber of ['x'.repeat(65), '', '+31 20 123', 'sip:1003@pbx']) {
      const response = await hub.call('PUT', `/interactions/${uuidv7()}`, { token: firstLine, body: call({ remoteNumber }) });
      expect(response, remoteNumber).toEqual({ status: 400, body: { code: 'request.invalid', params: { field: 'remoteNumber' } } });
    }
    expect(InteractionWrite.safeParse(call({ remoteNumber: 'x'.repeat(64) })).success).toBe(true);
  });

  it('is refused for a note, an e-mail or a chat without a customer, with a code of its own', async () => {
    for (const channel of ['note', 'email', 'chat', 'whatsapp'] as const) {
      const noteId = uuidv7();
      const response = await hub.call('PUT', `/interactions/${noteId}`, { token: firstLine, body: call({ channel, direction: channel === 'note' ? 'internal' : 'inbound', note: 'Wie was dit?' }) });
      expect(response).toEqual({ status: 422, body: { code: 'interaction.customerRequired', params: { channel } } });
      expect(await database.db.query('select id from interaction where id = $1', [noteId])).toEqual([]);
    }
    // The customer must be there, null or not: a missing key is not "no customer".
    const { customerId: _missing, ...withoutKey } = call();
    expect((await hub.call('PUT', `/interactions/${uuidv7()}`, { token: firstLine, body: withoutKey })).body).toEqual({ code: 'request.invalid', params: { field: 'customerId' } });
    // The table itself refuses one too, whoever writes it.
    await expect(
      database.db.query(`insert into interaction (id, channel, direction, started_at, request_hash) values ($1, 'note', 'internal', now(), 'x')`, [uuidv7()]),
    ).rejects.toThrow(/interaction_customer_unless_phone/);
  });

  it('is not sent to consoles, nor announced: every synced interaction has a customer', async () => {
    const before = cache.cursor();
    const changes = await syncCache(firstLine);
    expect(interactionsOf(changes)).toEqual([]);
    expect(eventsOf(changes).filter((e) => e.kind === 'interaction.saved')).toEqual([]);
    // Leads see every event, and still no row without a customer.
    const all = await syncFrom(lead, 0);
    expect(interactionsOf(all.changes).every((row) => typeof row.customer_id === 'string')).toBe(true);
    expect(interactionsOf(all.changes).map((row) => row.id)).not.toContain(id);
    expect(cache.cursor()).toBeGreaterThanOrEqual(before);
  });

  it('can be wrapped up while it has no customer (end, transfers), still unsynced', async () => {
    const patched = await hub.call('PATCH', `/interactions/${id}`, { token: firstLine, body: { endedAt: '2026-11-24T09:21:00Z', transfers: 1 } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ customerId: null, transfers: 1, endedAt: '2026-11-24T09:21:00.000Z' });
    expect(interactionsOf(await syncCache(firstLine))).toEqual([]);
  });

  it('is linked to a customer by its author, and then synced into the console’s cache and timeline', async () => {
    const { anna } = fixture.customers;
    // Not by another first-line agent: only the author or a lead.
    expect((await hub.call('PATCH', `/interactions/${id}`, { token: secondLine, body: { customerId: anna.id } })).status).toBe(403);
    const linked = await hub.call('PATCH', `/interactions/${id}`, { token: firstLine, body: { customerId: anna.id, note: 'Belde vanaf haar werk.' } });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ customerId: anna.id, remoteNumber: '+31201234567', transfers: 1 });

    const changes = await syncCache(firstLine);
    const rows = interactionsOf(changes);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id, customer_id: anna.id, remote_number: '+31201234567', note: 'Belde vanaf haar werk.' });
    expect(eventsOf(changes)).toContainEqual(expect.objectContaining({ kind: 'interaction.saved', payload: { interactionId: id, customerId: anna.id } }));
    // In the console's cache, in Anna's history.
    const timeline = cache.queries.timeline(anna.id, undefined, 50);
    expect(timeline.items.map((item) => item.id)).toContain(id);
    // And in the hub's timeline and counters.
    const hubTimeline = await hub.call('GET', `/customers/${anna.id}/timeline`, { token: firstLine });
    expect(hubTimeline.body.items).toContainEqual(expect.objectContaining({ id, kind: 'interaction', data: expect.objectContaining({ remoteNumber: '+31201234567' }) }));
  });

  it('keeps its customer: the same one again is fine, another one is a conflict', async () => {
    const { anna, bram } = fixture.customers;
    expect((await hub.call('PATCH', `/interactions/${id}`, { token: firstLine, body: { customerId: anna.id } })).status).toBe(200);
    const moved = await hub.call('PATCH', `/interactions/${id}`, { token: lead, body: { customerId: bram.id } });
    expect(moved).toEqual({ status: 409, body: { code: 'interaction.customerConflict', params: { id } } });
    const [row] = await database.db.query<{ customer_id: string }>('select customer_id from interaction where id = $1', [id]);
    expect(row?.customer_id).toBe(anna.id);
    // A repeat of the original PUT still answers with the (now linked) stored row.
    expect((await hub.call('PUT', `/interactions/${id}`, { token: firstLine, body })).body).toMatchObject({ id, customerId: anna.id });
  });

  it('can be linked by a lead, not to a customer that does not exist', async () => {
    const other = uuidv7();
    expect((await hub.call('PUT', `/interactions/${other}`, { token: firstLine, body: call({ remoteNumber: '+31207654321' }) })).status).toBe(200);
    expect((await hub.call('PATCH', `/interactions/${other}`, { token: lead, body: { customerId: uuidv7() } })).status).toBe(422);
    const linked = await hub.call('PATCH', `/interactions/${other}`, { token: lead, body: { customerId: fixture.customers.bram.id } });
    expect(linked.body).toMatchObject({ customerId: fixture.customers.bram.id });
    // (The first call comes again too: the repeated link above was a write like any other.)
    const synced = interactionsOf(await syncCache(firstLine));
    expect(synced.map((row) => row.id)).toContain(other);
    expect(synced.every((row) => typeof row.customer_id === 'string')).toBe(true);
  });

  it('leaves every synced interaction with a customer, for every role that syncs them', async () => {
    for (const role of ['first_line', 'second_line', 'team_lead'] as Role[]) {
      const token = role === 'first_line' ? firstLine : role === 'second_line' ? secondLine : lead;
      const { changes } = await syncFrom(token, 0, 5_000);
      const rows = interactionsOf(changes);
      const [{ n } = { n: 0 }] = await database.db.query<{ n: number }>('select count(*)::int8 as n from interaction where customer_id is not null');
      expect(rows).toHaveLength(n);
      expect(rows.every((row) => typeof row.customer_id === 'string')).toBe(true);
    }
    const [{ unlinked } = { unlinked: 0 }] = await database.db.query<{ unlinked: number }>('select count(*)::int8 as unlinked from interaction where customer_id is null');
    expect(unlinked).toBeGreaterThan(0);
  });
});
