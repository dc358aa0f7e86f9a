import type { OrderDetail, ReasonOption, TimelineEntry, TimelinePage, WrapUpContext } from '../../common/contract/data.ts';
import type { TimelineQuery } from '../cache/queries.ts';
import { HUB_CURSOR, hubCursorAfter, hubReasons, hubTimeline, matchesTimelineQuery, ordersFromTimeline } from '../sync/hub-reads.ts';
import type { DataState } from './data-state.ts';

/**
 * A customer's history and what the wrap-up reads: the timeline, the orders, the contact reasons
 * and the recent contacts. The cache first; the hub for older history and customers not held.
 */
export class HistoryReads {
  readonly #state: DataState;

  constructor(state: DataState) {
    this.#state = state;
  }

  /**
   * The cache's pages first; when they run out, the cursor moves on to the hub (older history
   * than the retention, or customers the cache does not hold).
   */
  async timeline(customerId: string, before: string | undefined, limit: number, query: TimelineQuery = {}): Promise<TimelinePage> {
    // The hub's timeline has no filters: its pages are filtered here (a page may then hold fewer
    // items than asked; the cursor still moves on, so paging stays complete).
    const fromHub = async (cursor: string) => {
      const page = await this.#state.fromHub(() => hubTimeline(this.#state.session, customerId, cursor, limit), true);
      return { items: page.items.filter((item: TimelineEntry) => matchesTimelineQuery(item, query)), nextBefore: page.nextBefore };
    };
    if (before?.startsWith(HUB_CURSOR)) return fromHub(before.slice(HUB_CURSOR.length));
    const cache = this.#state.cache;
    if (!cache) {
      this.#state.requireHubReads();
      return fromHub('');
    }
    const page = cache.guard(() => cache.queries.timeline(customerId, before, limit, query));
    if (page.nextBefore) return page;
    const last = page.items[page.items.length - 1];
    // Older history than the cache keeps continues at the hub, after the last item shown.
    if (last) return { items: page.items, nextBefore: hubCursorAfter(last) };
    if (before) return page;
    // A filter that matches nothing here: the customer is held here, so the answer is "none".
    // (History older than the cache's retention is then not searched; unfiltered paging reaches it.)
    if (cache.guard(() => cache.queries.timeline(customerId, undefined, 1).items.length > 0)) return page;
    // Nothing here at all: a customer this console does not hold.
    return fromHub('');
  }

  /** A customer's orders with their status progression (from the cache; the hub's timeline without one). */
  async orders(customerId: string, limit: number): Promise<OrderDetail[]> {
    const cache = this.#state.cache;
    if (cache) {
      const orders = cache.guard(() => cache.queries.orders(customerId, limit));
      if (orders.length > 0 || cache.guard(() => cache.queries.customer360(customerId)) !== null) return orders;
    } else {
      this.#state.requireHubReads();
    }
    const page = await this.#state.fromHub(() => hubTimeline(this.#state.session, customerId, '', 200), true);
    return ordersFromTimeline(page.items).slice(0, limit);
  }

  /** Contact reasons for the wrap-up, this agent's most used first. */
  async reasons(): Promise<ReasonOption[]> {
    const cache = this.#state.cache;
    if (cache) {
      const reasons = cache.guard(() => cache.queries.reasons(this.#state.agentId(), Date.now()));
      if (reasons.length > 0) return reasons;
    } else {
      this.#state.requireHubReads();
    }
    return this.#state.fromHub(() => hubReasons(this.#state.session), !cache);
  }

  wrapUpContext(customerId: string, interactionId: string | undefined): WrapUpContext {
    const cache = this.#state.cache;
    return cache ? cache.guard(() => cache.queries.wrapUpContext(customerId, interactionId, Date.now())) : { recentContacts: [] };
  }
}
