import type { EscalationItem } from '../../../common/contract/escalations.ts';
import { formatWhen } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { Pill } from '../../ui/Pill.tsx';
import { PRIORITY_LABELS, PRIORITY_TONES } from '../../app/escalation-texts.ts';
import { SlaTimer } from './SlaTimer.tsx';

interface EscalationRowProps {
  readonly item: EscalationItem;
  readonly now: number;
  readonly selected: boolean;
  readonly onOpen: () => void;
}

/** One escalation in a list: a button that opens it, with priority, customer, who raised it and the SLA. */
export function EscalationRow({ item, now, selected, onOpen }: EscalationRowProps) {
  const { t } = useT();
  const locale = useLocale();
  return (
    <li className="escalation-row">
      <button
        type="button"
        className="escalation-row__button"
        aria-current={selected ? 'true' : undefined}
        onClick={onOpen}
        data-testid="escalation-row"
        data-escalation-id={item.id}
        data-status={item.status}
      >
        <span className="escalation-row__top">
          <Pill tone={PRIORITY_TONES[item.priority]}>{t(PRIORITY_LABELS[item.priority])}</Pill>
          <strong className="escalation-row__customer">{item.customerName}</strong>
          {item.status === 'resolved' ? <Pill>{t('escalations:status.resolved')}</Pill> : item.status === 'claimed' ? <Pill tone="accent">{t('escalations:status.claimed')}</Pill> : null}
          <SlaTimer item={item} now={now} />
        </span>
        <span className="escalation-row__summary">{item.summary}</span>
        <span className="escalation-row__meta">
          {t('escalations:row.raisedBy', { name: item.createdBy.name, when: formatWhen(item.createdAt, now, locale) })}
          {item.assignedTo ? ` · ${t('escalations:row.assignedTo', { name: item.assignedTo.name })}` : ''}
        </span>
      </button>
    </li>
  );
}
