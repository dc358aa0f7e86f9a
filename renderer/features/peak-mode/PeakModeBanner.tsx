import { Zap } from 'lucide-react';
import { usePeakModeStore } from '../../app/stores/peak-mode-store.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { PRESET_LABELS, PRESET_ADVICE } from './peak-texts.ts';
import './peak-mode.css';

/**
 * The team-wide banner while peak mode is on, on every console whatever its role or screen: what
 * the team lead switched (the preset, in words an agent acts on), their note, who and since when.
 * It is drawn from the store the live event fills, so it appears without a request.
 */
export function PeakModeBanner() {
  const { t } = useT();
  const locale = useLocale();
  const mode = usePeakModeStore((state) => state.mode);
  if (!mode?.enabled) return null;
  const since = mode.since ? formatDateTime(mode.since, locale, { timeStyle: 'short' }) : null;
  return (
    <div className="peak-banner" role="status" data-testid="peak-mode-banner" data-preset={mode.preset ?? 'none'}>
      <Zap size={18} aria-hidden="true" className="peak-banner__icon" />
      <p className="peak-banner__text">
        <strong>{mode.preset ? t(PRESET_LABELS[mode.preset]) : t('peak:banner.on')}</strong>{' '}
        <span>{mode.preset ? t(PRESET_ADVICE[mode.preset]) : t('peak:banner.noPreset')}</span>
        {mode.note ? (
          <span className="peak-banner__note" data-testid="peak-mode-note">
            {' '}
            {t('peak:banner.note', { note: mode.note })}
          </span>
        ) : null}
      </p>
      {mode.byName || since ? (
        <p className="peak-banner__by">
          {mode.byName && since
            ? t('peak:banner.byAt', { name: mode.byName, time: since })
            : mode.byName
              ? t('peak:banner.by', { name: mode.byName })
              : t('peak:banner.at', { time: since })}
        </p>
      ) : null}
    </div>
  );
}
