-- The overflow agent's season: SIP accounts waiting in a pool for new overflow agents, the key
-- that signs the consoles' leases, and what a console could not send before its access ended.

-- SIP accounts an admin loads per office; each is handed to one new overflow agent, once (it is
-- never put back: a PBX user that belonged to someone else's laptop stays retired). The password
-- is sealed like sip_account's, with the pool row's id as associated data until it is assigned.
create table sip_pool_account (
  id uuid primary key,
  office_id uuid not null references office (id),
  server_url text not null check (server_url ~* '^wss?://'),
  domain text not null,
  username text not null,
  authorization_user text,
  display_name text,
  password_sealed text not null check (password_sealed like 'v1.%'),
  assigned_agent uuid references agent (id),
  assigned_at timestamptz,
  check ((assigned_agent is null) = (assigned_at is null))
);
-- One PBX user once in the pool, whichever office loaded it.
create unique index sip_pool_account_address on sip_pool_account (lower(domain), username);
-- "The first free one of the office": the free ones, in the order they were loaded.
create index sip_pool_account_free on sip_pool_account (office_id, id) where assigned_agent is null;

-- The Ed25519 key pair that signs leases. One row, made by whichever instance starts first
-- (insert … on conflict do nothing), so every instance signs with the same key. The private key
-- is sealed (server/api/lease-signer.ts), never stored in clear.
create table hub_signing_key (
  singleton boolean primary key default true check (singleton),
  kid text not null,
  public_jwk jsonb not null,
  private_sealed text not null,
  -- Which key sealed it: the hub's SIP key ('sip-key'), or one derived from the token secret
  -- ('token-secret') on a hub started without a SIP key (tests, benchmarks).
  sealed_with text not null check (sealed_with in ('sip-key', 'token-secret')),
  created_at timestamptz not null default now()
);

-- What a console whose access ended could not send (its outbox, set-aside writes, note drafts),
-- reported with its last refresh token. Kept for the agent's team lead to follow up.
create table unsent_report (
  id uuid primary key,
  agent_id uuid not null references agent (id),
  device_id uuid references device (id),
  reason text not null check (reason in ('expired', 'revoked', 'offline')),
  items jsonb not null,
  received_at timestamptz not null default now()
);
create index unsent_report_agent on unsent_report (agent_id, received_at);

-- The team lead's overflow list reads an office's overflow agents.
create index agent_office_role on agent (office_id, role);
