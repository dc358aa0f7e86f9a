import type { CallHandoff } from '../../../common/contract/handoffs.ts';
import { useT } from '../../i18n/use-t.ts';
import { Pill } from '../../ui/Pill.tsx';

const PRIORITY_LABELS = {
  urgent: 'handoffs:priority.urgent',
  high: 'handoffs:priority.high',
  normal: 'handoffs:priority.normal',
  low: 'handoffs:priority.low',
} as const satisfies Record<CallHandoff['priority'], string>;

/**
 * What a colleague's hand-off says about a transferred call: who sent it, the escalation's
 * priority and summary — shown with the ringing call and on the answered one, so the customer
 * need not tell the story again.
 */
export function HandoffNote({ handoff, id, testPrefix }: { handoff: CallHandoff; id: string; testPrefix: string }) {
  const { t } = useT();
  return (
    <div id={id} className="handoff-note" data-testid={`${testPrefix}-handoff`} data-handoff-id={handoff.handoffId} data-escalation-id={handoff.escalationId}>
      <p className="handoff-note__from">
        <span data-testid={`${testPrefix}-handoff-from`}>{t(handoff.kind === 'attended' ? 'handoffs:banner.fromAttended' : 'handoffs:banner.from', { name: handoff.fromName })}</span>{' '}
        <Pill tone={handoff.priority === 'urgent' || handoff.priority === 'high' ? 'accent' : 'neutral'} testId={`${testPrefix}-handoff-priority`}>
          {t(PRIORITY_LABELS[handoff.priority])}
        </Pill>
      </p>
      <p className="handoff-note__summary" data-testid={`${testPrefix}-handoff-summary`}>
        <span className="visually-hidden">{t('handoffs:banner.summary')} </span>
        {handoff.summary}
      </p>
    </div>
  );
}
