import type { HubStatus } from '../../common/contract/contract.ts';

type Role = Extract<HubStatus, { state: 'signedIn' }>['agent']['role'];

/** The agent's role as shown in the top bar and in Settings. */
export const ROLE_LABELS = {
  first_line: 'frame:roles.first_line',
  second_line: 'frame:roles.second_line',
  expert: 'frame:roles.expert',
  team_lead: 'frame:roles.team_lead',
  overflow: 'frame:roles.overflow',
  admin: 'frame:roles.admin',
} as const satisfies Record<Role, string>;
