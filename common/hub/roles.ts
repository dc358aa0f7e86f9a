import { z } from 'zod';

export const ROLES = ['first_line', 'second_line', 'expert', 'team_lead', 'overflow', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Everyone but temporary overflow agents: may browse and search customers by name. */
export const STAFF: readonly Role[] = ['first_line', 'second_line', 'expert', 'team_lead', 'admin'];
export const LEADS: readonly Role[] = ['team_lead', 'admin'];
export const SPECIALISTS: readonly Role[] = ['second_line', 'expert', 'team_lead'];
