-- The softphone: each agent's SIP account, kept by the hub, and calls from numbers that are not
-- (yet) a known customer.

-- One SIP account per agent. The password is sealed with AES-256-GCM (server/api/sip-secrets.ts:
-- "v1.<iv>.<ciphertext and tag>", a random IV per value, the agent id as associated data) under a
-- key that is NOT in the database (LOKET_SIP_KEY or the hub's data folder), so a copy of the
-- database alone does not give the passwords away. Not synced: only `GET /me/sip-account` reads it.
create table sip_account (
  agent_id uuid primary key references agent (id) on delete cascade,
  server_url text not null check (server_url ~* '^wss?://'),
  domain text not null,
  username text not null,
  authorization_user text,
  display_name text,
  password_sealed text not null check (password_sealed like 'v1.%'),
  updated_at timestamptz not null default now()
);
-- Two consoles registering the same address would take each other's calls.
create unique index sip_account_address on sip_account (lower(domain), username);

-- agent.sip_extension and agent.sip_secret (0001) were a placeholder that nothing but /me read;
-- sip_account replaces them. The secrets were plain text: cleared, so none stays readable at rest.
update agent set sip_secret = null where sip_secret is not null;

-- A call is logged even when the caller is no customer yet: then it has no customer until an agent
-- links it (PATCH /interactions/:id). Every other channel still needs one.
alter table interaction alter column customer_id drop not null;
alter table interaction add constraint interaction_customer_unless_phone check (customer_id is not null or channel = 'phone');
-- The other party of a call: E.164 or an internal extension.
alter table interaction add column remote_number text check (char_length(remote_number) <= 64);

-- Consoles sync only interactions that belong to a customer (their cache keys history by
-- customer): the sync's index leaves the others out, so its pages still read the index alone.
drop index interaction_change_seq;
create index interaction_change_seq on interaction (change_seq) where customer_id is not null;
