import { observeElementRect, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { TimelineEntry } from '../../../common/contract/data.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { TimelineRow } from './TimelineRow.tsx';
import { NoMatch, TimelineFilters, TimelineSearch } from './TimelineSearch.tsx';
import { useReasonLabels } from './use-reason-labels.ts';
import { isFiltered, useTimelineQuery } from './use-customer.ts';
import './timeline.css';

// Why @tanstack/react-virtual rather than a home-made window: rows differ in height (a note, a
// line of contact reasons), so the list has to measure rows as they render and keep the scroll
// position steady when a measurement differs from the estimate. The library does exactly that
// (ResizeObserver per rendered row, offsets corrected while scrolling) in a few kB, and it is
// headless, so the markup, the roles and the keyboard handling below stay ours. An unfolded row
// grows; the ResizeObserver on it tells the virtualiser, which moves the rows below it down.

interface TimelineProps {
  readonly items: readonly TimelineEntry[];
  readonly hasOlder: boolean;
  readonly loadingOlder: boolean;
  readonly olderError: unknown;
  readonly onLoadOlder: () => void;
}

const ESTIMATED_ROW_PX = 44;
/** Rows rendered beyond each edge of the visible part: keyboard moves and fast scrolls find them ready. */
const OVERSCAN = 4;
/** The next older page is asked for when the rendered rows come this close to the end. */
const LOAD_AHEAD_ROWS = 20;

/**
 * The scroller's size, as the virtualiser watches it; a scroller not laid out (yet, or in a DOM
 * without layout) counts as a window high, so the first rows render rather than none.
 */
function observeScrollerRect(instance: Virtualizer<HTMLDivElement, Element>, report: (rect: { width: number; height: number }) => void) {
  return observeElementRect(instance, (rect) => report(rect.height > 0 ? rect : { width: rect.width, height: window.innerHeight }));
}

/**
 * Everything this customer did and everything we did for them, newest first: a virtualised feed
 * (only the rows in view are in the DOM) that loads older pages as it is scrolled, with filter
 * chips per channel and a search inside the history.
 */
export function Timeline({ items, hasOlder, loadingOlder, olderError, onLoadOlder }: TimelineProps) {
  const { t, i18n } = useT();
  const reasonLabel = useReasonLabels(i18n.resolvedLanguage ?? i18n.language);
  const filters = useTimelineQuery((state) => state.filters);
  const text = useTimelineQuery((state) => state.text);
  const loading = useTimelineQuery((state) => state.loading);
  const filtered = isFiltered({ filters, text });
  const keysId = useId();

  const scrollerRef = useRef<HTMLDivElement>(null);
  // The virtualiser returns a mutable instance: the compiler would skip this component, which is
  // fine (no compiler in the build); the memoised rows get every value they show as props.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    overscan: OVERSCAN,
    getItemKey: (index) => items[index]?.id ?? index,
    observeElementRect: observeScrollerRect,
    // Scroll events need not render synchronously: React renders the new rows before the next
    // paint anyway, once per frame instead of once per event.
    useFlushSync: false,
  });
  const rows = virtualizer.getVirtualItems();

  // Which rows show their whole text: kept here, not in the rows, which unmount when scrolled away.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = useCallback((id: string) => {
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);

  // Roving focus: one row is in the Tab order (the last one focused, or the first one in view).
  const [active, setActive] = useState(0);
  const focusWanted = useRef<number | null>(null);
  const tabbable = rows.some((row) => row.index === active) ? active : (rows[0]?.index ?? -1);

  // A row moved to with the keyboard may render only after the scroll it caused: focus it then.
  useEffect(() => {
    const wanted = focusWanted.current;
    if (wanted === null) return;
    const element = scrollerRef.current?.querySelector<HTMLElement>(`[data-index="${wanted}"]`);
    if (element) {
      focusWanted.current = null;
      element.focus({ preventScroll: true });
    }
  });

  const moveTo = (index: number) => {
    const target = Math.max(0, Math.min(items.length - 1, index));
    setActive(target);
    focusWanted.current = target;
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };

  /** The row a scroller's height away (less one row, which stays in view), as measured so far. */
  const pageFrom = (index: number, direction: 1 | -1): number => {
    const here = virtualizer.measurementsCache[index];
    const height = scrollerRef.current?.clientHeight ?? 0;
    if (!here || height === 0) return index + direction;
    const offset = direction > 0 ? here.start + height - here.size : here.end - height + here.size;
    const there = virtualizer.getVirtualItemForOffset(Math.max(0, offset))?.index ?? index + direction;
    return direction > 0 ? Math.max(index + 1, there) : Math.min(index - 1, there);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!row || event.altKey || event.ctrlKey || event.metaKey) return;
    const index = Number(row.dataset.index);
    const key = event.key;
    const next =
      key === 'ArrowDown' ? index + 1
      : key === 'ArrowUp' ? index - 1
      : key === 'PageDown' ? pageFrom(index, 1)
      : key === 'PageUp' ? pageFrom(index, -1)
      : key === 'Home' ? 0
      : key === 'End' ? items.length - 1
      : null;
    if (next === null) return;
    event.preventDefault();
    moveTo(next);
  };

  // Scrolled (or moved) close to the end: the next older page, without a click. The button
  // below stays for keyboard users and to try again after an error.
  const lastRendered = rows[rows.length - 1]?.index ?? -1;
  useEffect(() => {
    if (hasOlder && !loadingOlder && !olderError && !loading && lastRendered >= items.length - LOAD_AHEAD_ROWS) onLoadOlder();
  }, [hasOlder, loadingOlder, olderError, loading, lastRendered, items.length, onLoadOlder]);

  // Other filters: back to the newest entry.
  useEffect(() => {
    setActive(0);
    if (scrollerRef.current) scrollerRef.current.scrollTop = 0;
  }, [filters, text]);

  const setSize = hasOlder ? -1 : items.length;
  const waiting = items.length === 0 && (loading || hasOlder);

  return (
    <section className={loading ? 'card timeline timeline--loading' : 'card timeline'} aria-labelledby="timeline-title" data-testid="timeline">
      <div className="timeline__head">
        <h2 id="timeline-title" className="section-title">
          {t('customer:timeline.title')}
        </h2>
        <TimelineSearch />
      </div>
      <TimelineFilters />
      <p className="visually-hidden" role="status">
        {loading ? t('timeline:loading') : null}
      </p>
      {items.length === 0 ? (
        waiting ? (
          <p className="hint timeline__state" data-testid="timeline-loading">
            {t('timeline:loading')}
          </p>
        ) : filtered ? (
          <NoMatch text={text} />
        ) : (
          <p className="hint timeline__state" data-testid="timeline-empty">
            {t('customer:timeline.empty')}
          </p>
        )
      ) : (
        <>
          <p className="hint timeline__count" data-testid="timeline-count">
            {hasOlder ? t('timeline:shownMore', { count: items.length }) : t('timeline:shown', { count: items.length })}
          </p>
          <p id={keysId} className="visually-hidden">
            {t('timeline:keys')}
          </p>
          <div className="timeline__scroller" ref={scrollerRef} data-testid="timeline-scroller">
            <div
              role="feed"
              className="timeline__feed"
              aria-labelledby="timeline-title"
              aria-describedby={keysId}
              aria-busy={loading || loadingOlder}
              style={{ height: virtualizer.getTotalSize() }}
              onKeyDown={onKeyDown}
            >
              {rows.map((row) => {
                const entry = items[row.index];
                if (!entry) return null;
                return (
                  <TimelineRow
                    key={row.key}
                    entry={entry}
                    index={row.index}
                    start={row.start}
                    setSize={setSize}
                    tabbable={row.index === tabbable}
                    expanded={expanded.has(entry.id)}
                    onToggle={toggle}
                    reasonLabel={reasonLabel}
                    measure={virtualizer.measureElement}
                    onFocusRow={setActive}
                  />
                );
              })}
            </div>
          </div>
        </>
      )}
      {olderError ? (
        <p className="form-error" role="alert">
          {errorMessage(t, olderError)}
        </p>
      ) : null}
      {hasOlder ? (
        <button type="button" className="button button--small timeline__older" onClick={onLoadOlder} disabled={loadingOlder} aria-busy={loadingOlder} data-testid="timeline-older">
          {loadingOlder ? t('customer:timeline.loadingOlder') : t('customer:timeline.older')}
        </button>
      ) : items.length > 0 ? (
        <p className="hint timeline__end">{t('customer:timeline.end')}</p>
      ) : null}
    </section>
  );
}
