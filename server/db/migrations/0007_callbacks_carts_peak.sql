-- Callbacks with a window, a language and an outcome; web-shop callback requests; the customer's
-- contact consent; carts the shop names (ref) and the order that recovered them; the outbound
-- follow-up calls on abandoned carts. Peak mode stays in hub_setting (`peak_mode`, now an object).

-- A callback the web shop asked for has no creator: it waits, unassigned, for whoever takes it.
alter table callback alter column created_by drop not null;
alter table callback add column source text not null default 'agent' check (source in ('agent', 'web_shop'));
-- The customer's preferred window (web-shop requests); due_at is its start.
alter table callback add column window_start timestamptz;
alter table callback add column window_end timestamptz;
alter table callback add column language text;
-- The last outcome an agent saved; no_answer keeps it open (rescheduled), the others close it.
alter table callback add column outcome text check (outcome in ('reached', 'no_answer', 'wrong_number'));
alter table callback add column attempts integer not null default 0;
alter table callback add column completed_at timestamptz;
alter table callback add column completed_by uuid references agent (id);
create index callback_assignee_open on callback (assigned_to, due_at) where status = 'open';
create index callback_completed on callback (completed_at) where status <> 'open';

-- Whether the customer agreed to be called by the shop (cart follow-ups call only those).
alter table customer add column contact_consent boolean not null default false;

-- The shop's own cart id: an order placed from that cart recovers exactly it.
alter table cart add column ref text;
alter table cart add column recovered_order_id uuid references shop_order (id);
create index cart_ref on cart (ref) where ref is not null;
create index cart_abandoned on cart (occurred_at) where status = 'abandoned';

-- One outbound call about an abandoned cart and how it went (client-made id).
create table cart_followup (
  id uuid primary key,
  cart_id uuid not null references cart (id),
  agent_id uuid not null references agent (id),
  outcome text not null check (outcome in ('recovered', 'not_interested', 'no_answer')),
  note text,
  at timestamptz not null default now(),
  -- A repeat of the same request answers alike; another request under the id is refused.
  request_hash text not null
);
create index cart_followup_cart on cart_followup (cart_id, at);

-- The board: today's contacts by time, and the per-hour line of the same weekday last year.
create index interaction_started on interaction (started_at);
