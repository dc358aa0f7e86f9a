import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';

// The team board's numbers on known data. The hub's clock stands at Wednesday 10 June 2026,
// 10:00 in Amsterdam (the fixture office; 08:00 UTC), so "today" is 9 June 22:00 UTC to 10 June
// 22:00 UTC, and the same weekday last year is Wednesday 11 June 2025.

const NOW = new Date('2026-06-10T08:00:00Z');
const utc = (time: string) => new Date(time).toISOString();

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
const tokens: Record<string, string> = {};
let cees: string;

async function contact(customerId: string, channel: string, startedAt: string, reasons: string[], firstContactFix: boolean | null): Promise<void> {
  await database.db.query(
    `insert into interaction (id, customer_id, agent_id, channel, direction, started_at, reasons, first_contact_fix, request_hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, 'test')`,
    [uuidv7(), customerId, fixture.agents.first_line.id, channel, channel === 'note' ? 'internal' : 'inbound', startedAt, reasons, firstContactFix],
  );
}

async function escalation(queue: string, status: string, times: { created: string; claimed?: string; resolved?: string; sla: string }, assignedTo: string | null = null): Promise<void> {
  await database.db.query(
    `insert into escalation (id, customer_id, created_by, queue, assigned_to, status, summary, request_hash, created_at, claimed_at, resolved_at, sla_due_at)
     values ($1, $2, $3, $4, $5, $6, 'Board test', 'test', $7, $8, $9, $10)`,
    [uuidv7(), fixture.customers.anna.id, fixture.agents.first_line.id, queue, assignedTo, status, times.created, times.claimed ?? null, times.resolved ?? null, times.sla],
  );
}

async function callback(dueAt: string, status = 'open'): Promise<void> {
  await database.db.query(
    `insert into callback (id, customer_id, created_by, assigned_to, due_at, status, phone, request_hash) values ($1, $2, $3, $3, $4, $5, '+31612345678', 'test')`,
    [uuidv7(), fixture.customers.anna.id, fixture.agents.first_line.id, dueAt, status],
  );
}

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db, { now: () => NOW });
  for (const role of ['first_line', 'second_line', 'expert', 'team_lead', 'overflow', 'admin'] as const) tokens[role] = await hub.login(fixture.agents[role].email);
  const { anna, bram } = fixture.customers;
  cees = uuidv7();
  await database.db.query(`insert into customer (id, name, language, country) values ($1, 'Cees Bakker', 'nl', 'NL')`, [cees]);
  await database.db.query(`insert into reason_code (code, labels, sort) values ('refund', '{"en":"Refund","nl":"Terugbetaling"}', 2)`);

  // An overflow agent whose weeks of access are over is no longer on the team.
  await database.db.query(
    `insert into agent (id, office_id, email, display_name, role, languages, access_expires_at) values ($1, $2, 'gone@shop.example', 'Expired overflow', 'overflow', '{de}', '2026-06-01T00:00:00Z')`,
    [uuidv7(), fixture.officeId],
  );
  // Presence: one agent in each state (overflow and admin never set one: offline).
  const presence = { first_line: 'available', second_line: 'on_call', expert: 'wrap_up', team_lead: 'break' } as const;
  for (const [role, status] of Object.entries(presence)) {
    await database.db.query('insert into presence (agent_id, status, since) values ($1, $2, $3)', [fixture.agents[role as keyof typeof presence].id, status, utc('2026-06-10T07:45:00Z')]);
  }

  // Today: Anna twice (08:30 and 09:10 local), Cees and Bram once; a note does not count.
  await contact(anna.id, 'phone', '2026-06-10T06:30:00Z', ['where_is_my_order'], true);
  await contact(anna.id, 'email', '2026-06-10T07:10:00Z', ['where_is_my_order', 'refund'], false);
  await contact(cees, 'phone', '2026-06-10T07:00:00Z', ['refund'], true);
  await contact(bram.id, 'chat', '2026-06-10T07:40:00Z', ['refund'], null);
  await contact(bram.id, 'note', '2026-06-10T07:50:00Z', ['refund'], true);
  // Before today: Bram last night (23:30 local, within the week: a repeat), Cees eight days ago (not).
  await contact(bram.id, 'phone', '2026-06-09T21:30:00Z', [], null);
  await contact(cees, 'phone', '2026-06-02T07:00:00Z', [], null);
  // The same weekday last year: two at 14:15 local, and one the day after (not counted).
  await contact(anna.id, 'phone', '2025-06-11T12:15:00Z', [], null);
  await contact(bram.id, 'phone', '2025-06-11T12:20:00Z', [], null);
  await contact(bram.id, 'phone', '2025-06-12T12:00:00Z', [], null);

  // Escalations: waiting (open) per queue, claimed and resolved today, SLA met and missed.
  await escalation('second_line', 'open', { created: '2026-06-10T07:00:00Z', sla: '2026-06-10T15:00:00Z' });
  await escalation('second_line', 'open', { created: '2026-06-08T09:00:00Z', sla: '2026-06-09T09:00:00Z' }, fixture.agents.second_line.id);
  await escalation('expert', 'claimed', { created: '2026-06-10T06:00:00Z', claimed: '2026-06-10T06:30:00Z', sla: '2026-06-10T14:00:00Z' }, fixture.agents.expert.id);
  await escalation('expert', 'resolved', { created: '2026-06-09T10:00:00Z', resolved: '2026-06-10T07:30:00Z', sla: '2026-06-10T07:45:00Z' }, fixture.agents.expert.id);
  await escalation('second_line', 'resolved', { created: '2026-06-09T10:00:00Z', resolved: '2026-06-10T07:00:00Z', sla: '2026-06-10T06:00:00Z' }, fixture.agents.second_line.id);
  await escalation('team_lead', 'open', { created: '2026-06-10T05:00:00Z', sla: '2026-06-10T07:00:00Z' });
  await escalation('expert', 'resolved', { created: '2026-06-08T10:00:00Z', resolved: '2026-06-09T10:00:00Z', sla: '2026-06-09T08:00:00Z' });

  // Callbacks: one due later today, one overdue, one tomorrow, one done.
  await callback('2026-06-10T09:00:00Z');
  await callback('2026-06-10T06:00:00Z');
  await callback('2026-06-11T09:00:00Z');
  await callback('2026-06-10T05:00:00Z', 'done');

  const peak = await hub.call('PUT', '/peak-mode', { token: tokens.team_lead, body: { enabled: true, preset: 'chat_off', note: 'Sale' } });
  expect(peak.status).toBe(200);
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
});

describe('the team board', () => {
  it('counts agents by state, live calls, escalations waiting per queue and today, and callbacks due and overdue', async () => {
    const response = await hub.call('GET', '/board', { token: tokens.team_lead });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const board = response.body;
    expect(board).toMatchObject({ generatedAt: NOW.toISOString(), timezone: 'Europe/Amsterdam' });
    const byStatus = (status: string) => board.agents.filter((agent: { status: string }) => agent.status === status).length;
    expect([byStatus('available'), byStatus('on_call'), byStatus('wrap_up'), byStatus('break'), byStatus('offline')]).toEqual([1, 1, 1, 1, 2]);
    expect(board.agents[0]).toMatchObject({ office: { code: 'ams', name: 'Amsterdam' } });
    expect(board.agents.map((agent: { displayName: string }) => agent.displayName)).not.toContain('Expired overflow');
    expect(board.liveCalls).toEqual([{ agentId: fixture.agents.second_line.id, agentName: 'Agent second_line', since: '2026-06-10T07:45:00.000Z' }]);
    expect(board.escalationsWaiting).toEqual([
      { queue: 'second_line', waiting: 2, oldestAt: '2026-06-08T09:00:00.000Z' },
      { queue: 'expert', waiting: 0, oldestAt: null },
      { queue: 'team_lead', waiting: 1, oldestAt: '2026-06-10T05:00:00.000Z' },
    ]);
    expect(board.escalationsToday).toEqual({ created: 3, claimed: 1, resolved: 2 });
    expect(board.callbacks).toEqual({ due: 1, overdue: 1 });
    expect(board.peakMode).toMatchObject({ enabled: true, preset: 'chat_off', note: 'Sale', channels: { chat: false, phone: true } });
  });

  it('counts today’s contacts by reason and hour against the same weekday last year, and the rates', async () => {
    const board = (await hub.call('GET', '/board', { token: tokens.admin })).body;
    expect(board.reasonsToday).toEqual([
      { code: 'refund', labels: { en: 'Refund', nl: 'Terugbetaling' }, count: 3 },
      { code: 'where_is_my_order', labels: { en: 'Where is my order', nl: 'Waar is mijn bestelling' }, count: 2 },
    ]);
    const today = Array.from({ length: 24 }, () => 0);
    today[8] = 1;
    today[9] = 3;
    const lastYear = Array.from({ length: 24 }, () => 0);
    lastYear[14] = 2;
    expect(board.contactsPerHour).toEqual({ today, lastYear });
    // Fixed 2 of the 3 contacts marked; Anna (twice today) and Bram (last night) of 3 customers repeat;
    // SLA met by 1 of 3 (one resolved late, one open past its SLA today).
    expect(board.rates.firstContactFix).toBeCloseTo(2 / 3);
    expect(board.rates.repeatContact).toBeCloseTo(2 / 3);
    expect(board.rates.slaAttainment).toBeCloseTo(1 / 3);
  });

  it('is for team leads and admins only: first line, second line, experts and overflow agents get 403', async () => {
    for (const role of ['first_line', 'second_line', 'expert', 'overflow']) {
      expect(await hub.call('GET', '/board', { token: tokens[role] })).toMatchObject({ status: 403, body: { code: 'auth.forbidden', params: { role } } });
    }
  });
});
