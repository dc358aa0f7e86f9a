import { z } from 'zod';
import { CartFollowUpList, CartOutcome } from '../../../common/hub/cases.ts';
import { Id } from '../../../common/hub/api.ts';
import { STAFF } from '../../../common/hub/roles.ts';
import { write } from '../../db/writes.ts';
import { EventBus } from '../../events/bus.ts';
import { HubError } from '../errors.ts';
import { requestHash } from '../object-writes.ts';
import { callerOf, route } from '../route.ts';

// Cart follow-ups: the outbound call list of abandoned carts (staff only: overflow agents open
// customers one by one and may not browse a list of them) and the outcome of each call.

/** A cart is worth a call once the customer had two days to come back by themselves. */
const FOLLOW_UP_AFTER_HOURS = 48;
const LIST_MAX = 200;

const FollowUpAnswer = z.object({ id: Id, cartId: Id, outcome: CartOutcome.shape.outcome, note: z.string().nullable(), at: z.string() });

export const cartRoutes = [
  route({
    method: 'GET',
    url: '/cart-followups',
    summary: `Carts to call about: abandoned more than ${FOLLOW_UP_AFTER_HOURS} h ago, not recovered, the customer gave contact consent, not yet recovered or declined on a call; highest value first (max ${LIST_MAX})`,
    access: STAFF,
    schema: { response: CartFollowUpList },
    handler: async (_request, hub) => {
      const rows = await hub.db.query<{
        cart_id: string; customer_id: string; customer_name: string; phone: string | null; language: string;
        value_cents: string | number; currency: string; abandoned_at: Date; attempts: string | number; last_outcome: 'recovered' | 'not_interested' | 'no_answer' | null;
      }>(
        `select c.id as cart_id, c.customer_id, cu.name as customer_name, cu.language, c.value_cents, c.currency, c.occurred_at as abandoned_at,
            (select p.e164 from customer_phone p where p.customer_id = c.customer_id order by p.e164 limit 1) as phone,
            (select count(*) from cart_followup f where f.cart_id = c.id) as attempts,
            (select f.outcome from cart_followup f where f.cart_id = c.id order by f.at desc, f.id desc limit 1) as last_outcome
          from cart c join customer cu on cu.id = c.customer_id
         where c.status = 'abandoned' and c.recovered_order_id is null and c.occurred_at < $1::timestamptz - make_interval(hours => $2)
           and cu.contact_consent
           and not exists (select 1 from cart_followup f where f.cart_id = c.id and f.outcome in ('recovered', 'not_interested'))
         order by c.value_cents desc, c.occurred_at, c.id limit $3`,
        [hub.now(), FOLLOW_UP_AFTER_HOURS, LIST_MAX],
      );
      return {
        carts: rows.map((row) => ({
          cartId: row.cart_id, customerId: row.customer_id, customerName: row.customer_name, phone: row.phone, language: row.language,
          valueCents: Number(row.value_cents), currency: row.currency, abandonedAt: row.abandoned_at.toISOString(),
          attempts: Number(row.attempts), lastOutcome: row.last_outcome,
        })),
      };
    },
  }),
  route({
    method: 'POST',
    url: '/cart-followups/:cartId/outcome',
    summary: 'How a call about an abandoned cart went (client-made id, idempotent): recovered or not interested takes it off the list, no answer keeps it',
    access: STAFF,
    schema: { params: z.strictObject({ cartId: Id }), body: CartOutcome, response: FollowUpAnswer },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { cartId } = request.params;
      const b = request.body;
      const hash = requestHash({ cartId, ...b });
      const row = await write(hub.db, hub.bus, async (tx) => {
        const [cart] = await tx.query<{ customer_id: string }>('select customer_id from cart where id = $1', [cartId]);
        if (!cart) throw new HubError(404, 'not.found', { what: 'cart' });
        const [inserted] = await tx.query<{ id: string; cart_id: string; outcome: 'recovered' | 'not_interested' | 'no_answer'; note: string | null; at: Date }>(
          `insert into cart_followup (id, cart_id, agent_id, outcome, note, at, request_hash) values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (id) do nothing returning id, cart_id, outcome, note, at`,
          [b.id, cartId, caller.agentId, b.outcome, b.note?.trim() || null, hub.now(), hash],
        );
        if (inserted) {
          await EventBus.append(tx, 'cart.followedUp', { cartId, customerId: cart.customer_id, outcome: b.outcome }, null, cartId);
          return inserted;
        }
        const [existing] = await tx.query<{ id: string; cart_id: string; outcome: 'recovered' | 'not_interested' | 'no_answer'; note: string | null; at: Date; request_hash: string }>(
          'select id, cart_id, outcome, note, at, request_hash from cart_followup where id = $1',
          [b.id],
        );
        if (!existing || existing.request_hash !== hash) throw new HubError(422, 'idempotency.conflict', { id: b.id });
        return existing;
      });
      return { id: row.id, cartId: row.cart_id, outcome: row.outcome, note: row.note, at: row.at.toISOString() };
    },
  }),
];
