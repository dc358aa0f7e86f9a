import { queueServedBy } from '../../common/hub/escalations.ts';
import { LEADS } from '../../common/hub/roles.ts';
import type { Queryable } from '../db/database.ts';
import type { Caller } from './auth.ts';
import { HubError, forbidden } from './errors.ts';

// Which escalations an agent may see (and so act on), checked at the hub on every escalation
// route, lists and items alike:
// - overflow: only those it created;
// - first line: those it created or that are assigned to it;
// - second line / expert: those, plus the unresolved unassigned ones of the queue its role
//   serves (assigned_to also holds who claimed one);
// - team lead / admin: all.
// A forbidden id and a missing one answer the same 403 `escalation.notVisible` (ids reveal
// nothing); only leads, who may see every escalation, get 404 for a missing one.

export const isLead = (caller: Caller): boolean => LEADS.includes(caller.role);

/** The wall as an SQL condition on the escalation alias `e`, with its parameters. */
export interface WallCondition {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * The wall for this caller; its parameters are numbered from `first` (`$first`, `$first+1`).
 * `alias` names the escalation in the caller's SQL (`e` unless told).
 */
export function visibleTo(caller: Caller, first: number, alias = 'e'): WallCondition {
  const me = `$${first}::uuid`;
  const e = alias;
  switch (caller.role) {
    case 'team_lead':
    case 'admin':
      return { sql: 'true', params: [] };
    case 'overflow':
      return { sql: `${e}.created_by = ${me}`, params: [caller.agentId] };
    case 'first_line':
      return { sql: `(${e}.created_by = ${me} or ${e}.assigned_to = ${me})`, params: [caller.agentId] };
    default:
      return {
        sql: `(${e}.created_by = ${me} or ${e}.assigned_to = ${me} or (${e}.status <> 'resolved' and ${e}.assigned_to is null and ${e}.queue = $${first + 1}::text))`,
        params: [caller.agentId, queueServedBy(caller.role)],
      };
  }
}

/** The escalation's columns the routes decide with, once the caller may see it. */
export interface VisibleEscalation {
  readonly id: string;
  readonly customer_id: string;
  readonly created_by: string;
  readonly assigned_to: string | null;
  readonly queue: string;
  readonly status: string;
  readonly priority: string;
  readonly summary: string;
}

/** The escalation if the caller may see it; else 403 `escalation.notVisible` (leads: 404 when missing). */
export async function assertMaySee(db: Queryable, caller: Caller, id: string, lock = false): Promise<VisibleEscalation> {
  const wall = visibleTo(caller, 2);
  const [row] = await db.query<VisibleEscalation>(
    `select e.id, e.customer_id, e.created_by, e.assigned_to, e.queue, e.status, e.priority, e.summary
       from escalation e where e.id = $1 and ${wall.sql}${lock ? ' for update' : ''}`,
    [id, ...wall.params],
  );
  if (row) return row;
  if (isLead(caller)) throw new HubError(404, 'not.found', { what: 'escalation' });
  throw forbidden('escalation.notVisible');
}

/**
 * Steps only the one working on an escalation may take (hand back, resolve): its assignee or
 * claimer, or a lead. Asked after assertMaySee, so it tells nothing about escalations the caller
 * cannot see.
 */
export function assertWorksOn(caller: Caller, escalation: VisibleEscalation): void {
  if (isLead(caller) || escalation.assigned_to === caller.agentId) return;
  throw forbidden('escalation.notYours');
}
