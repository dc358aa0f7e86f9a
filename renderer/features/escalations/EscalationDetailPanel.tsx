import { UserRound, X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { EscalationDetail } from '../../../common/contract/escalations.ts';
import { OUTCOME_LABELS, PRIORITY_LABELS, PRIORITY_TONES, queueLabelKey } from '../../app/escalation-texts.ts';
import { openCustomer } from '../../app/stores/customer-store.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ActionButton } from '../../ui/FormActions.tsx';
import { Pill } from '../../ui/Pill.tsx';
import { EscalationActions } from './EscalationActions.tsx';
import { SlaTimer } from './SlaTimer.tsx';
import { useEscalationDetail } from './use-escalation-detail.ts';

interface DetailProps {
  readonly id: string;
  readonly now: number;
  readonly onClose: () => void;
}

/** The opened escalation: who it is about, what was asked, the thread, and what I may do with it. */
export function EscalationDetailPanel({ id, now, onClose }: DetailProps) {
  const { t } = useT();
  const read = useEscalationDetail(id);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Opening one moves focus to it, so a keyboard user lands on what they opened.
  useEffect(() => headingRef.current?.focus(), [id]);

  return (
    <section className="card escalation-detail" aria-labelledby="escalation-detail-title" data-testid="escalation-detail" data-escalation-id={id}>
      <div className="escalation-detail__head">
        <h2 id="escalation-detail-title" className="section-title" tabIndex={-1} ref={headingRef}>
          {read.state === 'ready' ? read.detail.customerName : t('escalations:detail.title')}
        </h2>
        <ActionButton icon={X} small label={t('escalations:detail.close')} onClick={onClose} testId="escalation-close" />
      </div>
      {read.state === 'loading' ? <p className="hint">{t('escalations:loading')}</p> : null}
      {read.state === 'error' ? <ErrorLine error={read.error} testId="escalation-detail-error" /> : null}
      {read.state === 'ready' ? <DetailBody detail={read.detail} now={now} onChanged={read.replace} /> : null}
    </section>
  );
}

function DetailBody({ detail, now, onChanged }: { detail: EscalationDetail; now: number; onChanged: (detail: EscalationDetail) => void }) {
  const { t } = useT();
  const locale = useLocale();
  const queueKey = queueLabelKey(detail.queue);
  return (
    <>
      <p className="escalation-detail__badges">
        <Pill tone={PRIORITY_TONES[detail.priority]}>{t(PRIORITY_LABELS[detail.priority])}</Pill>
        <Pill tone={detail.status === 'claimed' ? 'accent' : 'neutral'} testId="escalation-status">
          {t(detail.status === 'open' ? 'escalations:status.open' : detail.status === 'claimed' ? 'escalations:status.claimed' : 'escalations:status.resolved')}
        </Pill>
        <SlaTimer item={detail} now={now} />
      </p>
      <dl className="facts escalation-detail__facts">
        <dt>{t('escalations:detail.queue')}</dt>
        <dd>{queueKey ? t(queueKey) : detail.queue}</dd>
        <dt>{t('escalations:detail.raisedBy')}</dt>
        <dd>{t('escalations:detail.raisedAt', { name: detail.createdBy.name, when: formatDateTime(detail.createdAt, locale) })}</dd>
        <dt>{t('escalations:detail.assignedTo')}</dt>
        <dd data-testid="escalation-assignee">{detail.assignedTo?.name ?? t('escalations:detail.unassigned')}</dd>
        {detail.orderNumber ? (
          <>
            <dt>{t('escalations:detail.order')}</dt>
            <dd>{detail.orderNumber}</dd>
          </>
        ) : null}
        {detail.slaDueAt ? (
          <>
            <dt>{t('escalations:detail.slaDue')}</dt>
            <dd>{formatDateTime(detail.slaDueAt, locale)}</dd>
          </>
        ) : null}
      </dl>
      <p className="escalation-detail__summary" data-testid="escalation-summary">
        {detail.summary}
      </p>
      <ActionButton icon={UserRound} small label={t('escalations:detail.openCustomer')} onClick={() => openCustomer(detail.customerId)} testId="escalation-open-customer" className="escalation-detail__open" />
      {detail.status === 'resolved' ? (
        <p className="escalation-detail__resolution" data-testid="escalation-resolution">
          <strong>{detail.outcome ? t(OUTCOME_LABELS[detail.outcome]) : t('escalations:status.resolved')}</strong>
          {detail.resolution ? ` — ${detail.resolution}` : ''}
        </p>
      ) : null}
      <h3 className="section-title escalation-detail__thread-title">{t('escalations:detail.thread', { count: detail.thread.length })}</h3>
      {detail.thread.length === 0 ? (
        <p className="hint">{t('escalations:detail.noReplies')}</p>
      ) : (
        <ol className="escalation-thread" data-testid="escalation-thread">
          {detail.thread.map((entry) => (
            <li key={entry.id} className="escalation-thread__entry" data-testid="escalation-reply">
              <span className="escalation-thread__meta">
                {entry.authorName} · {formatDateTime(entry.at, locale)}
              </span>
              <span className="escalation-thread__text">{entry.text}</span>
            </li>
          ))}
        </ol>
      )}
      <EscalationActions detail={detail} onChanged={onChanged} />
    </>
  );
}
