-- The escalation lane: escalations with a priority and an SLA, the order they are about and the
-- outcome they were resolved with; replies as interactions in the customer's history; agents'
-- skills for the colleague directory; hand-offs, the context that travels with a transferred call.

-- Priority and SLA: `sla_due_at` = created_at + the hub setting `escalation_sla` (minutes per
-- priority) at creation; a later change of the setting does not move existing escalations.
alter table escalation add column priority text not null default 'normal'
  check (priority in ('urgent', 'high', 'normal', 'low'));
alter table escalation add column sla_due_at timestamptz;
alter table escalation add column order_id uuid references shop_order (id);
alter table escalation add column outcome text
  check (outcome in ('solved', 'refund', 'replacement', 'not_possible', 'other'));
-- The last time the assignee gave it back to the queue (null: never).
alter table escalation add column handed_back_at timestamptz;
-- The inbox: unresolved escalations of a person (assignee, creator) and of a queue.
create index escalation_assignee_open on escalation (assigned_to) where status <> 'resolved';
create index escalation_creator on escalation (created_by, created_at);

-- A reply to an escalation is an internal note in the customer's history, linked to it.
alter table interaction add column escalation_id uuid references escalation (id);
create index interaction_escalation on interaction (escalation_id, started_at) where escalation_id is not null;

-- What a colleague is good at (nutrition, payments, returns …): the directory's filter.
alter table agent add column skills text[] not null default '{}';

-- A transferred call's context: the sender says which escalation goes with the call it transfers
-- to a colleague, so the target's console can open the customer while the call rings, whatever
-- caller id the transferred leg shows. Only its sender and target read it; it is offered for
-- ten minutes and used once (answered_at).
create table handoff (
  id uuid primary key,
  escalation_id uuid not null references escalation (id),
  customer_id uuid not null references customer (id),
  from_agent uuid not null references agent (id),
  to_agent uuid not null references agent (id),
  kind text not null check (kind in ('blind', 'attended')),
  -- The sender's SIP Call-ID of the customer's call.
  sip_call_id text not null,
  customer_number text,
  request_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  answered_at timestamptz
);
create index handoff_target_pending on handoff (to_agent, expires_at) where answered_at is null;
