import { EventBus } from './events/bus.ts';
import { write } from './db/writes.ts';
import type { HubContext } from './api/route.ts';

/**
 * Announces callbacks as they fall due (`callback.due`, to the agent they belong to; an unassigned
 * one, such as a web-shop request, to all staff), once each; a retry after no answer is announced again.
 * Every hub instance may run it: the update claims each callback, so no two announce it.
 */
export async function announceDueCallbacks(hub: HubContext): Promise<number> {
  return write(hub.db, hub.bus, async (tx) => {
    const due = await tx.query<{ id: string; customer_id: string; assigned_to: string | null; due_at: Date; phone: string }>(
      `update callback set due_notified_at = now() where status = 'open' and due_notified_at is null and due_at <= $1
       returning id, customer_id, assigned_to, due_at, phone`,
      [hub.now()],
    );
    for (const callback of due) {
      await EventBus.append(
        tx,
        'callback.due',
        { callbackId: callback.id, customerId: callback.customer_id, dueAt: callback.due_at.toISOString(), phone: callback.phone },
        callback.assigned_to,
        callback.id,
      );
    }
    return due.length;
  });
}

export function startDueCallbackTimer(hub: HubContext, everyMs = 15_000): () => void {
  const timer = setInterval(() => {
    announceDueCallbacks(hub).catch((error: unknown) => console.error('[hub] due callbacks', error));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
