import { useCallback, useEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import { drop } from '../../../common/assert.ts';
import type { Customer360, TimelineEntry, TimelineFilter } from '../../../common/contract/data.ts';
import { LoketError } from '../../../common/errors.ts';
import { useClient } from '../../app/client-context.ts';
import { freshCaller360, useCallersStore } from '../../app/stores/callers-store.ts';
import { nextPaint } from '../../media/after-paint.ts';
import { appendPage, mergeFirstPage } from './timeline-merge.ts';

export const TIMELINE_PAGE = 50;
/** Older pages are bigger: an agent scrolling far back wants the next screenful ready, not a spinner. */
export const TIMELINE_OLDER_PAGE = 100;
/** The most a refresh asks for at once (the contract's limit). */
const REFRESH_MAX = 200;
/** Sync applies changes in bursts: one reload per burst. */
const RELOAD_COALESCE_MS = 200;

/** What the timeline shows: only some groups, only items containing a text. Empty: everything. */
export interface TimelineQuery {
  readonly filters: readonly TimelineFilter[];
  readonly text: string;
}

interface TimelineQueryState extends TimelineQuery {
  /** The customer these filters belong to: another customer starts with everything shown. */
  readonly customerId: string | null;
  /** A reload for changed filters is under way (the list shows the previous answer until it comes). */
  readonly loading: boolean;
  open(customerId: string): void;
  toggle(filter: TimelineFilter): void;
  setText(text: string): void;
  reset(): void;
  setLoading(loading: boolean): void;
}

/**
 * The timeline's filter chips and search box, shared by the list that shows them (Timeline) and
 * the hook that loads the pages (useCustomer), so the screen that places both needs no wiring.
 */
export const useTimelineQuery = create<TimelineQueryState>()((set) => ({
  customerId: null,
  filters: [],
  text: '',
  loading: false,
  open: (customerId) => set((state) => (state.customerId === customerId ? state : { customerId, filters: [], text: '', loading: false })),
  toggle: (filter) => set((state) => ({ filters: state.filters.includes(filter) ? state.filters.filter((f) => f !== filter) : [...state.filters, filter] })),
  setText: (text) => set({ text }),
  reset: () => set({ filters: [], text: '' }),
  setLoading: (loading) => set({ loading }),
}));

export const isFiltered = (query: TimelineQuery): boolean => query.filters.length > 0 || query.text.trim() !== '';

/** The request fields for a query: absent when they select everything. */
function queryFields(query: TimelineQuery): { filters?: TimelineFilter[]; text?: string } {
  const text = query.text.trim();
  return { ...(query.filters.length > 0 ? { filters: [...query.filters] } : {}), ...(text !== '' ? { text } : {}) };
}

export interface CustomerData {
  readonly phase: 'loading' | 'ready' | 'error';
  readonly error: unknown;
  readonly view: Customer360 | null;
  readonly items: readonly TimelineEntry[];
  readonly nextBefore: string | null;
  readonly older: 'idle' | 'loading';
  readonly olderError: unknown;
  /** The filters `items` were loaded with, as sent (JSON): a refresh merges only pages of the same. */
  readonly query: string;
}

const INITIAL: CustomerData = { phase: 'loading', error: null, view: null, items: [], nextBefore: null, older: 'idle', olderError: null, query: '' };

/**
 * A customer's 360 and the first page of their timeline, kept current: reloaded when main says
 * this customer's data changed (sync, a note just added, a purge), without losing older pages
 * the agent already loaded. The timeline follows the filters in `useTimelineQuery`: a change
 * loads it again from the first page.
 */
export function useCustomer(customerId: string) {
  const client = useClient();
  const [data, setData] = useState<CustomerData>(INITIAL);
  // The caller's 360 main sent with a ringing call: painted in this screen's first render, no request.
  const callerView = useCallersStore((state) => freshCaller360(state.callers, customerId));
  const latest = useRef(data);
  latest.current = data;
  /** Answers for an older request (a newer reload started) are dropped. */
  const generation = useRef(0);

  const load = useCallback(
    async (mode: 'open' | 'refresh' | 'reset' | 'query') => {
      const mine = ++generation.current;
      // Main sent the caller's 360 with the ringing call: the header needs no request.
      const sentView = mode === 'open' ? freshCaller360(useCallersStore.getState().callers, customerId) : null;
      if (mode === 'open') setData(INITIAL);
      if (sentView) {
        // A screen pop: the header is painted from it at once. The history's read (main's
        // biggest for this screen) waits until that frame is on screen: main and the page share
        // the machine's cores, and the page's frame is what the agent is waiting for.
        await nextPaint();
        if (mine !== generation.current) return;
      }
      const query = queryFields(useTimelineQuery.getState());
      const key = JSON.stringify(query);
      const shown = latest.current.items.length;
      const limit = mode === 'refresh' ? Math.min(REFRESH_MAX, Math.max(TIMELINE_PAGE, shown)) : TIMELINE_PAGE;
      const setLoading = useTimelineQuery.getState().setLoading;
      if (mode !== 'refresh') setLoading(true);
      try {
        // Other filters change the list only; the header stays as it is.
        const viewRequest =
          mode === 'query' && latest.current.view
            ? Promise.resolve(latest.current.view)
            : sentView
              ? Promise.resolve(sentView)
              : client.request('customers.get', { id: customerId });
        const pageRequest = client.request('customers.timeline', { customerId, limit, ...query });
        if (mode === 'open') {
          // The header first: a screen pop shows who is calling as soon as the 360 is there (an
          // index lookup), while the history — a bigger read — follows into its loading state.
          pageRequest.catch(() => undefined);
          const view = await viewRequest;
          if (mine !== generation.current) return;
          setData((before) => ({ ...before, phase: 'ready', error: null, view }));
        }
        const [view, page] = await Promise.all([viewRequest, pageRequest]);
        if (mine !== generation.current) return;
        setData((before) => {
          // Pages loaded with other filters are not merged in: they may hold what these leave out.
          const merged = mode === 'refresh' && before.query === key ? mergeFirstPage(page, before.items, before.nextBefore) : page;
          return { ...before, phase: 'ready', error: null, view, items: merged.items, nextBefore: merged.nextBefore, older: 'idle', olderError: null, query: key };
        });
      } catch (error) {
        if (mine !== generation.current) return;
        // A reload that fails keeps what is shown (with the error above it): the agent may be
        // reading it to the customer. Only a customer that is gone (purged, wiped) is cleared.
        const gone = error instanceof LoketError && (error.code === 'customer.notFound' || error.code === 'cache.unavailable');
        setData((before) => (mode === 'open' || gone ? { ...INITIAL, phase: 'error', error } : { ...before, phase: 'error', error }));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [client, customerId],
  );

  const loadOlder = useCallback(async () => {
    const { nextBefore, older } = latest.current;
    if (nextBefore === null || older === 'loading') return;
    const mine = generation.current;
    const query = queryFields(useTimelineQuery.getState());
    setData((before) => ({ ...before, older: 'loading', olderError: null }));
    try {
      const page = await client.request('customers.timeline', { customerId, before: nextBefore, limit: TIMELINE_OLDER_PAGE, ...query });
      if (mine !== generation.current) return setData((before) => ({ ...before, older: 'idle' }));
      setData((before) => ({ ...before, ...appendPage(before.items, page), older: 'idle' }));
    } catch (error) {
      if (mine !== generation.current) return setData((before) => ({ ...before, older: 'idle' }));
      setData((before) => ({ ...before, older: 'idle', olderError: error }));
    }
  }, [client, customerId]);

  useEffect(() => {
    useTimelineQuery.getState().open(customerId);
    drop(load('open'));
    let timer: ReturnType<typeof setTimeout> | null = null;
    let reset = false;
    const off = client.on('customers.changed', (change) => {
      if (!change.all && !change.ids.includes(customerId)) return;
      // After a purge or a rebuild older pages may be gone: start again from the first page.
      reset ||= change.all;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        const mode = reset ? 'reset' : 'refresh';
        reset = false;
        drop(load(mode));
      }, RELOAD_COALESCE_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
      generation.current += 1;
      useTimelineQuery.getState().setLoading(false);
    };
  }, [client, customerId, load]);

  // Other filters or another search text: the list again from its first page. (Not when this
  // customer's filters are set up: opening the customer loads it already.) A subscription, not a
  // selector: the screen has nothing to render for the change itself (the list shows the chips).
  useEffect(
    () =>
      useTimelineQuery.subscribe((state, before) => {
        if (state.customerId !== customerId || before.customerId !== customerId) return;
        if (state.filters !== before.filters || state.text !== before.text) drop(load('query'));
      }),
    [customerId, load],
  );

  const shown = data.view === null && callerView && data.phase === 'loading' ? { ...data, phase: 'ready' as const, view: callerView } : data;
  return { data: shown, reload: () => drop(load(latest.current.view ? 'refresh' : 'open')), refresh: () => drop(load('refresh')), loadOlder: () => drop(loadOlder()) };
}
