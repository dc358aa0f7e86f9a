import { ChevronDown, Clock } from 'lucide-react';
import { memo, type KeyboardEvent, type MouseEvent } from 'react';
import type { TimelineEntry } from '../../../common/contract/data.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { Pill } from '../../ui/Pill.tsx';
import { describeEntry, type ReasonLabel } from './timeline-text.ts';
import { orderOfEntry, TimelineOrderSteps } from './TimelineOrderSteps.tsx';

const DATE: Intl.DateTimeFormatOptions = { dateStyle: 'medium' };
const TIME: Intl.DateTimeFormatOptions = { timeStyle: 'short' };
const FULL: Intl.DateTimeFormatOptions = { dateStyle: 'full', timeStyle: 'short' };

interface TimelineRowProps {
  readonly entry: TimelineEntry;
  readonly index: number;
  readonly start: number;
  readonly setSize: number;
  readonly tabbable: boolean;
  readonly expanded: boolean;
  readonly reasonLabel: ReasonLabel;
  readonly measure: (element: Element | null) => void;
  readonly onFocusRow: (index: number) => void;
  readonly onToggle: (id: string) => void;
}

/** A click that selected text, or one on a link or button of its own, is not meant to fold the row. */
function foldsRow(event: MouseEvent<HTMLElement>): boolean {
  const target = event.target as HTMLElement;
  const control = target.closest('a, button, input, select, textarea');
  if (control && !control.classList.contains('timeline-row__toggle')) return false;
  const selection = typeof window.getSelection === 'function' ? window.getSelection() : null;
  return !selection || selection.isCollapsed || !event.currentTarget.contains(selection.anchorNode);
}

/**
 * One entry of the history: its date and time in full (two short lines, so nothing is cut at
 * 1024 px), what happened, the words that came with it — two lines folded, all of it unfolded by
 * a click, Enter or Space — an order's stepper, and the contact reasons.
 */
export const TimelineRow = memo(function TimelineRow({ entry, index, start, setSize, tabbable, expanded, reasonLabel, measure, onFocusRow, onToggle }: TimelineRowProps) {
  const { t } = useT();
  const locale = useLocale();
  const { icon: Icon, title, detail, tags } = describeEntry(t, entry, locale, reasonLabel);
  const titleId = `timeline-${entry.id}`;
  const detailId = `timeline-${entry.id}-detail`;
  const expandable = detail !== null;
  const reasons = tags.filter((tag) => tag.tone === 'reason');
  const others = tags.filter((tag) => tag.tone !== 'reason');
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (!expandable || event.target !== event.currentTarget || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault();
    onToggle(entry.id);
  };
  const classes = ['timeline-entry', 'timeline-row'];
  if (entry.pending) classes.push('timeline-entry--pending');
  if (expandable) classes.push('timeline-row--expandable');
  return (
    <article
      ref={measure}
      data-index={index}
      className={classes.join(' ')}
      style={{ transform: `translateY(${start}px)` }}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      aria-labelledby={titleId}
      tabIndex={tabbable ? 0 : -1}
      onFocus={() => onFocusRow(index)}
      onClick={expandable ? (event) => foldsRow(event) && onToggle(entry.id) : undefined}
      onKeyDown={onKeyDown}
      data-testid="timeline-entry"
      data-kind={entry.kind}
      data-pending={entry.pending}
      data-expanded={expandable ? expanded : undefined}
    >
      <Icon size={18} aria-hidden="true" className="timeline-entry__icon" />
      <time className="timeline-entry__time" dateTime={entry.at} title={formatDateTime(entry.at, locale, FULL)} data-testid="timeline-time">
        <span>{formatDateTime(entry.at, locale, DATE)}</span> <span>{formatDateTime(entry.at, locale, TIME)}</span>
      </time>
      <div className="timeline-row__body">
        {expandable ? (
          // The row is the keyboard's stop (arrow keys move between rows); the button carries the
          // state for screen readers and is what a screen reader's virtual cursor activates.
          <button type="button" className="timeline-row__toggle" tabIndex={-1} aria-expanded={expanded} aria-controls={detailId} data-testid="timeline-toggle">
            <span id={titleId} className="timeline-entry__title">
              {title}
            </span>
            <ChevronDown size={14} aria-hidden="true" className="timeline-row__chevron" />
          </button>
        ) : (
          <p className="timeline-entry__text">
            <span id={titleId} className="timeline-entry__title">
              {title}
            </span>
          </p>
        )}
        {detail !== null ? (
          <p id={detailId} className={expanded ? 'timeline-entry__detail timeline-entry__detail--full' : 'timeline-entry__detail'} data-testid="timeline-detail">
            {detail}
          </p>
        ) : null}
        {entry.kind === 'order' ? <TimelineOrderSteps order={orderOfEntry(entry)} /> : null}
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
