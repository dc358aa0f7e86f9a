import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { progressFigures } from './sync-format.ts';
import { useSyncStore } from '../../app/stores/sync-store.ts';
import './sync.css';

/** The first full sync, as a slim bar under the top bar: how far, how fast, how long still. */
export function SyncProgress() {
  const { t } = useT();
  const locale = useLocale();
  const status = useSyncStore((state) => state.status);
  if (!status || status.phase !== 'initial' || !status.progress) return null;

  const figures = progressFigures(status.progress, locale);
  const rows = figures.total === null ? t('sync:progress.rowsNoTotal', { rows: figures.rows }) : t('sync:progress.rows', { rows: figures.rows, total: figures.total });
  const parts = [rows];
  if (status.connection === 'offline') parts.push(t('sync:progress.paused'));
  else {
    parts.push(t('sync:progress.rate', { rate: figures.rate }));
    parts.push(figures.eta === null ? t('sync:progress.etaUnknown') : t('sync:progress.eta', { duration: figures.eta }));
  }
  const label = t('sync:progress.label');

  return (
    <div className="sync-progress" data-testid="sync-progress">
      <span className="sync-progress__text">
        <strong>{label}</strong>
        <span>{figures.percentText}</span>
        {parts.map((part) => (
          <span key={part}>{part}</span>
        ))}
      </span>
      <div
        className="sync-progress__bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={figures.percent}
        aria-valuetext={t('sync:progress.valueText', { percent: figures.percentText, rows })}
      >
        <div className="sync-progress__fill" style={{ width: `${figures.percent}%` }} />
      </div>
    </div>
  );
}
