import { z } from 'zod';
import { Customer360, Id, LookupQuery, LookupResponse, Str, TimelineQuery, TimelineResponse, type CustomerFacts, type CustomerHit, type LookupHit } from '../../../common/hub/api.ts';
import { ROLES, STAFF } from '../../../common/hub/roles.ts';
import { toE164 } from '../../../common/phone.ts';
import type { Queryable } from '../../db/database.ts';
import { assertMayOpen, grantCustomers } from '../customer-access.ts';
import { escalationJson, replyVisible } from '../escalation-redaction.ts';
import { HubError, forbidden, notFound } from '../errors.ts';
import { callerOf, route } from '../route.ts';

const HIT_LIMIT = 20;

const HIT_COLUMNS = `c.id, c.name, c.country, c.language,
  coalesce((select array_agg(p.e164 order by p.e164) from customer_phone p where p.customer_id = c.id), '{}') as phones,
  coalesce((select array_agg(e.email order by e.email) from customer_email e where e.customer_id = c.id), '{}') as emails`;
const HIT_SELECT = `select ${HIT_COLUMNS} from customer c`;

/**
 * What tells alike names apart in a hit list: the city of the address (a delivery or billing
 * address where the record keeps several), the last contact (the customer's kept fact, migration
 * 0005: notes are not contacts; the console's cache shows the same fact) and the open cases. Read
 * per hit (at most HIT_LIMIT + 1), each from its customer index.
 */
const LOOKUP_SELECT = `select ${HIT_COLUMNS},
  nullif(trim(coalesce(c.address->>'city', c.address->'delivery'->>'city', c.address->'billing'->>'city', '')), '') as city,
  (select f.last_contact_at from customer_fact f where f.customer_id = c.id) as last_contact_at,
  (select count(*) from escalation x where x.customer_id = c.id and x.status <> 'resolved')::int as open_escalations,
  (select count(*) from callback b where b.customer_id = c.id and b.status = 'open')::int as open_callbacks
  from customer c`;

/**
 * A name search matches the start of the name or of any later word: agents type the surname
 * ("Jansen" finds "Anne Jansen"). The second pattern cannot use the name index; a scan of the
 * customer names is what that costs, and it is bounded by HIT_LIMIT + 1 hits in name order.
 */
const NAME_MATCH = 'lower(c.name) like lower($1) or lower(c.name) like lower($2)';
/**
 * The typed name as LIKE patterns (start of the name, start of a later word). Its case is folded
 * by the database's lower(), as the names' is: a database made with LC_CTYPE=C folds A–Z only, and
 * a pattern lowered here ("álvarez") then never matched "Álvarez" there (found by the benchmark
 * on PostgreSQL). With a UTF-8 ctype (server/README.md) any case matches.
 */
function namePatterns(typed: string): [string, string] {
  const escaped = typed.replace(/[%_\\]/g, (ch) => `\\${ch}`);
  return [`${escaped}%`, `% ${escaped}%`];
}

interface LookupRow extends CustomerHit {
  city: string | null;
  last_contact_at: Date | null;
  open_escalations: number;
  open_callbacks: number;
}

/** The first HIT_LIMIT customers by name; one more is asked for to know whether there are more. */
async function hits(db: Queryable, where: string, params: readonly unknown[]): Promise<{ hits: LookupHit[]; more: boolean }> {
  // The match picks ids only; the details (phones, e-mails, city, last contact, open cases) are
  // read for the hits shown, not for every customer a common surname matches.
  const rows = await db.query<LookupRow>(
    `${LOOKUP_SELECT} where c.id in (select c.id from customer c where (${where}) order by c.name, c.id limit ${HIT_LIMIT + 1}) order by c.name, c.id`,
    params,
  );
  return {
    hits: rows.slice(0, HIT_LIMIT).map((row) => ({
      id: row.id,
      name: row.name,
      country: row.country.trim(),
      language: row.language,
      phones: row.phones,
      emails: row.emails,
      city: row.city,
      lastContactAt: row.last_contact_at ? row.last_contact_at.toISOString() : null,
      openEscalations: Number(row.open_escalations),
      openCallbacks: Number(row.open_callbacks),
    })),
    more: rows.length > HIT_LIMIT,
  };
}

export const customerRoutes = [
  route({
    method: 'GET',
    url: '/customers/lookup',
    summary: 'Find customers by exact phone (any format), e-mail or order number; by name for staff only. An overflow agent may open what it found for its shift',
    access: [...ROLES],
    schema: { querystring: LookupQuery, response: LookupResponse },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const query = request.query;
      let found: { hits: LookupHit[]; more: boolean };
      if (query.phone !== undefined) {
        const e164 = toE164(query.phone, caller.officeCountry);
        if (!e164) throw new HubError(400, 'lookup.invalidPhone', { phone: query.phone });
        found = await hits(hub.db, 'c.id in (select customer_id from customer_phone where e164 = $1)', [e164]);
      } else if (query.email !== undefined) {
        found = await hits(hub.db, 'c.id in (select customer_id from customer_email where email = $1)', [query.email.toLowerCase()]);
      } else if (query.order !== undefined) {
        found = await hits(hub.db, 'c.id in (select customer_id from shop_order where number = $1)', [query.order.toUpperCase()]);
      } else {
        // Overflow agents look customers up, they do not browse them.
        if (caller.role === 'overflow') throw forbidden('overflow.exactLookupOnly');
        found = await hits(hub.db, NAME_MATCH, namePatterns(query.name ?? ''));
      }
      const ids = found.hits.map((hit) => hit.id);
      hub.audit.recordReads(caller.agentId, 'customer.lookup', ids);
      // An overflow agent may open what its own exact lookup found (the caller on the line), for its shift.
      await grantCustomers(hub.db, caller, ids, 'lookup', hub.now());
      return found;
    },
  }),
  route({
    method: 'GET',
    url: '/customers/:id',
    summary: 'Customer 360: profile, delivery and billing address, the record’s counters, last order and feedback, open escalations (`summary: null` for one the caller may not see by the escalation wall) and callbacks (overflow agents: a customer they were given, else 403 `customer.notGranted`)',
    access: [...ROLES],
    schema: { params: z.strictObject({ id: Id }), response: Customer360 },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const id = request.params.id;
      await assertMayOpen(hub.db, caller, id, hub.now());
      // One statement (each round trip costs more than the index reads it makes): the profile, its
      // kept facts (migration 0005), the open escalations — those the caller may not see by the
      // wall without summary (escalation-redaction.ts) — and the open callbacks.
      const escalation = escalationJson(caller, 2, 'e');
      const [customer] = await hub.db.query<
        CustomerHit & {
          segment: string;
          office_id: string | null;
          office_name: string | null;
          address: unknown;
          billing_address: unknown;
          facts: CustomerFacts;
          escalations: { id: string; queue: string; status: string; priority: string; summary: string | null; created_at: string }[];
          callbacks: { id: string; due_at: string; phone: string; note: string | null }[];
        }
      >(
        `select x.*, c.segment, c.office_id, o.name as office_name, c.address, c.billing_address, customer_facts_json(c.id) as facts,
           coalesce((select jsonb_agg(${escalation.sql} order by e.created_at desc) from escalation e where e.customer_id = $1 and e.status <> 'resolved'), '[]') as escalations,
           coalesce((select jsonb_agg(jsonb_build_object('id', b.id, 'due_at', b.due_at, 'phone', b.phone, 'note', b.note) order by b.due_at)
             from callback b where b.customer_id = $1 and b.status = 'open'), '[]') as callbacks
           from (${HIT_SELECT} where c.id = $1) x join customer c on c.id = x.id
           left join office o on o.id = c.office_id`,
        [id, ...escalation.params],
      );
      if (!customer) throw notFound('customer');
      const { escalations, callbacks } = customer;
      hub.audit.recordReads(caller.agentId, 'customer.read', [id]);
      // Counters, last order and feedback are the customer's kept facts (migration 0005).
      const facts = customer.facts;
      return {
        customer: {
          id: customer.id,
          name: customer.name,
          country: customer.country.trim(),
          language: customer.language,
          phones: customer.phones,
          emails: customer.emails,
          segment: customer.segment,
          officeId: customer.office_id,
          officeName: customer.office_name,
          address: customer.address,
          billingAddress: customer.billing_address,
        },
        counters: { orders: facts.orders, interactions: facts.interactions, lifetimeValue: facts.lifetimeValue, repeatBuyer: facts.repeatBuyer },
        lastNps: facts.lastNps,
        lastCsat: facts.lastCsat,
        openEscalations: escalations.map((e) => ({
          id: e.id,
          queue: e.queue,
          status: e.status,
          priority: e.priority,
          summary: e.summary,
          createdAt: new Date(e.created_at).toISOString(),
        })),
        openCallbacks: callbacks.map((c) => ({ id: c.id, dueAt: new Date(c.due_at).toISOString(), phone: c.phone, note: c.note })),
        lastOrder: facts.lastOrder,
      };
    },
  }),
  route({
    method: 'GET',
    url: '/customers/:id/timeline',
    summary: 'Unified timeline, newest first, paged by time (`before` = the previous page’s nextBefore); one item per order, placed at its order time, with its steps (`steps`: status, at, trackingRef) inside; replies to escalations the caller may not see are left out; 404 for no such customer (overflow agents: 403 unless given)',
    access: [...ROLES],
    schema: { params: z.strictObject({ id: Id }), querystring: TimelineQuery, response: TimelineResponse },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const { limit } = request.query;
      await assertMayOpen(hub.db, caller, id, hub.now());
      // The cursor is "time|id": items sharing a timestamp are neither skipped nor repeated.
      const cursor = request.query.before ? cursorParts(request.query.before) : [new Date('9999-01-01T00:00:00Z'), ''];
      if (!cursor) {
        // A missing customer answers 404 before a bad cursor is looked at.
        if ((await hub.db.query('select 1 from customer where id = $1', [id])).length === 0) throw notFound('customer');
        throw new HubError(400, 'request.invalid', { field: 'before' });
      }
      const [beforeAt, beforeId] = cursor;
      // Replies to escalations the caller may not see are left out (escalation-redaction.ts).
      const replies = replyVisible(caller, 5, 'i');
      const args = [id, beforeAt, beforeId, limit, ...replies.params];
      // Whether the customer exists comes in the same statement (no customer is not the same as a
      // customer with no history yet): one row with no item when there are none.
      const found = await hub.db.query<{ found: boolean; kind: string | null; id: string; at: Date; data: Record<string, unknown> }>(
        `select f.found, t.kind, t.id, t.at, t.data from (select exists (select 1 from customer where id = $1) as found) f left join lateral (select * from (
          (select 'interaction' as kind, i.id::text as id, i.started_at as at, jsonb_build_object('channel', i.channel, 'direction', i.direction,
              'reasons', i.reasons, 'outcome', i.outcome, 'note', i.note, 'agentId', i.agent_id, 'endedAt', i.ended_at,
              'transfers', i.transfers, 'orderId', i.order_id, 'firstContactFix', i.first_contact_fix, 'remoteNumber', i.remote_number) as data
            from interaction i where i.customer_id = $1 and (i.started_at, i.id::text) < ($2, $3) and ${replies.sql} order by i.started_at desc, i.id desc limit $4)
          union all
          (select 'order', o.id::text, o.placed_at, jsonb_build_object('number', o.number, 'status', o.status, 'currency', o.currency, 'totalCents', o.total_cents,
              'steps', coalesce((select jsonb_agg(jsonb_build_object('id', e.id, 'status', e.status, 'at', e.occurred_at, 'trackingRef', e.tracking_ref) order by e.occurred_at, e.id)
                from order_event e where e.order_id = o.id), '[]'::jsonb))
            from shop_order o where o.customer_id = $1 and (o.placed_at, o.id::text) < ($2, $3) order by o.placed_at desc, o.id desc limit $4)
          union all
          (select 'cart', c.id::text, c.occurred_at, jsonb_build_object('status', c.status, 'valueCents', c.value_cents, 'currency', c.currency)
            from cart c where c.customer_id = $1 and (c.occurred_at, c.id::text) < ($2, $3) order by c.occurred_at desc, c.id desc limit $4)
          union all
          (select 'feedback', f.id::text, f.occurred_at, jsonb_build_object('kind', f.kind, 'score', f.score, 'comment', f.comment)
            from feedback f where f.customer_id = $1 and (f.occurred_at, f.id::text) < ($2, $3) order by f.occurred_at desc, f.id desc limit $4)
        ) u order by at desc, id desc limit $4) t on f.found order by t.at desc, t.id desc`,
        args,
      );
      if (!found[0]?.found) throw notFound('customer');
      const rows = found.filter((row): row is typeof row & { kind: string } => row.kind !== null);
      hub.audit.recordReads(caller.agentId, 'customer.timeline', [id]);
      const last = rows[rows.length - 1];
      return {
        items: rows.map((row) => ({ kind: row.kind, id: row.id, at: row.at.toISOString(), data: row.data })),
        nextBefore: rows.length === limit && last ? `${last.at.toISOString()}|${last.id}` : null,
      };
    },
  }),
  route({
    method: 'GET',
    url: '/customers',
    summary: 'Browse customers by name prefix (staff only; overflow agents cannot browse)',
    access: STAFF,
    schema: { querystring: z.strictObject({ q: Str().trim().min(1).max(100) }), response: LookupResponse },
    handler: async (request, hub) => {
      const found = await hits(hub.db, NAME_MATCH, namePatterns(request.query.q));
      hub.audit.recordReads(callerOf(request).agentId, 'customer.browse', found.hits.map((hit) => hit.id));
      return found;
    },
  }),
];

/** The cursor's time and id; null when it is not one. */
function cursorParts(cursor: string): [Date, string] | null {
  const [at, id] = cursor.split('|');
  const date = new Date(at ?? '');
  return Number.isNaN(date.getTime()) ? null : [date, id ?? ''];
}
