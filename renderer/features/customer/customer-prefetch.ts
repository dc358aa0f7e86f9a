import { create } from 'zustand';
import type { Customer360 } from '../../../common/contract/data.ts';
import type { LoketClient } from '../../bridge/index.ts';

/** A prefetched 360 is used only this soon after it was asked for (the screen pop's moment). */
const FRESH_MS = 5_000;

interface Prefetch {
  readonly customerId: string;
  readonly at: number;
  readonly request: Promise<Customer360>;
}

interface PrefetchState {
  /** The answer, once here: the customer screen renders it the moment it arrives. */
  readonly arrived: { readonly customerId: string; readonly view: Customer360; readonly at: number } | null;
}

let current: Prefetch | null = null;

/** The prefetched 360 as a store, so the screen that waits for it re-renders as soon as main answers. */
export const usePrefetchStore = create<PrefetchState>()(() => ({ arrived: null }));

/**
 * Asks main for a customer's 360 the moment a call says who is calling — before React has even
 * rendered the ringing call. The customer screen that opens for it takes this answer instead of
 * asking again after its first paint: the header is then on screen a frame or two sooner.
 */
export function prefetchCustomer(client: LoketClient, customerId: string): void {
  if (current?.customerId === customerId && Date.now() - current.at < FRESH_MS) return;
  // Main pushed it already (a ringing call from a known number): nothing to ask.
  if (prefetchedView(usePrefetchStore.getState().arrived, customerId)) return;
  const prefetch: Prefetch = { customerId, at: Date.now(), request: client.request('customers.get', { id: customerId }) };
  prefetch.request.then(
    (view) => {
      performance.mark('loket:prefetched');
      if (current === prefetch) usePrefetchStore.setState({ arrived: { customerId, view, at: prefetch.at } });
    },
    () => {
      if (current === prefetch) current = null;
    },
  );
  current = prefetch;
}

/** Main pushed the caller's 360 with the ringing call (`customers.preview`): kept like a prefetch's answer. */
export function receivePreview(view: Customer360): void {
  performance.mark('loket:prefetched');
  usePrefetchStore.setState({ arrived: { customerId: view.customer.id, view, at: Date.now() } });
}

/** The prefetched 360 if it is already here and fresh (for a screen's render). */
export function prefetchedView(arrived: PrefetchState['arrived'], customerId: string): Customer360 | null {
  return arrived && arrived.customerId === customerId && Date.now() - arrived.at < FRESH_MS ? arrived.view : null;
}

/** The fresh prefetch request for this customer, if any (taken once: later loads ask main again). */
export function takePrefetched(customerId: string): Promise<Customer360> | null {
  const prefetch = current;
  if (!prefetch || prefetch.customerId !== customerId || Date.now() - prefetch.at >= FRESH_MS) return null;
  current = null;
  return prefetch.request;
}
