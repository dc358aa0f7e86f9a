// Offices, agents, reason codes and presence: the part of the data every seed needs (the demo
// and the benchmark set), made once per database.
import { hash } from '@node-rs/argon2';
import { type Role } from '../../common/hub/roles.ts';
import { DEMO_PASSWORD } from '../../common/hub/demo.ts';
import { type UiLanguage } from '../../common/locales.ts';
import { type Database } from '../db/database.ts';
import { COUNTRIES, type CountryCode } from './data/index.ts';
import { REASONS } from './data/reasons.ts';
import { EXPERT_EXTRA_SKILLS, EXTRA_LANGUAGES, NAMED_AGENTS, OFFICES, SKILLS_BY_ROLE, type NamedAgent, type OfficeDefinition } from './data/staff.ts';
import { uuidAt } from './ids.ts';
import { arrayLiteral, inTransaction } from './insert.ts';
import { emailPart } from './names.ts';
import { Random } from './random.ts';
import { agentWriter, officeWriter, presenceWriter, reasonCodeWriter, type AgentRow } from './tables.ts';
import { DAY, historyStart } from './time.ts';

export const AGENT_EMAIL_DOMAIN = 'shop.example';
/** Overflow agents are hired for the peak and lose access six weeks after the seed's `now`. */
export const OVERFLOW_ACCESS_DAYS = 42;

export interface Office {
  readonly id: string;
  readonly code: string;
  readonly country: CountryCode;
  readonly definition: OfficeDefinition;
}

export interface Agent {
  readonly id: string;
  readonly officeId: string;
  readonly email: string;
  readonly role: Role;
  readonly languages: readonly UiLanguage[];
  readonly createdAt: number;
  readonly disabledAt: number | null;
}

export interface Staff {
  readonly offices: readonly Office[];
  readonly officeByCountry: ReadonlyMap<CountryCode, Office>;
  readonly agents: readonly Agent[];
}

const ROLE_ORDER: readonly Role[] = ['team_lead', 'admin', 'expert', 'second_line', 'first_line', 'overflow'];

/**
 * Inserts the offices, agents (all with the demo password, hashed once: argon2 is slow on
 * purpose), reason codes and an offline presence per agent.
 */
export async function seedStaff(db: Database, options: { seed: number; now: Date }): Promise<Staff> {
  const now = options.now.getTime();
  const start = historyStart(options.now).getTime();
  const rng = Random.for(options.seed, 'staff');
  const passwordHash = await hash(DEMO_PASSWORD);

  const offices: Office[] = OFFICES.map((definition) => ({
    id: uuidAt(rng, start - 8 * 365 * DAY + rng.int(0, 365) * DAY),
    code: definition.code,
    country: definition.country,
    definition,
  }));

  const emails = new Set<string>();
  const uniqueEmail = (first: string, last: string, language: string) => {
    const base = `${emailPart(first, language)}.${emailPart(last, language)}`;
    let email = `${base}@${AGENT_EMAIL_DOMAIN}`;
    for (let n = 2; emails.has(email); n++) email = `${base}${n}@${AGENT_EMAIL_DOMAIN}`;
    emails.add(email);
    return email;
  };
  for (const named of NAMED_AGENTS) emails.add(namedAgentEmail(named));

  interface Planned {
    office: Office;
    role: Role;
    firstName: string;
    lastName: string;
    email: string;
    languages: readonly UiLanguage[];
    createdAt: number;
    disabledAt: number | null;
  }
  const planned: Planned[] = [];
  const longServing = () => rng.between(start - 6 * 365 * DAY, start - 30 * DAY);
  const createdFor = (role: Role) => {
    if (role === 'overflow') return now - rng.int(20, 28) * DAY;
    if (role === 'first_line' && rng.chance(0.2)) return rng.between(start + 30 * DAY, now - 60 * DAY);
    return longServing();
  };

  for (const office of offices) {
    const { definition } = office;
    const community = COUNTRIES[office.country].communities;
    for (const named of NAMED_AGENTS.filter((agent) => agent.office === office.code)) {
      planned.push({
        office,
        role: named.role,
        firstName: named.firstName,
        lastName: named.lastName,
        email: namedAgentEmail(named),
        languages: named.languages,
        createdAt: named.role === 'overflow' ? now - 24 * DAY : longServing(),
        disabledAt: null,
      });
    }
    for (const role of ROLE_ORDER) {
      for (let i = 0; i < (definition.staff[role] ?? 0); i++) {
        const people = rng.pick(community);
        const female = rng.chance(0.62); // contact centres employ more women than men
        const firstName = rng.pick(female ? people.firstNames.female : people.firstNames.male);
        const base = rng.pick(people.lastNames);
        const lastName = people.lastNameFor ? people.lastNameFor(base, female ? 'female' : 'male') : base;
        const languages = new Set<UiLanguage>(definition.languages);
        const extras = role === 'expert' ? 2 : rng.chance(0.25) ? 1 : 0;
        for (let n = 0; n < extras; n++) languages.add(rng.pick(EXTRA_LANGUAGES));
        planned.push({
          office,
          role,
          firstName,
          lastName,
          email: uniqueEmail(firstName, lastName, people.language),
          languages: [...languages],
          createdAt: createdFor(role),
          disabledAt: null,
        });
      }
    }
  }
  // Two first-line agents who have left: their old contacts keep their names.
  for (const code of ['AMS', 'CGN']) {
    const office = offices.find((o) => o.code === code);
    if (!office) continue;
    const people = COUNTRIES[office.country].communities[0];
    if (!people) continue;
    const firstName = rng.pick(people.firstNames.female);
    const lastName = rng.pick(people.lastNames);
    planned.push({
      office,
      role: 'first_line',
      firstName,
      lastName,
      email: uniqueEmail(firstName, lastName, people.language),
      languages: office.definition.languages,
      createdAt: longServing(),
      disabledAt: now - rng.int(60, 200) * DAY,
    });
  }

  const agents: Agent[] = [];
  const agentRows = agentWriter();
  // Experts each get a speciality of their own on top of nutrition (by position, not drawn, so
  // the random stream — and every name and id after it — stays as it was).
  let experts = 0;
  const skillsOf = (role: Role): string[] =>
    role === 'expert' ? [...SKILLS_BY_ROLE.expert, EXPERT_EXTRA_SKILLS[experts++ % EXPERT_EXTRA_SKILLS.length] ?? 'allergies'] : [...SKILLS_BY_ROLE[role]];
  const presence = presenceWriter();
  let extension = 1001;
  for (const p of planned) {
    const id = uuidAt(rng, p.createdAt);
    const active = p.disabledAt === null;
    agentRows.add({
      id,
      officeId: p.office.id,
      email: p.email,
      displayName: `${p.firstName} ${p.lastName}`,
      role: p.role,
      languages: arrayLiteral(p.languages),
      passwordHash,
      // The agent's number; SIP accounts (encrypted passwords) are in sip_account, see demo.ts.
      sipExtension: active ? String(extension++) : null,
      skills: arrayLiteral(skillsOf(p.role)),
      accessExpiresAt: p.role === 'overflow' ? endOfDay(now + OVERFLOW_ACCESS_DAYS * DAY) : null,
      disabledAt: p.disabledAt,
      createdAt: p.createdAt,
    } satisfies AgentRow);
    presence.add({ agentId: id, status: 'offline', since: now });
    agents.push({ id, officeId: p.office.id, email: p.email, role: p.role, languages: p.languages, createdAt: p.createdAt, disabledAt: p.disabledAt });
  }

  const offices_ = officeWriter();
  for (const office of offices) {
    offices_.add({ id: office.id, code: office.code, name: office.definition.name, country: office.country, timezone: office.definition.timezone });
  }
  const reasons = reasonCodeWriter();
  REASONS.forEach((reason, index) => reasons.add({ code: reason.code, labels: JSON.stringify(reason.labels), sort: (index + 1) * 10 }));

  await inTransaction(db, false, async (tx) => {
    await offices_.flush(tx);
    await agentRows.flush(tx);
    await presence.flush(tx);
    await reasons.flush(tx);
  });

  return { offices, officeByCountry: new Map(offices.map((o) => [o.country, o])), agents };
}

/** Loads the staff a previous seed made (the benchmark seed adds customers to it). */
export async function loadStaff(db: Database): Promise<Staff | null> {
  const officeRows = await db.query<{ id: string; code: string; country: string }>('select id, code, country from office');
  const offices: Office[] = [];
  for (const definition of OFFICES) {
    const row = officeRows.find((o) => o.code === definition.code);
    if (!row) return null;
    offices.push({ id: row.id, code: row.code, country: definition.country, definition });
  }
  const agentRows = await db.query<{ id: string; office_id: string; email: string; role: Role; languages: string[]; created_at: Date; disabled_at: Date | null }>(
    'select id, office_id, email, role, languages, created_at, disabled_at from agent where office_id = any($1::uuid[])',
    [offices.map((o) => o.id)],
  );
  const agents: Agent[] = agentRows.map((a) => ({
    id: a.id,
    officeId: a.office_id,
    email: a.email,
    role: a.role,
    languages: a.languages as UiLanguage[],
    createdAt: a.created_at.getTime(),
    disabledAt: a.disabled_at ? a.disabled_at.getTime() : null,
  }));
  return { offices, officeByCountry: new Map(offices.map((o) => [o.country, o])), agents };
}

/** The sign-in of a fixed demo account: first.last@shop.example, as written in its office's language. */
export function namedAgentEmail(agent: NamedAgent): string {
  const language = OFFICES.find((o) => o.code === agent.office)?.languages[0] ?? 'en';
  return `${emailPart(agent.firstName, language)}.${emailPart(agent.lastName, language)}@${AGENT_EMAIL_DOMAIN}`;
}

function endOfDay(ms: number): number {
  return ms - (ms % DAY) + DAY - 1000;
}
