import { Clock } from 'lucide-react';
import { memo } from 'react';
import type { TimelineEntry } from '../../../common/contract/data.ts';
import { formatWhen } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { Pill } from '../../ui/Pill.tsx';
import { describeEntry, type ReasonLabel } from './timeline-text.ts';

const fullDates = new Map<string, Intl.DateTimeFormat>();

/** A row's date and time in full (its tooltip), with one formatter per language: rows mount by the dozen while scrolling. */
function fullDateTime(iso: string, locale: string): string {
  let format = fullDates.get(locale);
  if (!format) fullDates.set(locale, (format = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' })));
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format.format(date);
}

interface TimelineRowProps {
  readonly entry: TimelineEntry;
  readonly index: number;
  readonly start: number;
  readonly setSize: number;
  readonly tabbable: boolean;
  readonly now: number;
  readonly reasonLabel: ReasonLabel;
  readonly measure: (element: Element | null) => void;
  readonly onFocusRow: (index: number) => void;
}

export const TimelineRow = memo(function TimelineRow({ entry, index, start, setSize, tabbable, now, reasonLabel, measure, onFocusRow }: TimelineRowProps) {
  const { t } = useT();
  const locale = useLocale();
  const { icon: Icon, title, detail, tags } = describeEntry(t, entry, locale, reasonLabel);
  const titleId = `timeline-${entry.id}`;
  const reasons = tags.filter((tag) => tag.tone === 'reason');
  const others = tags.filter((tag) => tag.tone !== 'reason');
  return (
    <article
      ref={measure}
      data-index={index}
      className={entry.pending ? 'timeline-entry timeline-row timeline-entry--pending' : 'timeline-entry timeline-row'}
      style={{ transform: `translateY(${start}px)` }}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      aria-labelledby={titleId}
      tabIndex={tabbable ? 0 : -1}
      onFocus={() => onFocusRow(index)}
      data-testid="timeline-entry"
      data-kind={entry.kind}
      data-pending={entry.pending}
    >
      <Icon size={18} aria-hidden="true" className="timeline-entry__icon" />
      <time className="timeline-entry__time" dateTime={entry.at} title={fullDateTime(entry.at, locale)}>
        {formatWhen(entry.at, now, locale)}
      </time>
      <div className="timeline-row__body">
        <p className="timeline-entry__text" title={detail ?? undefined}>
          <span id={titleId} className="timeline-entry__title">
            {title}
          </span>
          {detail ? <span className="timeline-entry__detail">{detail}</span> : null}
        </p>
        {tags.length > 0 ? (
          <div className="timeline-row__tags">
            {reasons.length > 0 ? (
              <ul className="timeline-row__reasons" aria-label={t('timeline:reasons')}>
                {reasons.map((tag) => (
                  <li key={tag.key} className="timeline-tag timeline-tag--reason" data-testid="timeline-reason">
                    {tag.text}
                  </li>
                ))}
              </ul>
            ) : null}
            {others.map((tag) => (
              <span key={tag.key} className={`timeline-tag timeline-tag--${tag.tone}`} data-testid={`timeline-tag-${tag.key}`}>
                {tag.text}
              </span>
            ))}
          </div>
        ) : null}
      </div>
      {entry.pending ? (
        <Pill tone="pending" title={t('customer:timeline.pendingHint')}>
          <Clock size={12} aria-hidden="true" />
          {t('customer:timeline.pending')}
        </Pill>
      ) : null}
    </article>
  );
});
