import { create } from 'zustand';
import type { CustomerHit } from '../../../common/contract/data.ts';
import type { LoketClient } from '../../bridge/index.ts';

export type SearchPhase = 'idle' | 'loading' | 'done' | 'error';

interface SearchState {
  /** What is in the box, as typed. */
  readonly query: string;
  /** The (trimmed) query the shown hits belong to; null before the first answer. */
  readonly searched: string | null;
  readonly hits: readonly CustomerHit[];
  /** More customers matched than the list holds: the agent should refine the query. */
  readonly more: boolean;
  readonly phase: SearchPhase;
  readonly error: unknown;
  /** The hit that Enter opens; -1 for none. */
  readonly active: number;
  setQuery(query: string): void;
  setActive(index: number): void;
  clear(): void;
  /** Searches now; resolves with the hits, or null when a newer search overtook this one. */
  run(client: LoketClient, query: string): Promise<readonly CustomerHit[] | null>;
}

let latest = 0;

/** Customer search. Kept outside the screen so going to a customer and back keeps the list. */
export const useSearchStore = create<SearchState>()((set, get) => ({
  query: '',
  searched: null,
  hits: [],
  more: false,
  phase: 'idle',
  error: null,
  active: -1,
  setQuery: (query) => set({ query }),
  setActive: (active) => set({ active }),
  clear() {
    latest += 1; // an answer still on its way is no longer wanted
    set({ query: '', searched: null, hits: [], more: false, phase: 'idle', error: null, active: -1 });
  },
  async run(client, query) {
    const trimmed = query.trim();
    if (trimmed === '') {
      get().clear();
      return [];
    }
    const mine = ++latest;
    set({ phase: 'loading', error: null });
    try {
      const { hits, more } = await client.request('customers.search', { query: trimmed });
      if (mine !== latest) return null;
      set({ hits, more, searched: trimmed, phase: 'done', active: hits.length > 0 ? 0 : -1 });
      return hits;
    } catch (error) {
      if (mine !== latest) return null;
      set({ hits: [], more: false, searched: trimmed, phase: 'error', error, active: -1 });
      return null;
    }
  },
}));
