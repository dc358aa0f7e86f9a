import { useEffect, useRef, useState } from 'react';
import type { CustomerHit } from '../../../common/contract/data.ts';
import { useClient } from '../../app/client-context.ts';

/** Typing pauses shorter than this do not send a search. */
const SEARCH_DEBOUNCE_MS = 150;
const SEARCH_LIMIT = 8;

export type LookupState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'loading' }
  | { readonly phase: 'done'; readonly query: string; readonly hits: readonly CustomerHit[] }
  | { readonly phase: 'error'; readonly error: unknown };

/**
 * The customers found for what the agent typed, searched a moment after they stop typing (an
 * answer to an older query is dropped), and the hit the arrow keys are on (the first of a new list).
 */
export function useCustomerLookup(query: string) {
  const client = useClient();
  const [search, setSearch] = useState<LookupState>({ phase: 'idle' });
  const [active, setActive] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const trimmed = query.trim();
    const mine = ++latest.current;
    if (trimmed === '') return;
    const timer = setTimeout(() => {
      setSearch({ phase: 'loading' });
      client.request('customers.search', { query: trimmed, limit: SEARCH_LIMIT }).then(
        ({ hits }) => {
          if (mine !== latest.current) return;
          setSearch({ phase: 'done', query: trimmed, hits });
          setActive(0);
        },
        (failure: unknown) => {
          if (mine === latest.current) setSearch({ phase: 'error', error: failure });
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [client, query]);

  return { search, active, setActive };
}
