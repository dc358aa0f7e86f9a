// The demo data set: a European web shop (supplements, garden and home goods) with seven
// offices, ~55 agents, 5,000 customers and 18 months of orders and contacts, busiest around
// Black Friday. See README.md in this folder.
import type { KeyObject } from 'node:crypto';
import { type Role } from '../../common/hub/roles.ts';
import { DEMO_AGENT_EMAIL, DEMO_PASSWORD } from '../../common/hub/demo.ts';
import { DEFAULT_ESCALATION_SLA, ESCALATION_OUTCOMES, type Priority } from '../../common/hub/escalations.ts';
import { SipSecrets } from '../api/sip-secrets.ts';
import { type Database } from '../db/database.ts';
import { NAMED_AGENTS } from './data/staff.ts';
import { CALLBACK_NOTES, ESCALATIONS, RESOLUTIONS } from './data/texts.ts';
import { uuidAt } from './ids.ts';
import { refreshAllCustomerFacts } from './customer-facts.ts';
import { inTransaction } from './insert.ts';
import { seedOutboundWork } from './outbound-work.ts';
import { seedSipPool } from './sip-pool.ts';
import { Population, type CaseCandidate, type PopulationResult } from './population.ts';
import { Random } from './random.ts';
import { namedAgentEmail, seedStaff, type Staff } from './staff.ts';
import { callbackWriter, escalationWriter, type CallbackRow, type EscalationRow } from './tables.ts';
import { Calendar, DAY, HOUR, MINUTE } from './time.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export { DEMO_AGENT_EMAIL, DEMO_PASSWORD };
export { peakWindow, historyStart } from './time.ts';
export { SEED_REQUEST_HASH } from './tables.ts';

/** The same seed makes the same data (for a given `now`). */
export const DEMO_SEED = 20_261_123;
export const DEMO_CUSTOMERS = 5_000;
export const DEMO_INTERACTIONS_PER_CUSTOMER = 6;

/** One sign-in per role, all with `DEMO_PASSWORD`. */
export const DEMO_LOGINS: Readonly<Record<Role, string>> = Object.fromEntries(NAMED_AGENTS.map((a) => [a.role, namedAgentEmail(a)])) as Record<Role, string>;
export const DEMO_TEAM_LEAD_EMAIL = DEMO_LOGINS.team_lead;
export const DEMO_ADMIN_EMAIL = DEMO_LOGINS.admin;
export const DEMO_OVERFLOW_EMAIL = DEMO_LOGINS.overflow;
export const DEMO_SECOND_LINE_EMAIL = DEMO_LOGINS.second_line;
export const DEMO_EXPERT_EMAIL = DEMO_LOGINS.expert;

/**
 * SIP accounts on the local test rig (test/rig: a SIP server with a WebSocket on port 8080), for
 * the demo agent (`npm start` signs in as her), then the second-line agent and the expert: three
 * consoles can call each other. The users and passwords are the rig's, not secrets.
 */
export const DEMO_SIP_SERVER = 'ws://127.0.0.1:8080';
export const DEMO_SIP_DOMAIN = '127.0.0.1';
export const DEMO_SIP_ACCOUNTS: readonly { readonly email: string; readonly username: string; readonly password: string }[] = [
  { email: DEMO_AGENT_EMAIL, username: '1001', password: 'pw1001' },
  { email: DEMO_SECOND_LINE_EMAIL, username: '1002', password: 'pw1002' },
  { email: DEMO_EXPERT_EMAIL, username: '1003', password: 'pw1003' },
];

/** The population's row counts, plus what the demo adds around them. */
export interface DemoSummary extends Mutable<PopulationResult['counts']> {
  offices: number;
  agents: number;
  reasonCodes: number;
  /** Free SIP pool accounts for new overflow agents (server/seed/sip-pool.ts). */
  sipPool: number;
  escalations: number;
  callbacks: number;
  elapsedMs: number;
}

export interface DemoOptions {
  /** The hub's SIP key (`configuredSipKey`): the demo SIP accounts' passwords are sealed with it. */
  sipKey: KeyObject;
  /** The moment the data ends; defaults to the current time. */
  now?: Date;
  customers?: number;
  /** Called after each batch with rows written so far of `table`. */
  onProgress?: (done: number, total: number, table: string) => void;
}

/** Seeds an empty, migrated database with the demo data set. */
export async function seedDemo(db: Database, options: DemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const customers = options.customers ?? DEMO_CUSTOMERS;
  if (DEMO_LOGINS.first_line !== DEMO_AGENT_EMAIL) throw new Error('NAMED_AGENTS and common/hub/demo.ts disagree on the demo agent');

  // First, so a key that does not match this database's stops the seed before it writes.
  const sip = await SipSecrets.open(db, options.sipKey);
  const staff = await seedStaff(db, { seed: DEMO_SEED, now });
  await seedSipAccounts(db, staff, sip);
  const sipPool = await seedSipPool(db, staff, sip, DEMO_SIP_SERVER, DEMO_SIP_DOMAIN);
  const population = await new Population(staff, {
    seed: DEMO_SEED,
    now,
    customers,
    interactions: customers * DEMO_INTERACTIONS_PER_CUSTOMER,
    extras: true,
    collectCases: true,
    batchRows: 10_000,
    // Small enough to keep every foreign-key check on: the demo seed doubles as their test.
    skipTriggers: false,
    binary: db.kind === 'pglite',
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  }).run(db);

  await refreshAllCustomerFacts(db);

  const cases = openCases(staff, now.getTime(), population.escalationCandidates, population.callbackCandidates);
  await inTransaction(db, false, async (tx) => {
    await cases.escalations.flush(tx);
    await cases.callbacks.flush(tx);
    await seedOutboundWork(tx, DEMO_SEED, now);
  });

  return {
    offices: staff.offices.length,
    agents: staff.agents.length,
    reasonCodes: (await db.query<{ n: number }>('select count(*)::int8 as n from reason_code'))[0]?.n ?? 0,
    ...population.counts,
    sipPool,
    escalations: cases.escalations.written,
    callbacks: cases.callbacks.written,
    elapsedMs: Math.round(performance.now() - started),
  };
}

async function seedSipAccounts(db: Database, staff: Staff, sip: SipSecrets): Promise<void> {
  for (const account of DEMO_SIP_ACCOUNTS) {
    const agent = staff.agents.find((a) => a.email === account.email);
    if (!agent) throw new Error(`the demo SIP account ${account.username} has no agent ${account.email}`);
    const [row] = await db.query<{ display_name: string }>('select display_name from agent where id = $1', [agent.id]);
    await db.query(
      `insert into sip_account (agent_id, server_url, domain, username, display_name, password_sealed) values ($1, $2, $3, $4, $5, $6)`,
      [agent.id, DEMO_SIP_SERVER, DEMO_SIP_DOMAIN, account.username, row?.display_name ?? null, sip.seal(agent.id, account.password)],
    );
  }
}

/** How many of the demo's escalations came in during the last hours (the rest over three weeks). */
const FRESH_ESCALATIONS = 6;

/**
 * Open work for the demo: escalations in every state from contacts that ended "escalated" in
 * the last three weeks, and callbacks (some overdue, a few for the demo agent) from recent
 * "follow up" phone calls.
 */
function openCases(staff: Staff, now: number, escalated: readonly CaseCandidate[], followUps: readonly CaseCandidate[]) {
  const rng = Random.for(DEMO_SEED, 'cases');
  const calendar = new Calendar(new Date(now));
  const byId = new Map(staff.agents.map((a) => [a.id, a]));
  const speaks = (agentId: string | null, language: CaseCandidate['language']) =>
    agentId === null || (byId.get(agentId)?.languages.includes(language) ?? false) ? language : 'en';
  const specialists = (officeId: string, queue: string, at: number) => {
    const role: Role = queue === 'expert' ? 'expert' : queue === 'team_lead' ? 'team_lead' : 'second_line';
    const pool = staff.agents.filter((a) => a.role === role && a.createdAt <= at && a.disabledAt === null && (role === 'expert' || a.officeId === officeId));
    return pool.length > 0 ? rng.pick(pool) : null;
  };

  const escalations = escalationWriter();
  const states: readonly EscalationRow['status'][] = ['open', 'open', 'open', 'claimed', 'open', 'resolved', 'claimed', 'open', 'resolved'];
  // Priorities and outcomes by position, not drawn, so the random stream (and the callbacks
  // after it) stays as it was.
  const priorities: readonly Priority[] = ['high', 'normal', 'urgent', 'normal', 'low', 'normal', 'high', 'normal'];
  rng.shuffle([...escalated])
    .slice(0, 24)
    .forEach((c, i) => {
      const template = rng.pick(ESCALATIONS);
      let status = states[i % states.length] as EscalationRow['status'];
      const priority = priorities[i % priorities.length] ?? 'normal';
      // The first few came in today, so the inboxes show SLA timers still running as well as run out.
      const drawn = c.at + rng.int(2 * MINUTE, 20 * MINUTE);
      const createdAt = i < FRESH_ESCALATIONS ? Math.max(c.at + 2 * MINUTE, now - (i + 1) * 35 * MINUTE) : drawn;
      const assignee = status === 'open' && rng.chance(0.7) ? null : specialists(c.officeId, template.queue, createdAt);
      if (!assignee) status = 'open';
      const claimedAt = status === 'open' ? null : Math.min(now - MINUTE, createdAt + rng.int(15 * MINUTE, 6 * HOUR));
      let resolvedAt = status === 'resolved' && claimedAt !== null ? claimedAt + rng.int(HOUR, 48 * HOUR) : null;
      if (resolvedAt !== null && resolvedAt > now) {
        resolvedAt = null;
        status = 'claimed';
      }
      escalations.add({
        id: uuidAt(rng, createdAt),
        customerId: c.customerId,
        interactionId: c.interactionId,
        createdBy: c.agentId,
        queue: template.queue,
        assignedTo: assignee?.id ?? null,
        status,
        priority,
        summary: template.summary[speaks(c.agentId, c.language)],
        resolution: status === 'resolved' ? rng.pick(RESOLUTIONS)[speaks(assignee?.id ?? null, c.language)] : null,
        outcome: status === 'resolved' ? (ESCALATION_OUTCOMES[i % ESCALATION_OUTCOMES.length] ?? 'solved') : null,
        createdAt,
        slaDueAt: createdAt + DEFAULT_ESCALATION_SLA[priority] * MINUTE,
        claimedAt,
        resolvedAt,
      });
    });

  const callbacks = callbackWriter();
  const demoAgent = staff.agents.find((a) => a.email === DEMO_AGENT_EMAIL);
  // The demo agent's own follow-ups first, so her "my callbacks" list is never empty.
  const own = followUps.filter((c) => c.agentId === demoAgent?.id).slice(0, 4);
  const others = rng.shuffle(followUps.filter((c) => !own.includes(c))).slice(0, 30 - own.length);
  [...own, ...others].forEach((c, i) => {
    const createdAt = c.at + rng.int(3 * MINUTE, 15 * MINUTE);
    let status: CallbackRow['status'] = 'open';
    let dueAt: number;
    if (i >= own.length && i % 6 === 5) {
      status = rng.chance(0.7) ? 'done' : 'cancelled';
      dueAt = Math.min(now - HOUR, calendar.nextOpen(rng, createdAt + rng.int(2 * HOUR, DAY)));
    } else {
      // From yesterday (overdue) to three days ahead, in opening hours.
      dueAt = calendar.nextOpen(rng, Math.max(createdAt + HOUR, now + rng.int(-DAY, 3 * DAY)));
    }
    callbacks.add({
      id: uuidAt(rng, createdAt),
      customerId: c.customerId,
      createdBy: c.agentId,
      assignedTo: i < own.length || rng.chance(0.75) ? c.agentId : null,
      dueAt,
      status,
      phone: c.phone,
      note: rng.pick(CALLBACK_NOTES)[speaks(c.agentId, c.language)],
      createdAt,
    });
  });
  return { escalations, callbacks };
}
