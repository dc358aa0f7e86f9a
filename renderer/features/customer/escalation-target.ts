import { ESCALATION_QUEUES, type Colleague, type EscalationQueue } from '../../../common/contract/escalations.ts';

// Where an escalation goes, shared by the escalate form and its "Transfer to expert" part.

/** Where the case goes: one of the specialist queues, or a named colleague. */
export type EscalationTarget = EscalationQueue | 'colleague';

/** The queue a named colleague's escalation is filed under: the one their role serves, else second line. */
export function queueForColleague(colleague: Colleague): EscalationQueue {
  return (ESCALATION_QUEUES as readonly string[]).includes(colleague.role) ? (colleague.role as EscalationQueue) : 'second_line';
}
