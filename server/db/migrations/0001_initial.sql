-- The hub's system of record. Ids are UUIDv7 made by whoever creates the row (a console offline
-- keeps its writes' identity); times are timestamptz; money in integer cents with a currency.

-- One sequence orders every change: each synced row carries the value of its last write
-- (`change_seq`), each event its `seq`. Writers take an advisory lock (see server/db/changes.ts)
-- so values become visible in order: a console that has seen N has seen everything below N.
create sequence change_seq;

create table office (
  id uuid primary key,
  code text not null unique,
  name text not null,
  country char(2) not null,
  timezone text not null
);

create table agent (
  id uuid primary key,
  office_id uuid not null references office (id),
  email text not null unique,
  display_name text not null,
  role text not null check (role in ('first_line', 'second_line', 'expert', 'team_lead', 'overflow', 'admin')),
  languages text[] not null default '{}',
  password_hash text,
  sip_extension text unique,
  sip_secret text,
  -- Overflow agents lose access on this date (and their cached data with it).
  access_expires_at timestamptz,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  change_seq bigint not null default nextval('change_seq')
);
create index agent_change_seq on agent (change_seq);

create table device (
  id uuid primary key,
  agent_id uuid not null references agent (id),
  name text not null,
  enrolled_at timestamptz not null default now(),
  last_seen_at timestamptz,
  revoked_at timestamptz
);

create table enrollment_code (
  code_hash text primary key,
  agent_id uuid not null references agent (id),
  created_by uuid not null references agent (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);

create table auth_session (
  id uuid primary key,
  agent_id uuid not null references agent (id),
  device_id uuid references device (id),
  refresh_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index auth_session_agent on auth_session (agent_id);
create index auth_session_device on auth_session (device_id);

create table customer (
  id uuid primary key,
  name text not null,
  language text not null,
  country char(2) not null,
  segment text not null default 'regular',
  office_id uuid references office (id),
  address jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  change_seq bigint not null default nextval('change_seq')
);
create index customer_change_seq on customer (change_seq);
create index customer_name on customer (lower(name) text_pattern_ops);

create table customer_phone (
  customer_id uuid not null references customer (id) on delete cascade,
  e164 text not null,
  kind text not null default 'mobile',
  primary key (customer_id, e164)
);
create index customer_phone_e164 on customer_phone (e164);

create table customer_email (
  customer_id uuid not null references customer (id) on delete cascade,
  email text not null check (email = lower(email)),
  primary key (customer_id, email)
);
create index customer_email_email on customer_email (email);

create table shop_order (
  id uuid primary key,
  customer_id uuid not null references customer (id),
  number text not null unique,
  currency char(3) not null,
  total_cents bigint not null,
  status text not null check (status in ('placed', 'paid', 'shipped', 'delivered', 'returned', 'cancelled')),
  placed_at timestamptz not null,
  external_id text unique,
  change_seq bigint not null default nextval('change_seq')
);
create index shop_order_change_seq on shop_order (change_seq);
create index shop_order_customer on shop_order (customer_id, placed_at desc);

create table order_event (
  id uuid primary key,
  order_id uuid not null references shop_order (id) on delete cascade,
  status text not null,
  occurred_at timestamptz not null,
  tracking_ref text,
  external_id text unique,
  change_seq bigint not null default nextval('change_seq')
);
create index order_event_change_seq on order_event (change_seq);
create index order_event_order on order_event (order_id, occurred_at);

create table cart (
  id uuid primary key,
  customer_id uuid not null references customer (id),
  status text not null check (status in ('abandoned', 'recovered')),
  value_cents bigint not null,
  currency char(3) not null,
  occurred_at timestamptz not null,
  external_id text unique,
  change_seq bigint not null default nextval('change_seq')
);
create index cart_change_seq on cart (change_seq);
create index cart_customer on cart (customer_id, occurred_at desc);

create table interaction (
  id uuid primary key,
  customer_id uuid not null references customer (id),
  agent_id uuid references agent (id),
  channel text not null check (channel in ('phone', 'email', 'chat', 'whatsapp', 'note')),
  direction text not null check (direction in ('inbound', 'outbound', 'internal')),
  started_at timestamptz not null,
  ended_at timestamptz,
  reasons text[] not null default '{}',
  outcome text check (outcome in ('solved', 'follow_up', 'escalated')),
  first_contact_fix boolean,
  transfers integer not null default 0,
  note text,
  order_id uuid references shop_order (id),
  sip_call_id text,
  -- Hash of the client's request: the same id with another payload is a conflict (422).
  request_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  change_seq bigint not null default nextval('change_seq')
);
create index interaction_change_seq on interaction (change_seq);
create index interaction_customer on interaction (customer_id, started_at desc);

create table escalation (
  id uuid primary key,
  customer_id uuid not null references customer (id),
  interaction_id uuid references interaction (id),
  created_by uuid not null references agent (id),
  queue text not null,
  assigned_to uuid references agent (id),
  status text not null check (status in ('open', 'claimed', 'resolved')),
  summary text not null,
  resolution text,
  request_hash text not null,
  created_at timestamptz not null default now(),
  claimed_at timestamptz,
  resolved_at timestamptz,
  change_seq bigint not null default nextval('change_seq')
);
create index escalation_change_seq on escalation (change_seq);
create index escalation_customer on escalation (customer_id);
create index escalation_open on escalation (status, queue);

create table callback (
  id uuid primary key,
  customer_id uuid not null references customer (id),
  created_by uuid not null references agent (id),
  assigned_to uuid references agent (id),
  due_at timestamptz not null,
  status text not null check (status in ('open', 'done', 'cancelled')),
  phone text not null,
  note text,
  request_hash text not null,
  created_at timestamptz not null default now(),
  -- Set when the hub announced it as due (`callback.due`), so it is announced once.
  due_notified_at timestamptz,
  change_seq bigint not null default nextval('change_seq')
);
create index callback_change_seq on callback (change_seq);
create index callback_customer on callback (customer_id);
create index callback_due on callback (status, due_at);

create table feedback (
  id uuid primary key,
  customer_id uuid not null references customer (id),
  kind text not null check (kind in ('nps', 'csat', 'review')),
  score integer not null,
  comment text,
  occurred_at timestamptz not null,
  external_id text unique,
  change_seq bigint not null default nextval('change_seq')
);
create index feedback_change_seq on feedback (change_seq);
create index feedback_customer on feedback (customer_id, occurred_at desc);

create table cobrowse_session (
  id uuid primary key,
  customer_id uuid not null references customer (id),
  agent_id uuid not null references agent (id),
  started_at timestamptz not null default now(),
  ended_at timestamptz,
  control_granted boolean not null default false
);

create table reason_code (
  code text primary key,
  labels jsonb not null,
  sort integer not null default 0,
  active boolean not null default true,
  change_seq bigint not null default nextval('change_seq')
);
create index reason_code_change_seq on reason_code (change_seq);

create table presence (
  agent_id uuid primary key references agent (id),
  status text not null check (status in ('available', 'on_call', 'wrap_up', 'break', 'offline')),
  since timestamptz not null default now(),
  change_seq bigint not null default nextval('change_seq')
);
create index presence_change_seq on presence (change_seq);

create table hub_setting (
  key text primary key,
  value jsonb not null
);

create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  agent_id uuid,
  action text not null,
  subject_type text not null,
  subject_id text,
  detail jsonb
);
create index audit_log_subject on audit_log (subject_type, subject_id);

-- Live events (escalation assigned, presence changed, callback due, …) on the same sequence as
-- row changes, so one cursor covers both. `audience` is null for all staff (not overflow), or the
-- one agent an event is for.
create table change_log (
  seq bigint primary key default nextval('change_seq'),
  at timestamptz not null default now(),
  kind text not null,
  entity_id text,
  audience uuid,
  payload jsonb not null
);

create table ingest_receipt (
  external_id text primary key,
  kind text not null,
  received_at timestamptz not null default now()
);
