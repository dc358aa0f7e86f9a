-- Co-browse sessions: one row per session, the audit record of who looked along on which
-- customer's page, when the customer consented, when control was asked, granted and taken back,
-- and how it ended. Metadata only: the page content relayed is never stored. It replaces the
-- placeholder table of 0001, which nothing ever wrote.
drop table cobrowse_session;
create table cobrowse_session (
  id uuid primary key,
  agent_id uuid not null references agent (id),
  customer_id uuid not null references customer (id),
  -- The 6-digit code the agent reads out, kept only while it can be used (the agent's console may
  -- show it again after a reload); null once the customer joined or the session ended.
  code text,
  -- sha256 of id + code: which code was issued, for the audit, after the code itself is gone.
  code_hash text not null,
  code_expires_at timestamptz not null,
  -- sha256 of the page's secret (the customer key); set when the page got it (join or doorbell).
  customer_key_hash text,
  state text not null default 'requested' check (state in ('requested', 'live', 'away', 'ended')),
  control text not null default 'off' check (control in ('off', 'requested', 'on')),
  created_at timestamptz not null default now(),
  consent_at timestamptz,
  control_requested_at timestamptz,
  control_granted_at timestamptz,
  control_revoked_at timestamptz,
  ended_at timestamptz,
  end_reason text check (end_reason in ('agent_ended', 'customer_ended', 'customer_declined', 'code_expired', 'idle',
    'customer_left', 'agent_left', 'agent_signed_out', 'too_large', 'rate_limited', 'protocol_error', 'hub_restart')),
  pages integer not null default 0,
  bytes_in bigint not null default 0,
  bytes_out bigint not null default 0,
  last_url text,
  last_title text,
  -- The hub instance that holds the session (made it, or has its sockets): when that instance is
  -- gone, another ends the session `hub_restart`.
  instance_id uuid
);
-- A usable code names one session.
create unique index cobrowse_session_code on cobrowse_session (code) where code is not null;
-- One requested or live session per agent is enforced by the hub (a new one ends the previous).
create index cobrowse_session_agent_open on cobrowse_session (agent_id) where state <> 'ended';
create index cobrowse_session_customer on cobrowse_session (customer_id, created_at);

-- Identified customers' pages listening for a co-browse request (the doorbell), on any hub
-- instance: a row per open doorbell socket, refreshed by its instance's heartbeat, so the agent
-- learns whether the prompt reached an open page wherever that page is connected.
create table cobrowse_doorbell (
  id uuid primary key,
  customer_id uuid not null references customer (id),
  seen_at timestamptz not null default now()
);
create index cobrowse_doorbell_customer on cobrowse_doorbell (customer_id, seen_at);

-- Running hub instances with co-browse relays, refreshed by each instance's sweep and removed
-- when it stops, so the sessions of an instance that stopped or crashed are ended by the others.
create table cobrowse_instance (
  id uuid primary key,
  seen_at timestamptz not null default now()
);
