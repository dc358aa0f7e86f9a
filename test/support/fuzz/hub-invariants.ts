import type { Database } from '../../../server/db/database.ts';

// "Nothing half-written" for the hub, as cheap SQL over the schema (server/db/migrations):
// rows that one request writes together (a customer and its phones, an interaction and its
// event, an ingested order and its first step, a receipt and what it received) exist together
// or not at all, and a refused create left no row behind.

/** Each query returns the rows that break the rule; a name and up to 5 offending rows are reported. */
const RULES: readonly { readonly rule: string; readonly sql: string }[] = [
  { rule: 'an interaction without a valid request hash', sql: `select id from interaction where request_hash !~ '^[0-9a-f]{64}$'` },
  { rule: 'an escalation without a valid request hash', sql: `select id from escalation where request_hash !~ '^[0-9a-f]{64}$'` },
  { rule: 'a callback without a valid request hash', sql: `select id from callback where request_hash !~ '^[0-9a-f]{64}$'` },
  {
    rule: 'an interaction of a customer that no console was told about (no interaction.saved event)',
    sql: `select i.id from interaction i where i.customer_id is not null
            and not exists (select 1 from change_log e where e.kind = 'interaction.saved' and lower(e.entity_id) = i.id::text)`,
  },
  {
    // lower(): the event carries the id as the client wrote it (an upper-case UUID is accepted).
    rule: 'an escalation without its escalation.created event',
    sql: `select s.id from escalation s where not exists (select 1 from change_log e where e.kind = 'escalation.created' and lower(e.entity_id) = s.id::text)`,
  },
  {
    rule: 'a callback without its callback.created event',
    sql: `select c.id from callback c where not exists (select 1 from change_log e where e.kind = 'callback.created' and lower(e.entity_id) = c.id::text)`,
  },
  {
    rule: 'an escalation whose status and timestamps disagree',
    sql: `select id, status from escalation where (status = 'claimed' and (claimed_at is null or assigned_to is null))
            or (status = 'resolved' and (resolved_at is null or resolution is null)) or (status <> 'resolved' and resolution is not null)`,
  },
  {
    rule: 'an ingested order without its placed step',
    sql: `select o.id from shop_order o where o.external_id is not null
            and not exists (select 1 from order_event e where e.order_id = o.id and e.status = 'placed')`,
  },
  {
    rule: 'an ingest receipt without what it received',
    sql: `select r.external_id, r.kind from ingest_receipt r where not exists (
            select 1 from shop_order o where o.external_id = r.external_id
            union all select 1 from order_event e where e.external_id = r.external_id
            union all select 1 from cart c where c.external_id = r.external_id
            union all select 1 from feedback f where f.external_id = r.external_id
            union all select 1 from callback b where b.external_id = r.external_id)`,
  },
  {
    rule: 'an ingested row without its receipt',
    sql: `select x.external_id from (
            select external_id from shop_order union all select external_id from cart union all select external_id from feedback
            union all select external_id from callback
            union all select external_id from order_event where external_id not like '%#event') x
          where x.external_id is not null and not exists (select 1 from ingest_receipt r where r.external_id = x.external_id)`,
  },
  {
    rule: 'a customer made by ingestion with neither e-mail nor phone',
    sql: `select c.id from customer c where c.office_id is null
            and not exists (select 1 from customer_email e where e.customer_id = c.id)
            and not exists (select 1 from customer_phone p where p.customer_id = c.id)`,
  },
  { rule: 'an event whose payload is not an object', sql: `select seq from change_log where jsonb_typeof(payload) <> 'object'` },
  { rule: 'a SIP account whose password is not sealed', sql: `select agent_id from sip_account where password_sealed not like 'v1.%'` },
  { rule: 'a customer e-mail that is not lower case', sql: `select customer_id, email from customer_email where email <> lower(email)` },
];

export async function schemaViolations(db: Database): Promise<string[]> {
  const found: string[] = [];
  for (const { rule, sql } of RULES) {
    const rows = await db.query<Record<string, unknown>>(`${sql} limit 5`);
    if (rows.length) found.push(`${rule}: ${JSON.stringify(rows)}`);
  }
  return found;
}

/** The creates the fuzz sent (`PUT <table>/:id`), with their answers. */
export interface CreateRecord {
  readonly table: 'customer' | 'interaction' | 'escalation' | 'callback';
  readonly id: string;
  readonly status: number;
  readonly body: unknown;
}

/**
 * A created row exists exactly when some create of its id was answered 2xx; the first accepted
 * customer create stored every phone and e-mail it carried.
 */
export async function ledgerViolations(db: Database, creates: readonly CreateRecord[], preexisting: ReadonlySet<string>): Promise<string[]> {
  const found: string[] = [];
  const byRow = new Map<string, CreateRecord[]>();
  for (const record of creates) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(record.id)) continue;
    const key = `${record.table}:${record.id.toLowerCase()}`;
    byRow.set(key, [...(byRow.get(key) ?? []), record]);
  }
  for (const [key, records] of byRow) {
    const [table, id] = key.split(':') as [CreateRecord['table'], string];
    if (preexisting.has(id)) continue;
    const [row] = await db.query<{ id: string }>(`select id from ${table} where id = $1`, [id]);
    const accepted = records.find((r) => r.status >= 200 && r.status < 300);
    if (accepted && !row) found.push(`${table} ${id} was answered ${accepted.status} but is not stored`);
    if (!accepted && row) found.push(`${table} ${id} is stored although every create was refused (${records.map((r) => r.status).join(', ')})`);
    if (accepted && row && table === 'customer') {
      const body = accepted.body as { phones?: string[]; emails?: string[] };
      const phones = await db.query<{ e164: string }>('select e164 from customer_phone where customer_id = $1', [id]);
      const emails = await db.query<{ email: string }>('select email from customer_email where customer_id = $1', [id]);
      const missingPhones = (body.phones ?? []).filter((p) => !phones.some((r) => r.e164 === p));
      const missingEmails = (body.emails ?? []).filter((e) => !emails.some((r) => r.email === e.toLowerCase()));
      if (missingPhones.length || missingEmails.length) found.push(`customer ${id} was created without ${JSON.stringify([...missingPhones, ...missingEmails])}`);
    }
  }
  return found;
}
