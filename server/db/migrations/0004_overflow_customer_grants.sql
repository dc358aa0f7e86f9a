-- Object-level access for overflow agents. Staff may open every customer; an overflow agent only
-- the customers it was given for its shift: those its own exact lookup (phone, e-mail, order
-- number) returned, those it created for an unknown caller, and those a staff colleague handed to
-- it (POST /customers/:id/handover). One row per agent and customer; a new grant of the same
-- customer starts a new shift. Not synced: the hub alone reads it, on every customer-scoped route.
create table customer_grant (
  agent_id uuid not null references agent (id) on delete cascade,
  customer_id uuid not null references customer (id) on delete cascade,
  why text not null check (why in ('lookup', 'created', 'transfer')),
  -- Who handed the customer over (a transfer); null for the agent's own lookup or creation.
  granted_by uuid references agent (id),
  granted_at timestamptz not null,
  -- The end of the shift: 12 hours after the grant, never past the agent's access_expires_at.
  expires_at timestamptz not null,
  primary key (agent_id, customer_id)
);
-- An agent's ended grants are deleted when it gets new ones (the audit log keeps who looked whom up).
create index customer_grant_expires on customer_grant (expires_at);
