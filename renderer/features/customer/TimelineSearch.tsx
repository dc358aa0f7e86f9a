import { Search, X } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { TIMELINE_FILTERS, type TimelineFilter } from '../../../common/contract/data.ts';
import { useT } from '../../i18n/use-t.ts';
import { useTimelineQuery } from './use-customer.ts';

/** A pause in typing this long searches. */
export const TIMELINE_SEARCH_DEBOUNCE_MS = 200;

const FILTER_LABELS = {
  calls: 'timeline:filters.calls',
  mails: 'timeline:filters.mails',
  chats: 'timeline:filters.chats',
  whatsapp: 'timeline:filters.whatsapp',
  notes: 'timeline:filters.notes',
  orders: 'timeline:filters.orders',
  carts: 'timeline:filters.carts',
  feedback: 'timeline:filters.feedback',
  cases: 'timeline:filters.cases',
} as const satisfies Record<TimelineFilter, string>;

/** The search inside the history: typed text searches after a short pause; Esc clears it. */
export function TimelineSearch() {
  const { t } = useT();
  const text = useTimelineQuery((state) => state.text);
  const setText = useTimelineQuery((state) => state.setText);
  const [draft, setDraft] = useState(text);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inputId = useId();

  // Cleared from elsewhere ("show everything again"): the box follows.
  useEffect(() => {
    if (timer.current === null) setDraft((shown) => (shown.trim() === text.trim() ? shown : text));
  }, [text]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const change = (value: string, immediately = false) => {
    setDraft(value);
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const apply = () => {
      timer.current = null;
      if (value.trim() !== useTimelineQuery.getState().text.trim()) setText(value.trim());
    };
    if (immediately) apply();
    else timer.current = setTimeout(apply, TIMELINE_SEARCH_DEBOUNCE_MS);
  };

  return (
    <div className="timeline-search" role="search">
      <label htmlFor={inputId} className="visually-hidden">
        {t('timeline:search.label')}
      </label>
      <Search size={16} aria-hidden="true" className="timeline-search__icon" />
      <input
        id={inputId}
        type="search"
        className="text-input timeline-search__input"
        placeholder={t('timeline:search.placeholder')}
        maxLength={100}
        autoComplete="off"
        value={draft}
        onChange={(event) => change(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && draft !== '') {
            event.preventDefault();
            change('', true);
          }
        }}
        data-testid="timeline-search"
      />
      {draft !== '' ? (
        <button type="button" className="timeline-search__clear" aria-label={t('timeline:search.clear')} title={t('timeline:search.clear')} onClick={() => change('', true)}>
          <X size={16} aria-hidden="true" />
        </button>
      ) : null}
    </div>
  );
}

/** Toggle chips per group; "All" shows every group again. */
export function TimelineFilters() {
  const { t } = useT();
  const filters = useTimelineQuery((state) => state.filters);
  const toggle = useTimelineQuery((state) => state.toggle);
  return (
    <div className="timeline-filters" role="group" aria-label={t('timeline:filters.label')}>
      <button
        type="button"
        className="timeline-chip"
        aria-pressed={filters.length === 0}
        onClick={() => useTimelineQuery.setState({ filters: [] })}
        data-testid="timeline-filter-all"
      >
        {t('timeline:filters.all')}
      </button>
      {TIMELINE_FILTERS.map((filter) => (
        <button
          key={filter}
          type="button"
          className="timeline-chip"
          aria-pressed={filters.includes(filter)}
          onClick={() => toggle(filter)}
          data-testid={`timeline-filter-${filter}`}
        >
          {t(FILTER_LABELS[filter])}
        </button>
      ))}
    </div>
  );
}

/** Nothing matched the search or the filters: say so, and offer to show everything again. */
export function NoMatch({ text }: { text: string }) {
  const { t } = useT();
  const reset = useTimelineQuery((state) => state.reset);
  return (
    <div className="timeline__state timeline__no-match" data-testid="timeline-no-match">
      <p className="hint">{text.trim() !== '' ? t('timeline:noMatch.text', { text: text.trim() }) : t('timeline:noMatch.title')}</p>
      <button type="button" className="button button--small" onClick={reset} data-testid="timeline-reset">
        {t('timeline:noMatch.reset')}
      </button>
    </div>
  );
}
