import { History } from 'lucide-react';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { drop } from '../../../common/assert.ts';
import type { CustomerHit, RecentCustomersResponse } from '../../../common/contract/data.ts';
import { useClient } from '../../app/client-context.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { openCustomer } from '../../app/stores/customer-store.ts';
import { useSyncStore } from '../../app/stores/sync-store.ts';
import { searchKeyAction } from './search-keys.ts';
import { useSearchStore } from '../../app/stores/search-store.ts';
import { Field } from '../../ui/Field.tsx';
import { SearchHit } from './SearchHit.tsx';
import './search.css';

/** Typing pauses shorter than this do not send a search. */
export const SEARCH_DEBOUNCE_MS = 150;

type RecentCustomer = RecentCustomersResponse['customers'][number];

/** The customers this agent opened last, newest first: what the empty search box offers. */
function useRecentCustomers(): readonly RecentCustomer[] {
  const client = useClient();
  const [recent, setRecent] = useState<readonly RecentCustomer[]>([]);
  useEffect(() => {
    let live = true;
    const load = () =>
      client.request('customers.recent', {}).then(
        ({ customers }) => live && setRecent(customers),
        () => undefined,
      );
    drop(load());
    // A purge or a new sign-in may remove some of them.
    const off = client.on('customers.changed', (change) => {
      if (change.all) drop(load());
    });
    return () => {
      live = false;
      off();
    };
  }, [client]);
  return recent;
}

/** Customer search: type, pick with the arrow keys, Enter opens the customer. With nothing typed, the recent customers. */
export function SearchView() {
  const { t } = useT();
  const client = useClient();
  const fieldId = useId();
  const listId = useId();
  const query = useSearchStore((state) => state.query);
  const searched = useSearchStore((state) => state.searched);
  const hits = useSearchStore((state) => state.hits);
  const more = useSearchStore((state) => state.more);
  const phase = useSearchStore((state) => state.phase);
  const error = useSearchStore((state) => state.error);
  const active = useSearchStore((state) => state.active);
  const cache = useSyncStore((state) => state.status?.cache);
  const debounce = useRef<ReturnType<typeof setTimeout> | null>(null);
  const recent = useRecentCustomers();
  const [recentActive, setRecentActive] = useState(-1);

  const trimmed = query.trim();
  const current = phase !== 'loading' && searched === trimmed;
  const showRecent = trimmed === '' && recent.length > 0;

  // Search after a short pause in typing, and again when the screen opens with a query in the box
  // (the cache may have changed meanwhile).
  useEffect(() => {
    if (debounce.current) clearTimeout(debounce.current);
    const { run, clear } = useSearchStore.getState();
    if (query.trim() === '') {
      clear();
      return;
    }
    debounce.current = setTimeout(() => {
      debounce.current = null;
      drop(run(client, query));
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      if (debounce.current) clearTimeout(debounce.current);
    };
  }, [client, query]);

  const open = (hit: CustomerHit | undefined) => {
    if (hit) openCustomer(hit.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (showRecent) {
      const recentAction = searchKeyAction(event.key, recentActive, recent.length, query);
      if (recentAction.type === 'move') {
        setRecentActive(recentAction.index);
        document.getElementById(`${listId}-${recentAction.index}`)?.scrollIntoView?.({ block: 'nearest' });
      } else if (recentAction.type === 'open') {
        const chosen = recent[recentAction.index];
        if (chosen) openCustomer(chosen.id);
      } else {
        return;
      }
      event.preventDefault();
      return;
    }
    const action = searchKeyAction(event.key, active, current ? hits.length : 0, query);
    switch (action.type) {
      case 'move':
        useSearchStore.getState().setActive(action.index);
        document.getElementById(`${listId}-${action.index}`)?.scrollIntoView?.({ block: 'nearest' });
        break;
      case 'open':
        open(hits[action.index]);
        break;
      case 'clear':
        useSearchStore.getState().clear();
        break;
      case 'none':
        // Enter before the answer for what was typed has come: search now, open the first hit.
        if (event.key === 'Enter' && trimmed !== '' && !current) {
          if (debounce.current) clearTimeout(debounce.current);
          debounce.current = null;
          drop(useSearchStore.getState().run(client, query).then((found) => open(found?.[0])));
          break;
        }
        return;
    }
    event.preventDefault();
  };

  let state: string | null = null;
  if (trimmed === '') state = showRecent ? t('search:recentIntro') : t('search:start');
  else if (phase === 'loading') state = t('search:searching');
  else if (phase === 'error') state = errorMessage(t, error);
  else if (phase === 'done' && hits.length === 0) state = t('search:noResults', { query: searched ?? trimmed });
  // A list cut at the limit says so: "20 found" would hide the customer who is number 21.
  else if (phase === 'done') state = more ? t('search:resultsMore', { count: hits.length }) : t('search:results', { count: hits.length });

  const offlineHint =
    cache?.state === 'unavailable' && cache.reason === 'notSignedIn'
      ? t('search:unavailable')
      : cache?.state === 'unavailable'
        ? t('search:onlineOnly')
        : null;
  const showList = showRecent || (hits.length > 0 && phase !== 'error');
  const activeIndex = showRecent ? recentActive : active;

  return (
    <section className="view search" aria-labelledby={`${fieldId}-title`}>
      <h2 id={`${fieldId}-title`} className="section-title">
        {t('search:title')}
      </h2>
      <Field id={fieldId} label={t('search:fieldLabel')} hint={offlineHint ?? t('search:hint')} className="search__field">
        {(control) => (
          <input
            {...control}
            className="text-input text-input--large"
            type="search"
            role="combobox"
            autoComplete="off"
            spellCheck={false}
            aria-autocomplete="list"
            aria-expanded={showList}
            aria-controls={listId}
            aria-activedescendant={showList && activeIndex >= 0 ? `${listId}-${activeIndex}` : undefined}
            value={query}
            onChange={(event) => useSearchStore.getState().setQuery(event.target.value)}
            onKeyDown={onKeyDown}
            autoFocus
            data-testid="search-input"
          />
        )}
      </Field>
      <p
        className={phase === 'error' ? 'search__state search__state--error' : 'search__state'}
        role={phase === 'error' ? 'alert' : 'status'}
        data-testid="search-state"
        data-phase={trimmed === '' ? 'idle' : phase}
      >
        {state}
      </p>
      {showRecent ? (
        <h3 className="search__recent-title" id={`${listId}-recent`}>
          <History size={16} aria-hidden="true" />
          {t('search:recentTitle')}
        </h3>
      ) : null}
      <ul
        id={listId}
        className="search__hits"
        role="listbox"
        aria-label={showRecent ? t('search:recentTitle') : t('search:resultsLabel')}
        hidden={!showList}
        aria-busy={phase === 'loading'}
      >
        {showRecent
          ? recent.map((customer, index) => (
              <SearchHit
                key={customer.id}
                id={`${listId}-${index}`}
                hit={{ ...customer, matchedOn: null, orderNumber: null }}
                openedAt={customer.openedAt}
                selected={index === recentActive}
                onOpen={() => openCustomer(customer.id)}
                onHover={() => setRecentActive(index)}
              />
            ))
          : showList
          ? hits.map((hit, index) => (
              <SearchHit key={hit.id} id={`${listId}-${index}`} hit={hit} selected={index === active} onOpen={() => open(hit)} onHover={() => useSearchStore.getState().setActive(index)} />
            ))
          : null}
      </ul>
    </section>
  );
}
