import type { EscalationOutcome, EscalationPriority, EscalationQueue } from '../../common/contract/escalations.ts';
import type { PillTone } from '../ui/Pill.tsx';

// The escalation lane's words, shared by the escalate form (customer screen) and the inbox
// (Escalations screen): whole locale keys, so the locale checks find each one.

export const PRIORITY_LABELS = {
  urgent: 'escalations:priority.urgent',
  high: 'escalations:priority.high',
  normal: 'escalations:priority.normal',
  low: 'escalations:priority.low',
} as const satisfies Record<EscalationPriority, string>;

export const PRIORITY_TONES: Record<EscalationPriority, PillTone> = { urgent: 'warning', high: 'warning', normal: 'neutral', low: 'neutral' };

export const QUEUE_LABELS = {
  second_line: 'escalations:queue.second_line',
  expert: 'escalations:queue.expert',
  team_lead: 'escalations:queue.team_lead',
} as const satisfies Record<EscalationQueue, string>;

export const OUTCOME_LABELS = {
  solved: 'escalations:outcome.solved',
  refund: 'escalations:outcome.refund',
  replacement: 'escalations:outcome.replacement',
  not_possible: 'escalations:outcome.not_possible',
  other: 'escalations:outcome.other',
} as const satisfies Record<EscalationOutcome, string>;

/** A queue's label, or the queue's own name for one that is not one of today's three. */
export function queueLabelKey(queue: string): (typeof QUEUE_LABELS)[EscalationQueue] | null {
  return Object.hasOwn(QUEUE_LABELS, queue) ? QUEUE_LABELS[queue as EscalationQueue] : null;
}

/** An SLA length as people say it: "30 minutes", "2 hours", "1 day" (Intl's units, in the agent's language). */
export function formatSlaMinutes(minutes: number, locale: string): string {
  const [value, unit] = minutes % 1_440 === 0 ? [minutes / 1_440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}
