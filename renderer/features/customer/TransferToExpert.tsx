import { ArrowRightLeft, PhoneForwarded } from 'lucide-react';
import { useId, useState } from 'react';
import type { Colleague, EscalationPriority } from '../../../common/contract/escalations.ts';
import { LoketError } from '../../../common/errors.ts';
import { useClient } from '../../app/client-context.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { queueForColleague, type EscalationTarget } from './escalation-target.ts';

interface TransferToExpertProps {
  readonly customerId: string;
  /** The escalate form as it stands. */
  readonly target: EscalationTarget;
  readonly colleague: Colleague | null;
  readonly priority: EscalationPriority;
  readonly summary: string;
  readonly orderId: string | null;
  readonly onDone: () => void;
}

/** The agent's active call with this customer, if there is one: only then can it be handed on. */
function useCallWithCustomer(customerId: string) {
  return usePhoneStore((state) => state.status?.calls.find((call) => call.customerId === customerId && call.state === 'active' && call.consultFor === null) ?? null);
}

/**
 * "Transfer to expert" inside the escalate form, while the agent is on a call with this
 * customer: the escalation is created at the hub at once and the call goes to whoever it is
 * assigned to (the queue's best free colleague, or the one picked), who sees the customer and
 * the summary while it rings. "Consult first" talks to them before handing over; "Transfer now"
 * hands over at once. Without the hub, it says so: the agent can still transfer by hand (the
 * call's Transfer), and the form's "Escalate" keeps the case through the outbox.
 */
export function TransferToExpert({ customerId, target, colleague, priority, summary, orderId, onDone }: TransferToExpertProps) {
  const { t } = useT();
  const client = useClient();
  const id = useId();
  const call = useCallWithCustomer(customerId);
  const [busy, setBusy] = useState<'blind' | 'attended' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offline, setOffline] = useState(false);
  if (!call) return null;

  const start = (kind: 'blind' | 'attended') => {
    if (busy) return;
    if (target === 'colleague' && !colleague) return setError(t('escalations:form.colleagueRequired'));
    if (summary.trim() === '') return setError(t('customer:escalate.summaryRequired'));
    const queue = target === 'colleague' && colleague ? queueForColleague(colleague) : target === 'colleague' ? 'second_line' : target;
    setError(null);
    setOffline(false);
    setBusy(kind);
    client
      .request('handoffs.transferToExpert', {
        callId: call.id,
        customerId,
        queue,
        assignTo: target === 'colleague' && colleague ? colleague.id : null,
        priority,
        summary: summary.trim(),
        interactionId: call.interactionId,
        orderId,
        kind,
      })
      .then(
        () => {
          setBusy(null);
          onDone();
        },
        (failure: unknown) => {
          setBusy(null);
          setError(errorMessage(t, failure));
          // Nothing happened to the call: say how to go on without the hub.
          setOffline(failure instanceof LoketError && failure.code === 'hub.unreachable');
        },
      );
  };

  return (
    <section className="transfer-to-expert" aria-labelledby={`${id}-title`} data-testid="transfer-to-expert">
      <p id={`${id}-title`} className="field-label">
        {t('handoffs:expert.title')}
      </p>
      <p id={`${id}-hint`} className="hint">
        {t('handoffs:expert.hint')}
      </p>
      {error === null ? null : (
        <ErrorLine id={`${id}-error`} testId="transfer-to-expert-error">
          {error}
        </ErrorLine>
      )}
      {offline ? (
        <p className="hint" data-testid="transfer-to-expert-offline">
          {t('handoffs:expert.offline')}
        </p>
      ) : null}
      <FormActions>
        <ActionButton icon={PhoneForwarded} label={t('handoffs:expert.attended')} disabled={busy !== null} busy={busy === 'attended'} onClick={() => start('attended')} testId="transfer-to-expert-attended" />
        <ActionButton icon={ArrowRightLeft} label={t('handoffs:expert.blind')} disabled={busy !== null} busy={busy === 'blind'} onClick={() => start('blind')} testId="transfer-to-expert-blind" />
      </FormActions>
    </section>
  );
}
