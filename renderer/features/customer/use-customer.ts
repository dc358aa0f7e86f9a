import { useCallback, useEffect, useRef, useState } from 'react';
import { drop } from '../../../common/assert.ts';
import type { Customer360, TimelineEntry } from '../../../common/contract/console-data.ts';
import { LoketError } from '../../../common/errors.ts';
import { useClient } from '../../app/client-context.ts';
import { appendPage, mergeFirstPage } from './timeline-merge.ts';

export const TIMELINE_PAGE = 50;
/** The most a refresh asks for at once (the contract's limit). */
const REFRESH_MAX = 200;
/** Sync applies changes in bursts: one reload per burst. */
const RELOAD_COALESCE_MS = 200;

export interface CustomerData {
  readonly phase: 'loading' | 'ready' | 'error';
  readonly error: unknown;
  readonly view: Customer360 | null;
  readonly items: readonly TimelineEntry[];
  readonly nextBefore: string | null;
  readonly older: 'idle' | 'loading';
  readonly olderError: unknown;
}

const INITIAL: CustomerData = { phase: 'loading', error: null, view: null, items: [], nextBefore: null, older: 'idle', olderError: null };

/**
 * A customer's 360 and the first page of their timeline, kept current: reloaded when main says
 * this customer's data changed (sync, a note just added, a purge), without losing older pages
 * the agent already loaded.
 */
export function useCustomer(customerId: string) {
  const client = useClient();
  const [data, setData] = useState<CustomerData>(INITIAL);
  const latest = useRef(data);
  latest.current = data;
  /** Answers for an older request (a newer reload started) are dropped. */
  const generation = useRef(0);

  const load = useCallback(
    async (mode: 'open' | 'refresh' | 'reset') => {
      const mine = ++generation.current;
      if (mode === 'open') setData(INITIAL);
      const shown = latest.current.items.length;
      const limit = mode === 'refresh' ? Math.min(REFRESH_MAX, Math.max(TIMELINE_PAGE, shown)) : TIMELINE_PAGE;
      try {
        const [view, page] = await Promise.all([
          client.request('customers.get', { id: customerId }),
          client.request('customers.timeline', { customerId, limit }),
        ]);
        if (mine !== generation.current) return;
        setData((before) => {
          const merged = mode === 'refresh' ? mergeFirstPage(page, before.items, before.nextBefore) : page;
          return { ...before, phase: 'ready', error: null, view, items: merged.items, nextBefore: merged.nextBefore, olderError: null };
        });
      } catch (error) {
        if (mine !== generation.current) return;
        // A reload that fails keeps what is shown (with the error above it): the agent may be
        // reading it to the customer. Only a customer that is gone (purged, wiped) is cleared.
        const gone = error instanceof LoketError && (error.code === 'customer.notFound' || error.code === 'cache.unavailable');
        setData((before) => (mode === 'open' || gone ? { ...INITIAL, phase: 'error', error } : { ...before, phase: 'error', error }));
      }
    },
    [client, customerId],
  );

  const loadOlder = useCallback(async () => {
    const { nextBefore, older } = latest.current;
    if (nextBefore === null || older === 'loading') return;
    const mine = generation.current;
    setData((before) => ({ ...before, older: 'loading', olderError: null }));
    try {
      const page = await client.request('customers.timeline', { customerId, before: nextBefore, limit: TIMELINE_PAGE });
      if (mine !== generation.current) return setData((before) => ({ ...before, older: 'idle' }));
      setData((before) => ({ ...before, ...appendPage(before.items, page), older: 'idle' }));
    } catch (error) {
      setData((before) => ({ ...before, older: 'idle', olderError: error }));
    }
  }, [client, customerId]);

  useEffect(() => {
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
    };
  }, [client, customerId, load]);

  return { data, reload: () => drop(load(latest.current.view ? 'refresh' : 'open')), refresh: () => drop(load('refresh')), loadOlder: () => drop(loadOlder()) };
}
