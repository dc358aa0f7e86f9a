import type { LocalCache } from '../../../main/cache/local-cache.ts';

// "Nothing half-written" for the console's encrypted cache (main/cache/migrations.ts): a write
// stores its local row and its outbox row in one transaction, so neither exists without the
// other; child rows belong to a customer; the full-text indexes agree with their tables.

const RULES: readonly { readonly rule: string; readonly sql: string }[] = [
  // A create (PUT) stores its row with it; a change (PATCH, POST) may concern a row this cache
  // does not hold (a call logged elsewhere, a customer looked up at the hub) and has none.
  ...(['interaction', 'escalation', 'callback', 'customer'] as const).map((table) => ({
    rule: `a queued create whose ${table} is not stored`,
    sql: `select o.id, o.entity_id from outbox o where o.entity_table = '${table}' and o.method = 'PUT' and not exists (select 1 from ${table} t where t.id = o.entity_id)`,
  })),
  { rule: 'an outbox row for an unknown table', sql: `select id, entity_table from outbox where entity_table not in ('interaction', 'escalation', 'callback', 'customer')` },
  ...(['interaction', 'escalation', 'callback'] as const).map((table) => ({
    rule: `a pending ${table} without its outbox row`,
    sql: `select t.id from ${table} t where t.pending = 1 and not exists (select 1 from outbox o where o.entity_id = t.id)`,
  })),
  { rule: 'a phone of no customer', sql: 'select p.e164, p.customer_id from customer_phone p where not exists (select 1 from customer c where c.id = p.customer_id)' },
  { rule: 'an e-mail of no customer', sql: 'select e.email, e.customer_id from customer_email e where not exists (select 1 from customer c where c.id = e.customer_id)' },
  {
    rule: "a customer whose phones column and phone rows disagree",
    sql: `select c.id from customer c where (select count(distinct value) from json_each(c.phones)) <> (select count(*) from customer_phone p where p.customer_id = c.id)`,
  },
  { rule: 'an outbox body that is not JSON', sql: 'select id from outbox where json_valid(body) = 0' },
];

export function cacheViolations(cache: LocalCache): string[] {
  const db = cache.db;
  const found: string[] = [];
  const integrity = db.prepare('pragma integrity_check').all() as { integrity_check: string }[];
  if (integrity.length !== 1 || integrity[0]?.integrity_check !== 'ok') found.push(`integrity_check: ${JSON.stringify(integrity)}`);
  for (const { rule, sql } of RULES) {
    const rows = db.prepare(`${sql} limit 5`).all();
    if (rows.length) found.push(`${rule}: ${JSON.stringify(rows)}`);
  }
  for (const fts of ['interaction_fts', 'customer_fts']) {
    try {
      db.prepare(`insert into ${fts}(${fts}) values ('integrity-check')`).run();
    } catch (error) {
      found.push(`${fts} integrity-check: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return found;
}
