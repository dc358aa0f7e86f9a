import type { Caller } from './auth.ts';
import { LEADS } from '../../common/hub/roles.ts';
import { visibleTo } from './escalation-wall.ts';

// Escalation data on the routes that are not escalation routes (sync, the customer 360, the
// timeline), behind the same wall (escalation-wall.ts) as the escalation routes:
// - an escalation the caller may not see is sent REDACTED: the customer's record still says one
//   exists (id, queue, status, priority, created and resolved time — context for the agent on the
//   phone), without summary, resolution, outcome, order, or who made it and who holds it;
//   `summary: null` is how a console knows;
// - a reply to one (an internal note linked to it, `interaction.escalation_id`) is left out: a
//   thread entry without its text or author says nothing.
// When the caller may see it later (it claimed it, or it was assigned to it), the escalation's
// change_seq moves with that update, and so do its replies' (trigger of migration 0008), so a
// console's cache gets them in full by sync.

/** SQL (jsonb) of escalation `alias` as the caller may have it; parameters from `first`. */
export function escalationJson(caller: Caller, first: number, alias: string): { sql: string; params: readonly unknown[] } {
  const wall = visibleTo(caller, first, alias);
  const e = alias;
  return {
    sql: `case when ${wall.sql} then to_jsonb(${e}) - 'request_hash' else jsonb_build_object(
      'id', ${e}.id, 'customer_id', ${e}.customer_id, 'queue', ${e}.queue, 'status', ${e}.status, 'priority', ${e}.priority,
      'created_at', ${e}.created_at, 'resolved_at', ${e}.resolved_at, 'change_seq', ${e}.change_seq,
      'summary', null, 'resolution', null, 'outcome', null, 'created_by', null, 'assigned_to', null, 'redacted', true) end`,
    params: wall.params,
  };
}

/** SQL condition: interaction `alias` is no reply, or a reply to an escalation the caller may see. */
export function replyVisible(caller: Caller, first: number, alias: string): { sql: string; params: readonly unknown[] } {
  const wall = visibleTo(caller, first, 'wall_e');
  return {
    sql: `(${alias}.escalation_id is null or exists (select 1 from escalation wall_e where wall_e.id = ${alias}.escalation_id and ${wall.sql}))`,
    params: wall.params,
  };
}

/** What an escalation event says beyond ids: a hand-back note, an outcome, a summary. */
const EVENT_CONTENT = ['note', 'outcome', 'summary', 'resolution'] as const;
/** The agents an escalation event names: the ones who may see that escalation by the wall. */
const EVENT_PEOPLE = ['createdBy', 'assignedTo', 'by', 'resolvedBy', 'claimedBy', 'to'] as const;

/**
 * An escalation event as this caller gets it, by sync and by the live socket. Most go to all
 * staff, and consoles need their ids to know whose inbox to read again (they read the details
 * there, behind the wall); the text and outcome are only for leads and the agents the event names
 * (creator, assignee, the one who acted) — others get them as null. Other events are unchanged.
 */
export function eventPayloadFor(caller: Pick<Caller, 'role' | 'agentId'>, kind: string, payload: Record<string, unknown>): Record<string, unknown> {
  if (!kind.startsWith('escalation.') || LEADS.includes(caller.role)) return payload;
  if (!EVENT_CONTENT.some((key) => key in payload)) return payload;
  if (EVENT_PEOPLE.some((key) => payload[key] === caller.agentId)) return payload;
  const redacted = { ...payload };
  for (const key of EVENT_CONTENT) if (key in redacted) redacted[key] = null;
  return redacted;
}
