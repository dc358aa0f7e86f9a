import type { EscalationBox, EscalationItem } from '../../../common/contract/escalations.ts';

// The inbox's pure decisions: which list an escalation is in, how its SLA stands, and which
// live events are news for this agent. Unit-tested; the components only render them.

/** The inbox's lists, in the order the screen shows them. Leads also see colleagues' ("other"). */
export const INBOX_LISTS: readonly EscalationBox[] = ['mine', 'queue', 'created', 'other'];

/** Below this share of the SLA left, the timer turns amber. */
export const SLA_AMBER_SHARE = 0.25;

export type SlaState = 'none' | 'ok' | 'amber' | 'red' | 'met';

export interface SlaView {
  readonly state: SlaState;
  /** Milliseconds to the due time (negative: past it); null without an SLA. */
  readonly leftMs: number | null;
}

/** How the escalation's SLA stands at `now`: amber with under a quarter of it left, red past it. */
export function slaView(item: Pick<EscalationItem, 'createdAt' | 'slaDueAt' | 'status' | 'resolvedAt'>, now: number): SlaView {
  if (!item.slaDueAt) return { state: 'none', leftMs: null };
  const due = Date.parse(item.slaDueAt);
  if (item.status === 'resolved') {
    const resolved = item.resolvedAt ? Date.parse(item.resolvedAt) : now;
    return { state: resolved <= due ? 'met' : 'red', leftMs: due - resolved };
  }
  const total = due - Date.parse(item.createdAt);
  const left = due - now;
  if (left < 0) return { state: 'red', leftMs: left };
  return { state: total > 0 && left < total * SLA_AMBER_SHARE ? 'amber' : 'ok', leftMs: left };
}

/** Hours and minutes of a duration, for "2 h 05 min left" / "15 min overdue". */
export function splitDuration(ms: number): { hours: number; minutes: number } {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

/** The escalations of one list, oldest first; unresolved before the recently resolved ones. */
export function listOf(escalations: readonly EscalationItem[], box: EscalationBox): EscalationItem[] {
  return escalations
    .filter((item) => item.box === box)
    .sort((a, b) => Number(a.status === 'resolved') - Number(b.status === 'resolved') || Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

export type EscalationNews = 'assigned' | 'replied' | 'resolved';

/**
 * Whether a live event (after the inbox was read again) is news for this agent: one assigned to
 * me; a reply on one I raised (by someone else than me) or on one of mine (by the one who raised
 * it); one I raised resolved. The hub's payloads carry ids only; the inbox tells whose it is.
 */
export function newsOf(kind: string, payload: Record<string, unknown>, item: EscalationItem | undefined): EscalationNews | null {
  if (!item) return null;
  switch (kind) {
    case 'escalation.assigned':
      return item.box === 'mine' && item.status !== 'resolved' ? 'assigned' : null;
    case 'escalation.replied': {
      const by = payload.by;
      if (item.box === 'created') return by !== item.createdBy.id ? 'replied' : null;
      if (item.box === 'mine') return by === item.createdBy.id ? 'replied' : null;
      return null;
    }
    case 'escalation.resolved':
      return item.box === 'created' && payload.resolvedBy !== item.createdBy.id ? 'resolved' : null;
    default:
      return null;
  }
}
