import type { EscalationItem } from '../../../common/contract/escalations.ts';
import { useT } from '../../i18n/use-t.ts';
import { slaView, splitDuration } from './escalation-model.ts';

const SLA_TEXTS = {
  left: 'escalations:sla.left',
  overdue: 'escalations:sla.overdue',
  met: 'escalations:sla.met',
  missed: 'escalations:sla.missed',
} as const;

/**
 * The time left to the escalation's SLA: plain, amber with under a quarter of it left, red when
 * past (the colour is never the only sign: the words say "overdue").
 */
export function SlaTimer({ item, now }: { item: EscalationItem; now: number }) {
  const { t } = useT();
  const sla = slaView(item, now);
  if (sla.state === 'none' || sla.leftMs === null) return null;
  const { hours, minutes } = splitDuration(sla.leftMs);
  const time = hours > 0 ? t('escalations:sla.hoursMinutes', { hours, minutes: String(minutes).padStart(2, '0') }) : t('escalations:sla.minutes', { minutes });
  const text =
    item.status === 'resolved'
      ? t(sla.state === 'met' ? SLA_TEXTS.met : SLA_TEXTS.missed)
      : t(sla.leftMs < 0 ? SLA_TEXTS.overdue : SLA_TEXTS.left, { time });
  return (
    <span className={`sla-timer sla-timer--${sla.state}`} data-testid="sla-timer" data-sla={sla.state}>
      {text}
    </span>
  );
}
