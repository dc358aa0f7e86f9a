import { Signal, SignalLow, SignalMedium } from 'lucide-react';
import type { CallQuality } from '../../../common/contract/telephony.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';

const RATINGS = {
  good: 'phone:quality.good',
  fair: 'phone:quality.fair',
  poor: 'phone:quality.poor',
} as const satisfies Record<CallQuality['rating'], string>;

const RATING_ICONS = { good: Signal, fair: SignalMedium, poor: SignalLow } as const;

/** Good / fair / poor, with MOS, round trip, jitter and loss for whoever wants the figures. */
export function QualityBadge({ quality }: { quality: CallQuality }) {
  const { t } = useT();
  const locale = useLocale();
  const ms = (value: number | null) =>
    value === null ? t('phone:quality.unknown') : formatNumber(value, locale, { style: 'unit', unit: 'millisecond', maximumFractionDigits: 0 });
  const details = t('phone:quality.details', {
    mos: formatNumber(quality.mos, locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    rtt: ms(quality.rttMs),
    jitter: ms(quality.jitterMs),
    loss: formatNumber(quality.loss, locale, { style: 'percent', maximumFractionDigits: 1 }),
  });
  const Icon = RATING_ICONS[quality.rating];
  return (
    <span className={`call-quality call-quality--${quality.rating}`} title={details} data-testid="call-quality" data-rating={quality.rating} data-mos={quality.mos}>
      <Icon size={14} aria-hidden="true" />
      {t(RATINGS[quality.rating])}
      <span className="visually-hidden">{details}</span>
    </span>
  );
}
