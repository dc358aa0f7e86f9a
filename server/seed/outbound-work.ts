// The demo's outbound work beyond the agents' own callbacks: contact consent for most
// customers, carts worth a follow-up call (and some that must not show: too young, no consent),
// old carts settled (recovered by a later order, or followed up already), callbacks in every
// state for the demo agent, and "call me back" requests from the web shop. Runs after the
// population and the cases (demo.ts), in one transaction.
import { DEMO_AGENT_EMAIL } from '../../common/hub/demo.ts';
import type { Queryable } from '../db/database.ts';
import { uuidAt } from './ids.ts';
import { Random } from './random.ts';
import { SEED_REQUEST_HASH } from './tables.ts';
import { DAY, HOUR, MINUTE } from './time.ts';

/** Fresh abandoned carts to call about, too-young ones and ones of customers without consent. */
const FOLLOW_UPS = 14;
const TOO_YOUNG = 3;
const NO_CONSENT = 3;
/** Older carts than this are settled: a call about them would come too late. */
const SETTLED_AFTER_DAYS = 14;

export interface OutboundSummary {
  readonly followUpCarts: number;
  readonly webShopCallbacks: number;
}

export async function seedOutboundWork(tx: Queryable, seed: number, now: Date): Promise<OutboundSummary> {
  const rng = Random.for(seed, 'outbound');
  const at = now.getTime();
  // Seven in eight customers said yes to being called (by a hash of the id: the same each run).
  await tx.query(`update customer set contact_consent = get_byte(decode(md5(id::text), 'hex'), 0) % 8 <> 0`);

  // Old carts: recovered when an order followed, otherwise someone already called.
  await tx.query(
    `update cart c set status = 'recovered',
            recovered_order_id = (select o.id from shop_order o where o.customer_id = c.customer_id and o.placed_at >= c.occurred_at order by o.placed_at limit 1)
      where c.status = 'abandoned' and exists (select 1 from shop_order o where o.customer_id = c.customer_id and o.placed_at >= c.occurred_at)`,
  );
  await tx.query(
    `insert into cart_followup (id, cart_id, agent_id, outcome, note, at, request_hash)
     select md5('followup' || c.id::text)::uuid, c.id,
            coalesce((select a.id from agent a join customer cu on cu.office_id = a.office_id where cu.id = c.customer_id and a.role = 'first_line' order by a.id limit 1),
                     (select a.id from agent a where a.role = 'first_line' order by a.id limit 1)),
            case when get_byte(decode(md5(c.id::text), 'hex'), 1) % 3 = 0 then 'recovered' else 'not_interested' end, null, c.occurred_at + interval '3 days', $2
       from cart c where c.status = 'abandoned' and c.occurred_at < $1::timestamptz - make_interval(days => $3)`,
    [now, SEED_REQUEST_HASH, SETTLED_AFTER_DAYS],
  );

  // Fresh carts, each of another customer who has a phone: consenting ones older than 48 h (the
  // list), consenting ones younger (not yet), and ones whose customer said no.
  const customers = await tx.query<{ id: string; consent: boolean }>(
    `select c.id, c.contact_consent as consent from customer c where exists (select 1 from customer_phone p where p.customer_id = c.id)
      order by md5(c.id::text) limit 200`,
  );
  const consenting = customers.filter((c) => c.consent);
  const refusing = customers.filter((c) => !c.consent);
  const carts: { customerId: string; ageMs: number }[] = [
    ...consenting.slice(0, FOLLOW_UPS).map((c, i) => ({ customerId: c.id, ageMs: 50 * HOUR + i * 9 * HOUR })),
    ...consenting.slice(FOLLOW_UPS, FOLLOW_UPS + TOO_YOUNG).map((c, i) => ({ customerId: c.id, ageMs: 5 * HOUR + i * 10 * HOUR })),
    ...refusing.slice(0, NO_CONSENT).map((c, i) => ({ customerId: c.id, ageMs: 3 * DAY + i * HOUR })),
  ];
  for (const [i, cart] of carts.entries()) {
    const occurredAt = at - cart.ageMs;
    await tx.query(
      `insert into cart (id, customer_id, status, value_cents, currency, occurred_at, ref)
       values ($1, $2, 'abandoned', $3, 'EUR', $4, $5)`,
      [uuidAt(rng, occurredAt), cart.customerId, rng.int(12, 240) * 100 - rng.pick([1, 5]), new Date(occurredAt), `demo-cart-${i + 1}`],
    );
  }

  // Callbacks already done carry how they went.
  await tx.query(`update callback set outcome = 'reached', attempts = 1, completed_at = due_at, completed_by = coalesce(assigned_to, created_by) where status = 'done' and outcome is null`);

  // The demo agent's day: one due in ten minutes, one overdue, one reached an hour ago.
  const [demo] = await tx.query<{ id: string }>('select id from agent where email = $1', [DEMO_AGENT_EMAIL]);
  const callees = consenting.slice(FOLLOW_UPS + TOO_YOUNG, FOLLOW_UPS + TOO_YOUNG + 5);
  const insertCallback = async (customerId: string, values: { dueAt: number; status: string; agent: string | null; source: string; window?: [number, number]; outcome?: string; note: string | null }) => {
    await tx.query(
      `insert into callback (id, customer_id, created_by, assigned_to, due_at, status, phone, note, request_hash, created_at, source, window_start, window_end,
                             language, outcome, attempts, completed_at, completed_by, due_notified_at)
       select $1, c.id, $3, $3, $4, $5, (select p.e164 from customer_phone p where p.customer_id = c.id order by p.e164 limit 1), $6, $7, $8, $9, $10, $11,
              case when $9 = 'web_shop' then c.language end, $12, case when $12::text is null then 0 else 1 end,
              case when $5 = 'done' then $4::timestamptz end, case when $5 = 'done' then $3::uuid end, case when $4::timestamptz <= $8::timestamptz then $8::timestamptz end
         from customer c where c.id = $2`,
      [
        uuidAt(rng, at - HOUR), customerId, values.agent, new Date(values.dueAt), values.status, values.note, SEED_REQUEST_HASH, new Date(at - 2 * HOUR), values.source,
        values.window ? new Date(values.window[0]) : null, values.window ? new Date(values.window[1]) : null, values.outcome ?? null,
      ],
    );
  };
  const [soon, late, reached, shopSoon, shopLate] = callees;
  if (demo && soon && late && reached) {
    await insertCallback(soon.id, { dueAt: at + 10 * MINUTE, status: 'open', agent: demo.id, source: 'agent', note: 'Asked to be called about the delivery date.' });
    await insertCallback(late.id, { dueAt: at - 2 * HOUR, status: 'open', agent: demo.id, source: 'agent', note: 'Refund not yet on the statement.' });
    await insertCallback(reached.id, { dueAt: at - HOUR, status: 'done', agent: demo.id, source: 'agent', outcome: 'reached', note: 'Explained the return label.' });
  }
  // "Call me back" from the shop's widget: unassigned, for whoever takes it; one window still ahead, one missed.
  let webShop = 0;
  for (const [customer, window] of [[shopSoon, [at + 30 * MINUTE, at + 90 * MINUTE]], [shopLate, [at - 3 * HOUR, at - HOUR]]] as const) {
    if (!customer) continue;
    await insertCallback(customer.id, { dueAt: window[0], status: 'open', agent: null, source: 'web_shop', window: [window[0], window[1]], note: null });
    webShop++;
  }
  return { followUpCarts: Math.min(FOLLOW_UPS, consenting.length), webShopCallbacks: webShop };
}
