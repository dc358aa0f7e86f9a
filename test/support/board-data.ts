import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../server/db/database.ts';

// A day on the team board, for the board's end-to-end test, screenshots and benchmark: agents in
// two offices in every state, escalations waiting and resolved, callbacks due and overdue,
// today's contacts by reason hour by hour, and the same weekday last year.

const REASONS: readonly [code: string, en: string, de: string, nl: string, weight: number][] = [
  ['where_is_my_order', 'Where is my order', 'Wo ist meine Bestellung', 'Waar is mijn bestelling', 14],
  ['return', 'Return', 'Rücksendung', 'Retour', 9],
  ['payment', 'Payment', 'Zahlung', 'Betaling', 7],
  ['damaged', 'Damaged on arrival', 'Beschädigt angekommen', 'Beschadigd aangekomen', 5],
  ['delivery_time', 'Delivery time', 'Lieferzeit', 'Levertijd', 4],
  ['product_question', 'Product question', 'Produktfrage', 'Productvraag', 4],
  ['invoice', 'Invoice', 'Rechnung', 'Factuur', 3],
  ['cancel', 'Cancel an order', 'Bestellung stornieren', 'Bestelling annuleren', 2],
  ['voucher', 'Voucher', 'Gutschein', 'Waardebon', 2],
  ['account', 'Account and login', 'Konto und Anmeldung', 'Account en inloggen', 1],
  ['complaint', 'Complaint', 'Beschwerde', 'Klacht', 1],
];

const STATES = ['available', 'on_call', 'on_call', 'wrap_up', 'break', 'available', 'on_call', 'offline'] as const;
const FIRST = ['Sanne', 'Lucas', 'Emma', 'Noah', 'Julia', 'Finn', 'Lotte', 'Jonas', 'Mila', 'Paul', 'Sophie', 'Timo', 'Anna', 'Ben', 'Lea', 'Max'];
const LAST = ['Bakker', 'Schmidt', 'Visser', 'Meyer', 'Smit', 'Wagner', 'de Boer', 'Becker', 'Mulder', 'Hoffmann'];

export interface BoardDay {
  /** Agents added (besides the fixture's). */
  readonly agents: number;
  /** Open escalations added per queue. */
  readonly waiting: Record<'second_line' | 'expert' | 'team_lead', number>;
}

/** Adds a busy day to a fixture hub's database; `scale` agents and `openEscalations` open ones. */
export async function seedBoardDay(db: Database, options: { agents?: number; openEscalations?: number } = {}): Promise<BoardDay> {
  const agentCount = options.agents ?? 14;
  const openCount = options.openEscalations ?? 9;
  const now = Date.now();
  const minutesAgo = (minutes: number) => new Date(now - minutes * 60_000);
  // The board counts the lead's office day, so the whole day must lie inside one office day
  // while the test reads it, whatever the time the run starts.
  const timeZone = boardTimeZone(now);
  await db.query(`update office set timezone = $1 where code = 'ams'`, [timeZone]);
  const [ams] = await db.query<{ id: string }>(`select id from office where code = 'ams'`);
  const cologne = uuidv7();
  await db.query(`insert into office (id, code, name, country, timezone) values ($1, 'cgn', 'Köln', 'DE', 'Europe/Berlin') on conflict do nothing`, [cologne]);
  const [cgn] = await db.query<{ id: string }>(`select id from office where code = 'cgn'`);
  const agentIds: string[] = [];
  for (let index = 0; index < agentCount; index += 1) {
    const id = uuidv7();
    const name = `${FIRST[index % FIRST.length]} ${LAST[(index * 3) % LAST.length]}${index >= FIRST.length ? ` ${Math.floor(index / FIRST.length) + 1}` : ''}`;
    const role = index % 7 === 3 ? 'second_line' : 'first_line';
    await db.query(`insert into agent (id, office_id, email, display_name, role, languages, password_hash) values ($1, $2, $3, $4, $5, '{nl,de,en}', 'x')`, [
      id,
      index % 3 === 2 ? cgn?.id : ams?.id,
      `board-${index}-${id.slice(-6)}@shop.example`,
      name,
      role,
    ]);
    await db.query(`insert into presence (agent_id, status, since) values ($1, $2, $3) on conflict (agent_id) do update set status = excluded.status, since = excluded.since`, [
      id,
      STATES[index % STATES.length],
      minutesAgo(1 + ((index * 7) % 38)),
    ]);
    agentIds.push(id);
  }
  const customers: string[] = [];
  for (let index = 0; index < 24; index += 1) {
    const id = uuidv7();
    await db.query(`insert into customer (id, name, language, country, office_id) values ($1, $2, 'nl', 'NL', $3)`, [id, `Board Customer ${index}`, ams?.id]);
    customers.push(id);
  }
  for (const [code, en, de, nl, sort] of REASONS) {
    await db.query(`insert into reason_code (code, labels, sort) values ($1, $2, $3) on conflict (code) do update set labels = excluded.labels`, [
      code,
      JSON.stringify({ en, de, nl }),
      sort,
    ]);
  }
  const author = agentIds[0] ?? null;
  const waiting = { second_line: 0, expert: 0, team_lead: 0 };
  const queues = ['expert', 'second_line', 'expert', 'team_lead', 'second_line'] as const;
  const escalationRows: unknown[][] = [];
  for (let index = 0; index < openCount; index += 1) {
    const queue = queues[index % queues.length] ?? 'expert';
    waiting[queue] += 1;
    const created = minutesAgo(2 + ((index * 11) % 50));
    // Urgent ones (30 minutes) for the expert: the oldest has run out of time.
    const sla = new Date(created.getTime() + (queue === 'expert' ? 30 : 120) * 60_000);
    escalationRows.push([uuidv7(), customers[index % customers.length], author, queue, 'open', `Question ${index}`, `board-e-${index}-${uuidv7()}`, created, null, null, sla]);
  }
  for (let index = 0; index < 4; index += 1) {
    const at = minutesAgo(3 + index * 4);
    escalationRows.push([uuidv7(), customers[index], author, 'second_line', 'resolved', `Solved ${index}`, `board-r-${index}-${uuidv7()}`, at, at, at, new Date(at.getTime() + 60 * 60_000)]);
  }
  for (const row of escalationRows) {
    await db.query(
      `insert into escalation (id, customer_id, created_by, queue, status, summary, request_hash, created_at, claimed_at, resolved_at, sla_due_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      row,
    );
  }
  for (let index = 0; index < 6; index += 1) {
    await db.query(`insert into callback (id, customer_id, created_by, assigned_to, due_at, status, phone, request_hash) values ($1, $2, $3, $3, $4, 'open', '+31612345678', $5)`, [
      uuidv7(),
      customers[index],
      author,
      index < 2 ? minutesAgo(90) : new Date(now + (index + 1) * 10 * 60_000),
      `board-c-${index}-${uuidv7()}`,
    ]);
  }
  // Today's contacts, spread over the hours since the office's midnight (at least the last few
  // minutes), and last year's same weekday, a fuller day.
  const sinceMidnight = minutesSinceMidnight(timeZone, now);
  const weights = REASONS.flatMap(([code, , , , weight]) => Array.from({ length: weight }, () => code));
  const contacts: unknown[][] = [];
  for (let index = 0; index < 52; index += 1) {
    const at = minutesAgo(((index * 37) % Math.max(1, sinceMidnight - 1)) + 0.5);
    contacts.push([at, `{${weights[index % weights.length]}}`, index % 4 !== 0]);
  }
  for (let hour = 7; hour < 21; hour += 1) {
    const count = Math.round(6 + 10 * Math.sin(((hour - 7) / 14) * Math.PI));
    for (let index = 0; index < count; index += 1) {
      const at = new Date(now - 364 * 86_400_000 - sinceMidnight * 60_000 + hour * 3_600_000 + index * 97_000);
      contacts.push([at, '{where_is_my_order}', true]);
    }
  }
  for (const [index, [at, reasons, fixed]] of contacts.entries()) {
    await db.query(
      `insert into interaction (id, customer_id, agent_id, channel, direction, started_at, ended_at, reasons, outcome, first_contact_fix, request_hash)
       values ($1, $2, $3, 'phone', 'inbound', $4, $4, $5, 'solved', $6, $7)`,
      [uuidv7(), customers[index % customers.length], author, at, reasons, fixed, `board-i-${index}-${uuidv7()}`],
    );
  }
  return { agents: agentCount, waiting };
}

/**
 * Amsterdam, the fixture office's own zone, unless its day started or ends within two hours:
 * then New York's (five or six hours behind). Seeded within two hours of a midnight, resolved
 * escalations and overdue callbacks would fall on the day before, and a run crossing midnight
 * would see "today" empty. The board's numbers are the office day's, in whichever zone.
 */
function boardTimeZone(at: number): string {
  const margin = 120;
  const minutes = minutesSinceMidnight('Europe/Amsterdam', at);
  return minutes >= margin && minutes < 24 * 60 - margin ? 'Europe/Amsterdam' : 'America/New_York';
}

function minutesSinceMidnight(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(at);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}
