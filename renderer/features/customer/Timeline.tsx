import { Clock } from 'lucide-react';
import type { TimelineEntry } from '../../../common/contract/console-data.ts';
import { useNow } from '../../app/use-now.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { formatDateTime, formatWhen } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { describeEntry } from './timeline-text.ts';

interface TimelineProps {
  readonly items: readonly TimelineEntry[];
  readonly hasOlder: boolean;
  readonly loadingOlder: boolean;
  readonly olderError: unknown;
  readonly onLoadOlder: () => void;
}

/** Everything this customer did and everything we did for them, newest first. */
export function Timeline({ items, hasOlder, loadingOlder, olderError, onLoadOlder }: TimelineProps) {
  const { t } = useT();
  const now = useNow(60_000);
  return (
    <section className="card timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="section-title">
        {t('customer:timeline.title')}
      </h2>
      {items.length === 0 ? (
        <p className="hint">{t('customer:timeline.empty')}</p>
      ) : (
        <ol className="timeline__list">
          {items.map((entry) => (
            <TimelineItem key={entry.id} entry={entry} now={now} />
          ))}
        </ol>
      )}
      {olderError ? (
        <p className="form-error" role="alert">
          {errorMessage(t, olderError)}
        </p>
      ) : null}
      {hasOlder ? (
        <button type="button" className="button timeline__older" onClick={onLoadOlder} disabled={loadingOlder} aria-busy={loadingOlder} data-testid="timeline-older">
          {loadingOlder ? t('customer:timeline.loadingOlder') : t('customer:timeline.older')}
        </button>
      ) : items.length > 0 ? (
        <p className="hint timeline__end">{t('customer:timeline.end')}</p>
      ) : null}
    </section>
  );
}

function TimelineItem({ entry, now }: { entry: TimelineEntry; now: number }) {
  const { t } = useT();
  const locale = useLocale();
  const { icon: Icon, title, detail } = describeEntry(t, entry, locale);
  return (
    <li className={entry.pending ? 'timeline-entry timeline-entry--pending' : 'timeline-entry'} data-testid="timeline-entry" data-kind={entry.kind} data-pending={entry.pending}>
      <Icon size={18} aria-hidden="true" className="timeline-entry__icon" />
      <time className="timeline-entry__time" dateTime={entry.at} title={formatDateTime(entry.at, locale, { dateStyle: 'full', timeStyle: 'short' })}>
        {formatWhen(entry.at, now, locale)}
      </time>
      <p className="timeline-entry__text" title={detail ?? undefined}>
        <span className="timeline-entry__title">{title}</span>
        {detail ? <span className="timeline-entry__detail">{detail}</span> : null}
      </p>
      {entry.pending ? (
        <span className="badge badge--pending" title={t('customer:timeline.pendingHint')}>
          <Clock size={12} aria-hidden="true" />
          {t('customer:timeline.pending')}
        </span>
      ) : null}
    </li>
  );
}
