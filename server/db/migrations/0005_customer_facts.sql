-- The facts about a customer the 360 header shows, kept by the hub as the record says them, so a
-- console whose cache holds only the last 30 days of history still tells how many orders and
-- contacts a customer has had, what they are worth and what they last ordered.

-- Delivery is `customer.address` (0001); billing may differ (a company, a parent paying). Both are
-- `{street, postcode, city, country}`; null when the shop never told.
alter table customer add column billing_address jsonb;

-- One row per customer, kept by the triggers below on every write that changes it (orders and
-- their status, interactions, NPS and CSAT answers). Not a synced table of its own (no
-- change_seq): when a customer's facts change, the customer's change_seq moves and the facts
-- travel with the customer's row (`customer_facts_json`). No row: nothing recorded yet.
create table customer_fact (
  customer_id uuid primary key references customer (id) on delete cascade,
  orders integer not null,
  interactions integer not null,
  -- [{currency, cents}] of orders neither cancelled nor returned, by currency.
  lifetime_value jsonb not null,
  repeat_buyer boolean not null,
  last_order_id uuid,
  last_order_number text,
  last_order_status text,
  last_order_currency text,
  last_order_total_cents bigint,
  last_order_placed_at timestamptz,
  last_nps_score integer,
  last_nps_at timestamptz,
  last_csat_score integer,
  last_csat_at timestamptz,
  -- The latest call, mail, chat or message with the customer (an internal note is not a contact):
  -- what a search hit shows as "last contact", whatever history a console keeps.
  last_contact_at timestamptz
);

-- Recomputes the facts of these customers from their rows (each part from its customer index),
-- and moves the change_seq of every customer whose facts changed, so consoles sync them. Callers
-- hold the write lock (server/db/writes.ts), so the new change_seq values stay in order.
create function refresh_customer_facts(ids uuid[]) returns void language plpgsql as $$
begin
  with fresh as (
    select c.id as customer_id,
      o.orders,
      i.interactions,
      coalesce(v.lifetime_value, '[]'::jsonb) as lifetime_value,
      o.orders >= 2 as repeat_buyer,
      l.id as last_order_id, l.number as last_order_number, l.status as last_order_status,
      l.currency as last_order_currency, l.total_cents as last_order_total_cents, l.placed_at as last_order_placed_at,
      n.score as last_nps_score, n.occurred_at as last_nps_at,
      s.score as last_csat_score, s.occurred_at as last_csat_at,
      k.last_contact_at
    from customer c
    cross join lateral (select count(*)::int as orders from shop_order where customer_id = c.id) o
    cross join lateral (select count(*)::int as interactions from interaction where customer_id = c.id) i
    left join lateral (
      select jsonb_agg(jsonb_build_object('currency', x.currency, 'cents', x.cents) order by x.currency) as lifetime_value
      from (select trim(currency) as currency, sum(total_cents)::int8 as cents from shop_order
            where customer_id = c.id and status not in ('cancelled', 'returned') group by trim(currency)) x
    ) v on true
    left join lateral (
      select id, number, status, trim(currency) as currency, total_cents, placed_at from shop_order
      where customer_id = c.id order by placed_at desc, id desc limit 1
    ) l on true
    left join lateral (
      select score, occurred_at from feedback where customer_id = c.id and kind = 'nps' order by occurred_at desc, id desc limit 1
    ) n on true
    left join lateral (
      select score, occurred_at from feedback where customer_id = c.id and kind = 'csat' order by occurred_at desc, id desc limit 1
    ) s on true
    cross join lateral (
      select max(started_at) as last_contact_at from interaction where customer_id = c.id and channel <> 'note'
    ) k
    where c.id = any(ids)
  ), changed as (
    insert into customer_fact as f select * from fresh
    on conflict (customer_id) do update set
      orders = excluded.orders, interactions = excluded.interactions, lifetime_value = excluded.lifetime_value,
      repeat_buyer = excluded.repeat_buyer, last_order_id = excluded.last_order_id,
      last_order_number = excluded.last_order_number, last_order_status = excluded.last_order_status,
      last_order_currency = excluded.last_order_currency, last_order_total_cents = excluded.last_order_total_cents,
      last_order_placed_at = excluded.last_order_placed_at, last_nps_score = excluded.last_nps_score,
      last_nps_at = excluded.last_nps_at, last_csat_score = excluded.last_csat_score, last_csat_at = excluded.last_csat_at,
      last_contact_at = excluded.last_contact_at
    where (f.orders, f.interactions, f.lifetime_value, f.repeat_buyer, f.last_order_id, f.last_order_number,
           f.last_order_status, f.last_order_currency, f.last_order_total_cents, f.last_order_placed_at,
           f.last_nps_score, f.last_nps_at, f.last_csat_score, f.last_csat_at, f.last_contact_at)
      is distinct from (excluded.orders, excluded.interactions, excluded.lifetime_value, excluded.repeat_buyer,
           excluded.last_order_id, excluded.last_order_number, excluded.last_order_status, excluded.last_order_currency,
           excluded.last_order_total_cents, excluded.last_order_placed_at, excluded.last_nps_score, excluded.last_nps_at,
           excluded.last_csat_score, excluded.last_csat_at, excluded.last_contact_at)
    returning f.customer_id
  )
  update customer c set change_seq = nextval('change_seq') from changed where c.id = changed.customer_id;
end $$;

-- The facts as consoles and the 360 route read them (times as ISO 8601 in UTC); zeros for a
-- customer with nothing recorded yet.
create function customer_facts_json(customer uuid) returns jsonb language sql stable as $$
  select coalesce(
    (select jsonb_build_object(
      'orders', f.orders,
      'interactions', f.interactions,
      'lifetimeValue', f.lifetime_value,
      'repeatBuyer', f.repeat_buyer,
      'lastOrder', case when f.last_order_id is null then null else jsonb_build_object(
        'id', f.last_order_id, 'number', f.last_order_number, 'status', f.last_order_status,
        'currency', f.last_order_currency, 'totalCents', f.last_order_total_cents,
        'placedAt', to_char(f.last_order_placed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) end,
      'lastNps', case when f.last_nps_at is null then null else jsonb_build_object(
        'score', f.last_nps_score, 'at', to_char(f.last_nps_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) end,
      'lastCsat', case when f.last_csat_at is null then null else jsonb_build_object(
        'score', f.last_csat_score, 'at', to_char(f.last_csat_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) end,
      'lastContactAt', to_char(f.last_contact_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
     from customer_fact f where f.customer_id = $1),
    jsonb_build_object('orders', 0, 'interactions', 0, 'lifetimeValue', '[]'::jsonb, 'repeatBuyer', false,
      'lastOrder', null, 'lastNps', null, 'lastCsat', null, 'lastContactAt', null))
$$;

-- Statement-level triggers: one refresh per statement for the customers it touched (a bulk
-- insert of a thousand rows refreshes each of their customers once). A bulk load may set
-- `loket.customer_facts = 'deferred'` and refresh every customer at its end (server/seed).
create function customer_facts_after_insert() returns trigger language plpgsql as $$
begin
  if coalesce(current_setting('loket.customer_facts', true), '') <> 'deferred' then
    perform refresh_customer_facts(array(select distinct customer_id from new_rows where customer_id is not null));
  end if;
  return null;
end $$;

create function customer_facts_after_update() returns trigger language plpgsql as $$
begin
  if coalesce(current_setting('loket.customer_facts', true), '') <> 'deferred' then
    perform refresh_customer_facts(array(
      select customer_id from old_rows where customer_id is not null
      union select customer_id from new_rows where customer_id is not null));
  end if;
  return null;
end $$;

create function customer_facts_after_delete() returns trigger language plpgsql as $$
begin
  if coalesce(current_setting('loket.customer_facts', true), '') <> 'deferred' then
    perform refresh_customer_facts(array(select distinct customer_id from old_rows where customer_id is not null));
  end if;
  return null;
end $$;

create trigger shop_order_facts_insert after insert on shop_order referencing new table as new_rows
  for each statement execute function customer_facts_after_insert();
create trigger shop_order_facts_update after update on shop_order referencing old table as old_rows new table as new_rows
  for each statement execute function customer_facts_after_update();
create trigger shop_order_facts_delete after delete on shop_order referencing old table as old_rows
  for each statement execute function customer_facts_after_delete();
create trigger interaction_facts_insert after insert on interaction referencing new table as new_rows
  for each statement execute function customer_facts_after_insert();
create trigger interaction_facts_update after update on interaction referencing old table as old_rows new table as new_rows
  for each statement execute function customer_facts_after_update();
create trigger interaction_facts_delete after delete on interaction referencing old table as old_rows
  for each statement execute function customer_facts_after_delete();
create trigger feedback_facts_insert after insert on feedback referencing new table as new_rows
  for each statement execute function customer_facts_after_insert();
create trigger feedback_facts_update after update on feedback referencing old table as old_rows new table as new_rows
  for each statement execute function customer_facts_after_update();
create trigger feedback_facts_delete after delete on feedback referencing old table as old_rows
  for each statement execute function customer_facts_after_delete();

-- Backfill under the write lock (server/events/bus.ts WRITE_LOCK), so the customers' new
-- change_seq values become visible in order and every console syncs its customers' facts.
select pg_advisory_xact_lock(7201002);
select refresh_customer_facts(array(select id from customer));
