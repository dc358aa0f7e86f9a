// The cache's schema, as numbered migrations. `PRAGMA user_version` holds the number of the last
// one applied; each runs in its own transaction. Append, never edit: a console in the field has
// run the old ones. (The cache can always be rebuilt from the hub, but the outbox and drafts
// cannot, so a migration must keep them.)
//
// Times are stored as epoch milliseconds (`*_ms`) so ordering and retention are integer
// comparisons; the hub's ISO strings are converted once, on apply.

export const MIGRATIONS: readonly string[] = [
  /* 1: the synced tables, search, outbox and drafts */ `
  create table meta (key text primary key, value text not null) without rowid;

  create table agent (
    id text primary key, office_id text, display_name text not null, role text not null,
    languages text not null default '[]', email text
  );

  create table customer (
    id text primary key,
    name text not null, language text not null, country text not null,
    segment text not null default 'regular', office_id text, address text,
    phones text not null default '[]', emails text not null default '[]',
    updated_ms integer not null default 0
  );
  create table customer_phone (e164 text not null, customer_id text not null, primary key (e164, customer_id)) without rowid;
  create index customer_phone_customer on customer_phone (customer_id);
  create table customer_email (email text not null, customer_id text not null, primary key (email, customer_id)) without rowid;
  create index customer_email_customer on customer_email (customer_id);

  -- Contentless: the indexed text (name, e-mails, phones in every common format) is derived, so
  -- the table keeps only the index; rowid = customer.rowid. Prefix indexes for 2 and 3
  -- characters make "jan", "de v" fast. Order numbers are searched on their own index instead:
  -- rebuilding a customer's row for every synced order cost more than it gave.
  create virtual table customer_fts using fts5(
    name, emails, phones,
    content = '', contentless_delete = 1, prefix = '2 3', tokenize = 'unicode61 remove_diacritics 2'
  );

  create table shop_order (
    id text primary key, customer_id text not null, number text not null, currency text not null,
    total_cents integer not null, status text not null, placed_ms integer not null
  );
  create index shop_order_customer on shop_order (customer_id, placed_ms desc);
  create index shop_order_number on shop_order (number);

  create table order_event (
    id text primary key, order_id text not null, customer_id text, status text not null,
    occurred_ms integer not null, tracking_ref text
  );
  create index order_event_order on order_event (order_id);
  create index order_event_customer on order_event (customer_id, occurred_ms desc);

  create table cart (
    id text primary key, customer_id text not null, status text not null, value_cents integer not null,
    currency text not null, occurred_ms integer not null
  );
  create index cart_customer on cart (customer_id, occurred_ms desc);

  create table interaction (
    id text primary key, customer_id text not null, agent_id text, channel text not null,
    direction text not null, started_ms integer not null, ended_ms integer,
    reasons text not null default '[]', outcome text, first_contact_fix integer,
    transfers integer not null default 0, note text, order_id text, sip_call_id text,
    -- 1 while a write of this row waits in the outbox: sync must not overwrite it meanwhile.
    pending integer not null default 0
  );
  create index interaction_customer on interaction (customer_id, started_ms desc);
  -- Kept by the code that writes notes (apply.ts, local-cache.ts), not by triggers: a trigger on
  -- every upsert made SQLite open a savepoint per row, and FTS5 flushes its pending terms at each
  -- savepoint — the first sync of 2M interactions ran at a tenth of its speed.
  create virtual table interaction_fts using fts5(
    note, content = 'interaction', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
  );

  create table escalation (
    id text primary key, customer_id text not null, interaction_id text, created_by text,
    queue text not null, assigned_to text, status text not null, summary text not null,
    resolution text, created_ms integer not null, resolved_ms integer,
    pending integer not null default 0
  );
  create index escalation_customer on escalation (customer_id, created_ms desc);

  create table callback (
    id text primary key, customer_id text not null, created_by text, assigned_to text,
    due_ms integer not null, status text not null, phone text not null, note text,
    created_ms integer not null, pending integer not null default 0
  );
  create index callback_customer on callback (customer_id, created_ms desc);

  create table feedback (
    id text primary key, customer_id text not null, kind text not null, score integer not null,
    comment text, occurred_ms integer not null
  );
  create index feedback_customer on feedback (customer_id, occurred_ms desc);

  create table reason_code (code text primary key, labels text not null, sort integer not null, active integer not null);
  create table presence (agent_id text primary key, status text not null, since_ms integer);

  -- The agent's writes, in the order they were made, until the hub acknowledges them.
  create table outbox (
    seq integer primary key autoincrement,
    id text not null unique,
    kind text not null,
    entity_table text not null,
    entity_id text not null,
    customer_id text,
    method text not null,
    path text not null,
    body text not null,
    summary text not null,
    state text not null default 'pending' check (state in ('pending', 'setAside')),
    attempts integer not null default 0,
    next_attempt_ms integer not null default 0,
    last_status integer,
    last_code text,
    created_ms integer not null
  );
  create index outbox_entity on outbox (entity_id);

  create table draft (key text primary key, text text not null, saved_ms integer not null) without rowid;
  `,
  /* 2: the customer screen — the customer's office by name, the agent's recently opened customers */ `
  alter table customer add column office_name text;
  -- Which customers this agent opened last, for the search screen (kept to the newest 50).
  create table recent_customer (customer_id text primary key, opened_ms integer not null) without rowid;
  create index recent_customer_opened on recent_customer (opened_ms desc);
  -- The wrap-up's repeat-contact check and "most used reasons" read interactions by agent and time.
  create index interaction_agent on interaction (agent_id, started_ms desc);
  `,
  /* 3: what the hub's record says about a customer, whatever history this cache keeps */ `
  -- The hub's facts as synced with the customer row (JSON: orders, interactions, lifetimeValue,
  -- repeatBuyer, lastOrder, lastNps, lastCsat, lastContactAt); null until a hub that keeps them
  -- has sent the row. Search hits read lastContactAt straight from here (hit-details.ts).
  alter table customer add column facts text;
  -- The delivery address is \`address\` (1); the billing address may differ.
  alter table customer add column billing_address text;
  `,
  /* 4: an escalation the agent may not see by the hub's wall comes without summary (null) */ `
  -- The hub sends such an escalation redacted (id, queue, status, times) so the customer's
  -- record still says one exists; SQLite cannot drop a column's not null, so the table is rebuilt.
  create table escalation_v4 (
    id text primary key, customer_id text not null, interaction_id text, created_by text,
    queue text not null, assigned_to text, status text not null, summary text,
    resolution text, created_ms integer not null, resolved_ms integer,
    pending integer not null default 0
  );
  insert into escalation_v4 (id, customer_id, interaction_id, created_by, queue, assigned_to, status, summary, resolution, created_ms, resolved_ms, pending)
    select id, customer_id, interaction_id, created_by, queue, assigned_to, status, summary, resolution, created_ms, resolved_ms, pending from escalation;
  drop table escalation;
  alter table escalation_v4 rename to escalation;
  create index escalation_customer on escalation (customer_id, created_ms desc);
  `,
];
