import { useEffect, useState } from 'react';
import type { Customer360 } from '../../../common/contract/data.ts';
import {
  ESCALATION_PRIORITIES,
  ESCALATION_QUEUES,
  type Colleague,
  type EscalationPriority,
  type EscalationQueue,
  type EscalationSla,
} from '../../../common/contract/escalations.ts';
import { useClient } from '../../app/client-context.ts';
import { formatSlaMinutes, PRIORITY_LABELS, QUEUE_LABELS } from '../../app/escalation-texts.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { useColleagueTexts, useDirectory } from '../../app/use-colleagues.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { ColleaguePicker } from '../../ui/ColleaguePicker.tsx';
import { Field } from '../../ui/Field.tsx';
import { ActionCard, useActionSubmit } from './ActionCard.tsx';
import { TransferToExpert } from './TransferToExpert.tsx';
import { queueForColleague, type EscalationTarget } from './escalation-target.ts';
import { useOrders } from './use-orders.ts';

/** The interaction of the agent's current call with this customer (attached to the escalation), if any. */
export function useCurrentCallInteraction(customerId: string): string | null {
  return usePhoneStore(
    (state) => state.status?.calls.find((call) => call.customerId === customerId && call.state === 'active')?.interactionId ?? null,
  );
}

function useSla(): EscalationSla | null {
  const client = useClient();
  const [sla, setSla] = useState<EscalationSla | null>(null);
  useEffect(() => {
    let current = true;
    // Without the hub the form still works (through the outbox): it only shows no SLA hint.
    client.request('escalations.sla', {}).then(
      (answer) => current && setSla(answer),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [client]);
  return sla;
}

/**
 * Escalate from the customer screen: to a queue (the hub gives it to that queue's best free
 * agent who speaks the customer's language, or leaves it in the queue) or to a named colleague
 * picked with their presence; a priority with its SLA; a required summary; the order it is
 * about; and the current call, attached when the agent is on one with this customer.
 */
export function EscalateForm({ view, onClose }: { view: Customer360; onClose: () => void }) {
  const { t } = useT();
  const locale = useLocale();
  const client = useClient();
  const [target, setTarget] = useState<EscalationTarget>('second_line');
  const [colleague, setColleague] = useState<Colleague | null>(null);
  const [priority, setPriority] = useState<EscalationPriority>('normal');
  const [orderId, setOrderId] = useState('');
  const [summary, setSummary] = useState('');
  const submission = useActionSubmit('escalate', onClose);
  const interactionId = useCurrentCallInteraction(view.customer.id);
  const { orders } = useOrders(view.customer.id).data;
  const sla = useSla();
  const directory = useDirectory();
  const colleagueTexts = useColleagueTexts();

  const submit = async () => {
    if (target === 'colleague' && !colleague) return submission.refuse(t('escalations:form.colleagueRequired'));
    if (summary.trim() === '') return submission.refuse(t('customer:escalate.summaryRequired'));
    const queue = target === 'colleague' && colleague ? queueForColleague(colleague) : (target as EscalationQueue);
    await submission.send((id) =>
      client.request('escalations.create', {
        id,
        customerId: view.customer.id,
        interactionId,
        orderId: orderId === '' ? null : orderId,
        queue,
        assignTo: target === 'colleague' && colleague ? colleague.id : null,
        priority,
        summary: summary.trim(),
      }),
    );
  };

  return (
    <ActionCard submission={submission} onSubmit={submit} onClose={onClose}>
      <Field label={t('customer:escalate.queue')}>
        {(control) => (
          <select {...control} className="select" value={target} onChange={(event) => setTarget(event.target.value as EscalationTarget)} data-testid="escalate-queue" autoFocus>
            {ESCALATION_QUEUES.map((queue) => (
              <option key={queue} value={queue}>
                {t(QUEUE_LABELS[queue])}
              </option>
            ))}
            <option value="colleague">{t('escalations:form.namedColleague')}</option>
          </select>
        )}
      </Field>
      {target === 'colleague' ? (
        <ColleaguePicker
          label={t('escalations:form.colleague')}
          placeholder={t('escalations:form.colleaguePlaceholder')}
          hint={directory.state === 'error' ? t('escalations:form.directoryUnavailable') : undefined}
          colleagues={directory.state === 'ready' ? directory.value : []}
          value={colleague?.id ?? null}
          onChange={setColleague}
          texts={colleagueTexts}
          testId="escalate-colleague"
          invalid={submission.error !== null && !colleague}
        />
      ) : null}
      <Field label={t('escalations:form.priority')} hint={sla ? t('escalations:form.slaHint', { time: formatSlaMinutes(sla[priority], locale) }) : undefined}>
        {(control) => (
          <select {...control} className="select" value={priority} onChange={(event) => setPriority(event.target.value as EscalationPriority)} data-testid="escalate-priority">
            {ESCALATION_PRIORITIES.map((value) => (
              <option key={value} value={value}>
                {t(PRIORITY_LABELS[value])}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('escalations:form.order')}>
        {(control) => (
          <select {...control} className="select" value={orderId} onChange={(event) => setOrderId(event.target.value)} data-testid="escalate-order">
            <option value="">{t('escalations:form.noOrder')}</option>
            {orders.map((order) => (
              <option key={order.id} value={order.id}>
                {t('escalations:form.orderOption', { number: order.number, date: formatDateTime(order.placedAt, locale, { dateStyle: 'medium' }) })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={t('customer:escalate.summary')}
        className="field--grow"
        invalid={submission.error !== null && summary.trim() === ''}
        hint={interactionId ? t('escalations:form.callAttached') : undefined}
      >
        {(control) => (
          <textarea
            {...control}
            className="text-input customer-action__text"
            value={summary}
            maxLength={5_000}
            placeholder={t('customer:escalate.placeholder')}
            onChange={(event) => setSummary(event.target.value)}
            data-testid="escalate-summary"
          />
        )}
      </Field>
      <TransferToExpert customerId={view.customer.id} target={target} colleague={colleague} priority={priority} summary={summary} orderId={orderId === '' ? null : orderId} onDone={onClose} />
    </ActionCard>
  );
}
