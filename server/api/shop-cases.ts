import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { IngestEvent } from '../../common/hub/api.ts';
import type { Queryable } from '../db/database.ts';
import { EventBus } from '../events/bus.ts';

// What web-shop events do to callbacks and carts: a callback request from the shop's contact
// widget, the customer's contact consent, and carts the shop names (`cartRef`) that an order or
// a recovery closes, so they leave the follow-up list (cart-routes.ts).

type CartEvent = Extract<IngestEvent, { type: 'cart.abandoned' | 'cart.recovered' }>;
type CallbackRequest = Extract<IngestEvent, { type: 'callback.requested' }>;

/** The customer said yes or no to being called by the shop; an event without the field changes nothing. */
export async function applyContactConsent(tx: Queryable, customerId: string, consent: boolean | undefined): Promise<void> {
  if (consent === undefined) return;
  await tx.query(
    `update customer set contact_consent = $2, updated_at = now(), change_seq = nextval('change_seq') where id = $1 and contact_consent <> $2`,
    [customerId, consent],
  );
}

/** Marks carts recovered and tells every staff console (the follow-up list drops them). */
async function recover(tx: Queryable, customerId: string, where: string, params: readonly unknown[], orderId: string | null): Promise<number> {
  const carts = await tx.query<{ id: string }>(
    `update cart set status = 'recovered', recovered_order_id = coalesce($2, recovered_order_id), change_seq = nextval('change_seq')
      where customer_id = $1 and status = 'abandoned' and ${where} returning id`,
    [customerId, orderId, ...params],
  );
  for (const cart of carts) await EventBus.append(tx, 'cart.recovered', { cartId: cart.id, customerId }, null, cart.id);
  return carts.length;
}

/**
 * An order recovers the cart it was placed from (`cartRef`); without a ref, every cart the
 * customer abandoned before it.
 */
export async function recoverCartsByOrder(tx: Queryable, customerId: string, orderId: string, placedAt: string, cartRef: string | undefined): Promise<void> {
  if (cartRef !== undefined) await recover(tx, customerId, 'ref = $3', [cartRef], orderId);
  else await recover(tx, customerId, 'occurred_at <= $3', [placedAt], orderId);
}

export async function ingestCart(tx: Queryable, customerId: string, event: CartEvent): Promise<void> {
  const values = [customerId, event.valueCents, event.currency.toUpperCase(), event.occurredAt, event.cartRef ?? null];
  if (event.type === 'cart.abandoned' && event.cartRef !== undefined) {
    // The shop tells of the same cart again (its value changed): one cart, one row to follow up.
    const [same] = await tx.query(
      `update cart set value_cents = $2, currency = $3, occurred_at = $4, change_seq = nextval('change_seq')
        where customer_id = $1 and ref = $5 and status = 'abandoned' returning id`,
      values,
    );
    if (same) return;
  }
  if (event.type === 'cart.recovered') {
    const recovered = await recover(tx, customerId, event.cartRef !== undefined ? 'ref = $3' : 'occurred_at <= $3', [event.cartRef ?? event.occurredAt], null);
    if (recovered > 0 && event.cartRef !== undefined) return;
  }
  await tx.query('insert into cart (id, customer_id, status, value_cents, currency, occurred_at, ref, external_id) values ($1, $2, $3, $4, $5, $6, $7, $8)', [
    uuidv7(),
    customerId,
    event.type.slice('cart.'.length),
    event.valueCents,
    event.currency.toUpperCase(),
    event.occurredAt,
    event.cartRef ?? null,
    event.externalId,
  ]);
}

/** "Call me back" from the shop: an unassigned callback, due at the window's start, for whoever takes it. */
export async function ingestCallbackRequest(tx: Queryable, customerId: string, event: CallbackRequest): Promise<void> {
  const id = uuidv7();
  const [customer] = await tx.query<{ language: string }>('select language from customer where id = $1', [customerId]);
  await tx.query(
    `insert into callback (id, customer_id, created_by, assigned_to, due_at, status, phone, source, window_start, window_end, language, request_hash, external_id)
     values ($1, $2, null, null, $3, 'open', $4, 'web_shop', $3, $5, $6, $7, $8)`,
    [id, customerId, event.windowStart, event.phone, event.windowEnd, event.language ?? customer?.language ?? null, ingestRequestHash(event.externalId), event.externalId],
  );
  await EventBus.append(tx, 'callback.created', { callbackId: id, customerId, dueAt: event.windowStart, source: 'web_shop' }, null, id);
}

/** A shop-made row's request hash: like a console's (64 hex digits), from the event's external id, the shop's idempotency key. */
function ingestRequestHash(externalId: string): string {
  return createHash('sha256').update(`ingest:${externalId}`).digest('hex');
}
