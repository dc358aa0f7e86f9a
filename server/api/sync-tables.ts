import type { Caller } from './auth.ts';
import { escalationJson, replyVisible } from './escalation-redaction.ts';

/**
 * The synced tables and how a row is sent (no secrets, no request hashes). A customer's row
 * carries its facts (counters, last order, NPS and CSAT: migration 0005), whose changes move the
 * customer's change_seq, so a console knows them whatever history its cache keeps. Shared by the
 * delta sync (`GET /sync`) and the first sync's snapshot (`GET /sync/snapshot`), so both send the
 * same rows behind the same walls.
 */
export const SYNCED: Readonly<Record<string, string>> = {
  agent: `jsonb_build_object('id', t.id, 'officeId', t.office_id, 'displayName', t.display_name, 'role', t.role, 'languages', t.languages, 'email', t.email)`,
  customer: `to_jsonb(t) || jsonb_build_object(
      'officeName', (select o.name from office o where o.id = t.office_id),
      'phones', coalesce((select jsonb_agg(p.e164) from customer_phone p where p.customer_id = t.id), '[]'::jsonb),
      'emails', coalesce((select jsonb_agg(e.email) from customer_email e where e.customer_id = t.id), '[]'::jsonb),
      'facts', customer_facts_json(t.id))`,
  shop_order: 'to_jsonb(t)',
  order_event: 'to_jsonb(t)',
  cart: 'to_jsonb(t)',
  interaction: `to_jsonb(t) - 'request_hash'`,
  // Behind the escalation wall: see rowJson below.
  escalation: `to_jsonb(t) - 'request_hash'`,
  callback: `to_jsonb(t) - 'request_hash'`,
  feedback: 'to_jsonb(t)',
  reason_code: 'to_jsonb(t)',
  presence: 'to_jsonb(t)',
};

/**
 * Rows of a synced table that consoles do not get. A call without a customer belongs to no
 * customer's history yet, and the console's cache keys history by customer: it is sent once it
 * is linked (its change_seq moves then). The partial index `interaction_change_seq` has the same
 * condition, so the page bounds still come from the index alone.
 */
const SYNCED_ONLY: Readonly<Record<string, string>> = {
  interaction: 't.customer_id is not null',
};

/**
 * Overflow agents get no customer data by sync, not even of customers they may open (their
 * grants, see customer-access.ts): they look customers up one by one. Their events are only the
 * ones addressed to them, which carry ids, not customer data.
 */
export const OVERFLOW_SYNCED = new Set(['reason_code']);

/** An overflow agent's own agent row: who it is, nothing about colleagues. */
export const OVERFLOW_OWN_AGENT = `jsonb_build_object('id', t.id, 'displayName', t.display_name, 'role', t.role)`;

/**
 * How a row of `table` is sent to this caller. An escalation it may not see by the wall comes
 * redacted; a reply to one (an interaction linked to it) is left out (escalation-redaction.ts).
 * `wallFrom` is the number of the wall's first query parameter.
 */
export function rowJson(caller: Caller, table: string, wallFrom: number): string {
  const row = SYNCED[table];
  if (row === undefined) throw new Error(`not a synced table: ${table}`);
  return table === 'escalation' ? escalationJson(caller, wallFrom, 't').sql : row;
}

/** The extra conditions (` and …`) on the rows of `table` this caller gets. */
export function onlyRows(caller: Caller, table: string, wallFrom: number): string {
  const conditions = [SYNCED_ONLY[table], table === 'interaction' ? replyVisible(caller, wallFrom, 't').sql : undefined].filter(Boolean);
  return conditions.map((condition) => ` and ${condition}`).join('');
}

/** The wall's parameter values (staff; overflow gets no walled table), from `wallFrom` on. */
export function wallParams(caller: Caller, wallFrom: number): readonly unknown[] {
  return escalationJson(caller, wallFrom, 't').params;
}

/** The highest value the change sequence has handed out (0 before the first). */
export const HEAD_QUERY = `select case when is_called then last_value else last_value - 1 end as head from change_seq`;
