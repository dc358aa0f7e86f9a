import { useCallback, useEffect, useRef, useState } from 'react';
import { drop } from '../../../common/assert.ts';
import type { OrderDetail } from '../../../common/contract/data.ts';
import { useClient } from '../../app/client-context.ts';

/** How many orders the panel lists (newest first). */
export const ORDERS_LIMIT = 50;
/** Sync applies changes in bursts: one reload per burst. */
const RELOAD_COALESCE_MS = 200;

export interface OrdersData {
  readonly phase: 'loading' | 'ready' | 'error';
  readonly orders: readonly OrderDetail[];
  /** Orders the customer's record counts that are older than the history this console keeps. */
  readonly notHeld: number;
  readonly error: unknown;
}

const INITIAL: OrdersData = { phase: 'loading', orders: [], notHeld: 0, error: null };

/**
 * A customer's orders with their status progression, reloaded when main says this customer's
 * data changed (a shipment synced in, a return). A reload that fails keeps the orders shown.
 */
export function useOrders(customerId: string) {
  const client = useClient();
  const [data, setData] = useState<OrdersData>(INITIAL);
  const generation = useRef(0);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const { orders, notHeld } = await client.request('customers.orders', { customerId, limit: ORDERS_LIMIT });
      if (mine === generation.current) setData({ phase: 'ready', orders, notHeld, error: null });
    } catch (error) {
      if (mine === generation.current) setData((before) => ({ ...before, phase: before.orders.length > 0 ? 'ready' : 'error', error }));
    }
  }, [client, customerId]);

  useEffect(() => {
    setData(INITIAL);
    drop(load());
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = client.on('customers.changed', (change) => {
      if (!change.all && !change.ids.includes(customerId)) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        drop(load());
      }, RELOAD_COALESCE_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
      generation.current += 1;
    };
  }, [client, customerId, load]);

  return { data, reload: () => drop(load()) };
}
