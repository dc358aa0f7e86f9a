import { z } from 'zod';
import { IngestRequest, IngestResponse, SyncQuery, SyncResponse, type IngestEvent } from '../../../common/hub/api.ts';
import { ROLES } from '../../../common/hub/roles.ts';
import { toE164 } from '../../../common/phone.ts';
import { v7 as uuidv7 } from 'uuid';
import type { Queryable } from '../../db/database.ts';
import { write } from '../../db/writes.ts';
import { EVERYONE, EventBus } from '../../events/bus.ts';
import type { Caller } from '../auth.ts';
import { HubError } from '../errors.ts';
import { eventPayloadFor } from '../escalation-redaction.ts';
import { syncSnapshotRoutes } from '../sync-snapshot.ts';
import { HEAD_QUERY, OVERFLOW_OWN_AGENT, OVERFLOW_SYNCED, SYNCED, onlyRows, rowJson, wallParams } from '../sync-tables.ts';
import { applyContactConsent, ingestCallbackRequest, ingestCart, recoverCartsByOrder } from '../shop-cases.ts';
import { callerOf, route } from '../route.ts';

/** Parameters of the escalation wall in the page query: from $5 on (after since, limit, me, lead). */
const WALL_FROM = 5;

/**
 * One page of `GET /sync`, in one statement (so both passes read the same snapshot):
 * 1. `page`: the page's last sequence value `hi` — the `limit`-th smallest one after `since` over
 *    every table and event the caller may see, read from the `change_seq` indexes alone.
 * 2. The rows and events in `(since, hi]`: only these are built as JSON. Each part is still
 *    ordered and limited, so the planner merges the parts lazily instead of sorting wide rows.
 * $1 = since, $2 = limit, $3 = the caller's agent id, $4 = the caller sees every event (leads),
 * then the escalation wall's parameters (staff).
 */
function pageQuery(caller: Caller): string {
  const overflow = caller.role === 'overflow';
  const tables = Object.entries(SYNCED).filter(([table]) => !overflow || OVERFLOW_SYNCED.has(table));
  const only = (table: string) => onlyRows(caller, table, WALL_FROM);
  // Events: for all staff (null audience), for every agent (EVERYONE), or for the caller.
  const events = overflow ? `e.audience in ($3, '${EVERYONE}')` : `(e.audience is null or e.audience in ($3, '${EVERYONE}') or $4)`;
  const bounds = tables.map(([table]) => `(select t.change_seq as seq from ${table} t where t.change_seq > $1${only(table)} order by t.change_seq limit $2)`);
  if (overflow) bounds.push('(select t.change_seq from agent t where t.id = $3 and t.change_seq > $1)');
  bounds.push(`(select e.seq from change_log e where e.seq > $1 and ${events} order by e.seq limit $2)`);
  const inPage = (seq: string) => `${seq} > $1 and ${seq} <= (select hi from page)`;
  const rows = tables.map(
    ([table]) =>
      `(select t.change_seq as seq, '${table}' as entity, ${rowJson(caller, table, WALL_FROM)} as row from ${table} t where ${inPage('t.change_seq')}${only(table)} order by t.change_seq limit $2)`,
  );
  if (overflow) rows.push(`(select t.change_seq, 'agent', ${OVERFLOW_OWN_AGENT} from agent t where t.id = $3 and ${inPage('t.change_seq')})`);
  rows.push(`(select e.seq, 'event', jsonb_build_object('kind', e.kind, 'at', e.at, 'payload', e.payload, 'audience', e.audience) from change_log e
    where ${inPage('e.seq')} and ${events} order by e.seq limit $2)`);
  return `with page as (select max(seq) as hi from (select seq from (${bounds.join(' union all ')}) s order by seq limit $2) s)
    select * from (${rows.join(' union all ')}) x order by seq limit $2`;
}
/** The page query per role (the wall's SQL depends on the role, not on the agent). */
const PAGE_QUERIES = new Map<string, string>();
function pageQueryOf(caller: Caller): string {
  let query = PAGE_QUERIES.get(caller.role);
  if (query === undefined) PAGE_QUERIES.set(caller.role, (query = pageQuery(caller)));
  return query;
}

export const syncRoutes = [
  ...syncSnapshotRoutes,
  route({
    method: 'GET',
    url: '/sync',
    summary:
      'Delta sync: every row change and event after `since`, in sequence order, paged (`next` is the next `since`; `head` is the newest sequence value, for progress); escalations the caller may not see by the escalation wall come redacted (`redacted: true`), their replies not at all',
    access: [...ROLES],
    schema: { querystring: SyncQuery, response: SyncResponse },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { since, limit } = request.query;
      const overflow = caller.role === 'overflow';
      const rows = await hub.db.query<{ seq: number; entity: string; row: Record<string, unknown> }>(
        pageQueryOf(caller),
        overflow
          ? [since, limit, caller.agentId]
          : [since, limit, caller.agentId, caller.role === 'team_lead' || caller.role === 'admin', ...wallParams(caller, WALL_FROM)],
      );
      // Read after the page, so it is at least every seq the page holds.
      const [{ head } = { head: 0 }] = await hub.db.query<{ head: number }>(HEAD_QUERY);
      const last = rows[rows.length - 1];
      // An escalation event's text and outcome only for those who may see it (escalation-redaction.ts).
      const changes = rows.map((change) =>
        change.entity === 'event' ? { ...change, row: { ...change.row, payload: eventPayloadFor(caller, String(change.row.kind), change.row.payload as Record<string, unknown>) } } : change,
      );
      return { changes, next: last ? last.seq : since, more: rows.length === limit, head };
    },
  }),
  route({
    method: 'POST',
    url: '/ingest/events',
    summary: 'Web-shop events (orders, carts, reviews, NPS, callback requests), authenticated by the ingest key, deduplicated by external id',
    access: 'ingest',
    schema: { body: IngestRequest, response: IngestResponse },
    handler: async (request, hub) => {
      let accepted = 0;
      let duplicates = 0;
      for (const event of request.body.events) {
        const fresh = await write(hub.db, hub.bus, async (tx) => {
          const [receipt] = await tx.query('insert into ingest_receipt (external_id, kind) values ($1, $2) on conflict do nothing returning external_id', [
            event.externalId,
            event.type,
          ]);
          if (!receipt) return false;
          const customerId = await ingest(tx, event);
          // A live event, so open consoles sync the new order, status, cart or survey at once
          // rather than at their next periodic sync (staff only, like every customer event).
          await EventBus.append(tx, 'shop.event', { customerId, type: event.type }, null, customerId);
          return true;
        });
        if (fresh) accepted++;
        else duplicates++;
      }
      return { accepted, duplicates };
    },
  }),
];

/** Finds the shop's customer by e-mail, then phone; creates one when the shop knows someone new. */
async function resolveCustomer(tx: Queryable, event: IngestEvent): Promise<string> {
  const c = event.customer;
  const country = (c.country ?? 'NL').toUpperCase();
  const email = c.email?.toLowerCase();
  const phone = c.phone ? toE164(c.phone, country) : null;
  if (email) {
    const [row] = await tx.query<{ customer_id: string }>('select customer_id from customer_email where email = $1 limit 1', [email]);
    if (row) return row.customer_id;
  }
  if (phone) {
    const [row] = await tx.query<{ customer_id: string }>('select customer_id from customer_phone where e164 = $1 limit 1', [phone]);
    if (row) return row.customer_id;
  }
  if (!email && !phone) throw new HubError(400, 'request.invalid', { field: 'customer' });
  const id = uuidv7();
  await tx.query('insert into customer (id, name, language, country) values ($1, $2, $3, $4)', [
    id,
    c.name ?? email ?? phone ?? '?',
    c.language ?? 'en',
    country,
  ]);
  if (email) await tx.query('insert into customer_email (customer_id, email) values ($1, $2)', [id, email]);
  if (phone) await tx.query('insert into customer_phone (customer_id, e164) values ($1, $2)', [id, phone]);
  return id;
}

/** Stores one web-shop event; answers the customer it belongs to. */
async function ingest(tx: Queryable, event: IngestEvent): Promise<string> {
  // A callback request names the number to call: the customer's number when the shop sent none
  // (found by it after the e-mail; a new customer gets it).
  const customerId = await resolveCustomer(
    tx,
    event.type === 'callback.requested' && !event.customer.phone ? { ...event, customer: { ...event.customer, phone: event.phone } } : event,
  );
  await applyContactConsent(tx, customerId, event.customer.contactConsent);
  switch (event.type) {
    case 'order.placed': {
      const orderId = uuidv7();
      const number = event.order.number.toUpperCase();
      // Another event (another external id) placed an order under this number: the shop's data
      // disagrees with itself. The first order stands; the shop is told which number.
      const [taken] = await tx.query('select 1 from shop_order where number = $1', [number]);
      if (taken) throw new HubError(409, 'state.conflict', { what: 'order', number });
      await tx.query(
        `insert into shop_order (id, customer_id, number, currency, total_cents, status, placed_at, external_id)
         values ($1, $2, $3, $4, $5, 'placed', $6, $7)`,
        [orderId, customerId, number, event.order.currency.toUpperCase(), event.order.totalCents, event.occurredAt, event.externalId],
      );
      await tx.query(`insert into order_event (id, order_id, status, occurred_at, external_id) values ($1, $2, 'placed', $3, $4)`, [
        uuidv7(),
        orderId,
        event.occurredAt,
        `${event.externalId}#event`,
      ]);
      await recoverCartsByOrder(tx, customerId, orderId, event.occurredAt, event.cartRef);
      break;
    }
    case 'order.paid':
    case 'order.shipped':
    case 'order.delivered':
    case 'order.returned': {
      const status = event.type.slice('order.'.length);
      const [order] = await tx.query<{ id: string }>(
        `update shop_order set status = $2, change_seq = nextval('change_seq') where number = $1 returning id`,
        [event.orderNumber.toUpperCase(), status],
      );
      if (!order) throw new HubError(400, 'request.invalid', { field: 'orderNumber' });
      await tx.query('insert into order_event (id, order_id, status, occurred_at, tracking_ref, external_id) values ($1, $2, $3, $4, $5, $6)', [
        uuidv7(),
        order.id,
        status,
        event.occurredAt,
        event.trackingRef ?? null,
        event.externalId,
      ]);
      break;
    }
    case 'cart.abandoned':
    case 'cart.recovered':
      await ingestCart(tx, customerId, event);
      break;
    case 'callback.requested':
      await ingestCallbackRequest(tx, customerId, event);
      break;
    case 'review':
    case 'nps.answer':
      await tx.query('insert into feedback (id, customer_id, kind, score, comment, occurred_at, external_id) values ($1, $2, $3, $4, $5, $6, $7)', [
        uuidv7(),
        customerId,
        event.type === 'review' ? 'review' : 'nps',
        event.score,
        event.comment ?? null,
        event.occurredAt,
        event.externalId,
      ]);
      break;
  }
  return customerId;
}

export const IngestKeyHeader = z.string().min(16).max(200);
