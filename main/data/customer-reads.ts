import type { Customer360, CustomerHit, CustomerSearchResponse, RecentCustomersResponse } from '../../common/contract/data.ts';
import { LoketError } from '../../common/errors.ts';
import { STAFF } from '../../common/hub/roles.ts';
import { hubCustomer, hubSearch, hubSearchPage } from '../sync/hub-reads.ts';
import type { DataState } from './data-state.ts';

/**
 * Customers: search, the 360, the recently opened ones and the caller lookups of the screen pop.
 * The cache first; the hub for what the cache does not hold.
 */
export class CustomerReads {
  readonly #state: DataState;

  constructor(state: DataState) {
    this.#state = state;
  }

  async search(query: string, limit: number): Promise<CustomerSearchResponse> {
    const agent = this.#state.session.agent();
    const country = agent?.officeCountry ?? 'NL';
    const cache = this.#state.cache;
    if (cache) {
      const found = cache.guard(() => cache.queries.searchPage(query, limit, country));
      // Overflow agents' caches hold no customers; anyone's may miss a customer made a minute ago.
      if (found.hits.length > 0 || this.#state.offline) return found;
    } else {
      this.#state.requireHubReads();
    }
    const canBrowse = agent ? STAFF.includes(agent.role) : false;
    return this.#state.fromHub(() => hubSearchPage(this.#state.session, query, limit, country, canBrowse), !cache);
  }

  /** A customer's 360: the cache's, else the hub's. */
  async get(id: string): Promise<Customer360> {
    const cache = this.#state.cache;
    const self = this.#state.agentId();
    const found = cache ? cache.guard(() => cache.queries.customer360(id, self)) : (this.#state.requireHubReads(), null);
    if (found) return found;
    try {
      return await this.#state.fromHub(() => hubCustomer(this.#state.session, id), true);
    } catch (error) {
      if (error instanceof LoketError && error.code === 'hub.refused' && error.params.status === 404) throw new LoketError('customer.notFound', {});
      throw error;
    }
  }

  /** A customer's 360 from the cache alone (null when not held): synchronous, for the screen pop's push. */
  cached(id: string): Customer360 | null {
    const cache = this.#state.cache;
    return cache ? cache.guard(() => cache.queries.customer360(id, this.#state.agentId())) : null;
  }

  /**
   * How many of a customer's orders the hub's record counts beyond those this cache holds (they
   * are older than its retention): the orders panel says so instead of "no orders yet".
   */
  ordersNotHeld(customerId: string): number {
    const cache = this.#state.cache;
    if (!cache) return 0;
    const { recorded, held } = cache.guard(() => cache.queries.facts.orderCounts(customerId));
    return recorded === null ? 0 : Math.max(0, recorded - held);
  }

  recent(): RecentCustomersResponse {
    const cache = this.#state.cache;
    return { customers: cache ? cache.guard(() => cache.queries.recentCustomers(20)) : [] };
  }

  opened(id: string): { ok: boolean } {
    const cache = this.#state.cache;
    if (!cache) return { ok: false };
    cache.guard(() => cache.queries.markOpened(id, Date.now()));
    return { ok: true };
  }

  // ---- the caller of a ringing call ----
  /** Customers whose phone is this E.164 number (the screen pop's question); empty without a cache. */
  byPhone(e164: string): CustomerHit[] {
    const cache = this.#state.cache;
    return cache ? cache.guard(() => cache.queries.byPhone(e164, 5)) : [];
  }

  /**
   * The screen pop's question asked of the hub, when the cache has no customer with the number:
   * a customer made at the hub minutes ago, a first sync still running, a console that caches no
   * customers (overflow agents; a machine without a key store). Rejects with `hub.unreachable`
   * when the hub cannot be asked; null when signed out. A hit the cache lacks means the cache is
   * behind: a sync is started so it catches up (and caller id re-checks when it lands).
   */
  async lookupCallerOnline(e164: string): Promise<CustomerHit[] | null> {
    const agent = this.#state.session.agent();
    if (!agent) return null;
    const hits = await this.#state.fromHub(() => hubSearch(this.#state.session, e164, 5, agent.officeCountry, false), true);
    if (hits.length > 0 && this.#state.cache) void this.#state.syncer?.syncNow();
    return hits;
  }
}
