import { type Role } from '../../../common/hub/roles.ts';
import { type UiLanguage } from '../../../common/locales.ts';
import { type CountryCode } from './types.ts';

export interface OfficeDefinition {
  readonly code: string;
  readonly name: string;
  readonly country: CountryCode;
  readonly timezone: string;
  /** What the office's agents speak, first language first. */
  readonly languages: readonly UiLanguage[];
  /** Head count per role (the named demo accounts below come on top of these). */
  readonly staff: Partial<Record<Role, number>>;
}

/** One office per country the shop sells to; the experts and admins sit at head office. */
export const OFFICES: readonly OfficeDefinition[] = [
  { code: 'AMS', name: 'Amsterdam', country: 'NL', timezone: 'Europe/Amsterdam', languages: ['nl', 'en'], staff: { first_line: 5, second_line: 0, team_lead: 0, overflow: 1, expert: 1, admin: 1 } },
  { code: 'ANR', name: 'Antwerpen', country: 'BE', timezone: 'Europe/Brussels', languages: ['nl', 'fr', 'en'], staff: { first_line: 4, second_line: 1, team_lead: 1 } },
  { code: 'CGN', name: 'Köln', country: 'DE', timezone: 'Europe/Berlin', languages: ['de', 'en'], staff: { first_line: 5, second_line: 1, team_lead: 1, overflow: 0, expert: 1 } },
  { code: 'LYS', name: 'Lyon', country: 'FR', timezone: 'Europe/Paris', languages: ['fr', 'en'], staff: { first_line: 4, second_line: 1, team_lead: 1, overflow: 1 } },
  { code: 'VLC', name: 'Valencia', country: 'ES', timezone: 'Europe/Madrid', languages: ['es', 'en'], staff: { first_line: 3, second_line: 1, team_lead: 1, overflow: 1 } },
  { code: 'MIL', name: 'Milano', country: 'IT', timezone: 'Europe/Rome', languages: ['it', 'en'], staff: { first_line: 3, second_line: 1, team_lead: 1, overflow: 1 } },
  { code: 'KRK', name: 'Kraków', country: 'PL', timezone: 'Europe/Warsaw', languages: ['pl', 'en'], staff: { first_line: 4, second_line: 1, team_lead: 1, overflow: 1 } },
];

export interface NamedAgent {
  readonly role: Role;
  readonly office: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly languages: readonly UiLanguage[];
}

/**
 * Fixed accounts to sign in with, one per role, so demos and manual tests do not depend on what
 * the generator draws. The first-line one is `DEMO_AGENT_EMAIL` in common/hub/demo.ts.
 */
export const NAMED_AGENTS: readonly NamedAgent[] = [
  { role: 'first_line', office: 'AMS', firstName: 'Anouk', lastName: 'de Jong', languages: ['nl', 'en', 'de'] },
  { role: 'second_line', office: 'AMS', firstName: 'Bram', lastName: 'Mulder', languages: ['nl', 'en'] },
  { role: 'expert', office: 'AMS', firstName: 'Iris', lastName: 'van Dijk', languages: ['nl', 'en', 'de', 'fr'] },
  { role: 'team_lead', office: 'AMS', firstName: 'Daan', lastName: 'Visser', languages: ['nl', 'en'] },
  { role: 'overflow', office: 'CGN', firstName: 'Jonas', lastName: 'Weber', languages: ['de', 'en'] },
  { role: 'admin', office: 'AMS', firstName: 'Eva', lastName: 'Janssen', languages: ['nl', 'en'] },
];

/**
 * What agents of a role are good at, for the colleague directory's filter (an expert also one of
 * EXPERT_EXTRA_SKILLS). The shop sells supplements, garden and home goods.
 */
export const SKILLS_BY_ROLE: Readonly<Record<Role, readonly string[]>> = {
  first_line: ['orders', 'delivery'],
  second_line: ['payments', 'returns', 'complaints'],
  expert: ['nutrition'],
  team_lead: ['complaints', 'payments', 'returns'],
  overflow: ['orders'],
  admin: [],
};
export const EXPERT_EXTRA_SKILLS: readonly string[] = ['allergies', 'sports_nutrition', 'garden', 'home_appliances'];

/** Languages an agent may speak on top of the office's. */
export const EXTRA_LANGUAGES: readonly UiLanguage[] = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pl'];
