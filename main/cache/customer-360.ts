import type { Customer360, LanguageColleagues } from '../../common/contract/data.ts';
import { CustomerFacts } from '../../common/hub/api.ts';
import { parsePostalAddress } from '../../common/postal-address.ts';
import type { SqliteDb } from './cache-db.ts';
import { iso } from './timeline-pages.ts';

/** A customer row of the cache as the reads select it (phones and e-mails as JSON arrays). */
export interface CustomerRowBase {
  id: string;
  name: string;
  country: string;
  language: string;
  segment: string;
  office_id: string | null;
  office_name: string | null;
  phones: string;
  emails: string;
}

interface Customer360Row extends CustomerRowBase {
  address: string | null;
  billing_address: string | null;
  facts: string | null;
}

type OrderRow = { id: string; number: string; status: string; currency: string; total_cents: number; placed_ms: number };

/**
 * A customer's 360 from the cache. Counters, last order, NPS and CSAT come from the hub's record
 * (the facts synced with the customer row), so a loyal customer quiet for longer than the cache's
 * retention does not look new. What this console holds still counts where it is newer than the
 * facts it has (a write of this agent not yet acknowledged, an order synced a moment before its
 * customer's new facts). Before a hub that keeps facts has sent the row, the cache is counted.
 */
export class Customer360Reader {
  readonly #byId;
  readonly #counts;
  readonly #lifetime;
  readonly #lastOrder;
  readonly #lastFeedback;
  readonly #openEscalations;
  readonly #openCallbacks;
  readonly #heldOrders;
  readonly #recordedOrders;

  constructor(db: SqliteDb) {
    this.#byId = db.prepare(`select id, name, country, language, segment, office_id, office_name, phones, emails, address, billing_address, facts
      from customer where id = ?`);
    this.#counts = db.prepare(`select (select count(*) from shop_order where customer_id = @id) as orders,
      (select count(*) from interaction where customer_id = @id) as interactions`);
    this.#lifetime = db.prepare(`select currency, sum(total_cents) as cents from shop_order where customer_id = ? and status not in ('returned', 'cancelled') group by currency order by currency`);
    this.#lastOrder = db.prepare('select id, number, status, currency, total_cents, placed_ms from shop_order where customer_id = ? order by placed_ms desc, id desc limit 1');
    this.#lastFeedback = db.prepare('select score, occurred_ms from feedback where customer_id = ? and kind = ? order by occurred_ms desc limit 1');
    this.#openEscalations = db.prepare(`select id, queue, status, summary, created_ms from escalation where customer_id = ? and status != 'resolved' order by created_ms desc`);
    this.#openCallbacks = db.prepare(`select id, due_ms, phone, note from callback where customer_id = ? and status = 'open' order by due_ms`);
    this.#heldOrders = db.prepare('select count(*) from shop_order where customer_id = ?').pluck();
    this.#recordedOrders = db.prepare('select facts from customer where id = ?').pluck();
  }

  read(id: string, colleagues: (language: string) => LanguageColleagues): Customer360 | null {
    const row = this.#byId.get(id) as Customer360Row | undefined;
    if (!row) return null;
    const facts = parseFacts(row.facts);
    const counts = this.#counts.get({ id }) as { orders: number; interactions: number };
    const held = this.#lastOrder.get(id) as OrderRow | undefined;
    const heldOrder = held
      ? { id: held.id, number: held.number, status: held.status, currency: held.currency, totalCents: held.total_cents, placedAt: iso(held.placed_ms) }
      : null;
    const nps = this.#feedback(id, 'nps');
    const csat = this.#feedback(id, 'csat');
    const escalations = this.#openEscalations.all(id) as { id: string; queue: string; status: string; summary: string | null; created_ms: number }[];
    const callbacks = this.#openCallbacks.all(id) as { id: string; due_ms: number; phone: string; note: string | null }[];
    // The record cannot hold fewer than this console shows: a count only the cache has seen yet wins.
    const orders = Math.max(facts?.orders ?? 0, counts.orders);
    return {
      customer: {
        id: row.id,
        name: row.name,
        country: row.country,
        language: row.language,
        phones: JSON.parse(row.phones) as string[],
        emails: JSON.parse(row.emails) as string[],
        segment: row.segment,
        officeId: row.office_id,
        officeName: row.office_name,
        addresses: { delivery: parsePostalAddress(row.address), billing: parsePostalAddress(row.billing_address) },
      },
      counters: {
        orders,
        interactions: Math.max(facts?.interactions ?? 0, counts.interactions),
        lifetimeValue: facts && facts.orders >= counts.orders ? facts.lifetimeValue : (this.#lifetime.all(id) as { currency: string; cents: number }[]),
        repeatBuyer: (facts?.repeatBuyer ?? false) || orders >= 2,
      },
      // The same order held here is at least as fresh as the record's copy (its row syncs first).
      lastOrder: heldOrder && facts?.lastOrder?.id === heldOrder.id ? heldOrder : newer(facts?.lastOrder ?? null, heldOrder, (order) => order.placedAt),
      lastNps: newer(facts?.lastNps ?? null, nps, (answer) => answer.at),
      lastCsat: newer(facts?.lastCsat ?? null, csat, (answer) => answer.at),
      openEscalations: escalations.map((e) => ({ id: e.id, queue: e.queue, status: e.status, summary: e.summary, createdAt: iso(e.created_ms) })),
      openCallbacks: callbacks.map((c) => ({ id: c.id, dueAt: iso(c.due_ms), phone: c.phone, note: c.note })),
      languageColleagues: colleagues(row.language),
    };
  }

  /** How many of a customer's orders the record counts and how many this cache holds (null: no record synced yet). */
  orderCounts(customerId: string): { recorded: number | null; held: number } {
    const facts = parseFacts(this.#recordedOrders.get(customerId) as string | null | undefined);
    return { recorded: facts?.orders ?? null, held: this.#heldOrders.get(customerId) as number };
  }

  #feedback(id: string, kind: 'nps' | 'csat'): { score: number; at: string } | null {
    const row = this.#lastFeedback.get(id, kind) as { score: number; occurred_ms: number } | undefined;
    return row ? { score: row.score, at: iso(row.occurred_ms) } : null;
  }
}

/** The synced facts, or null when none came (a hub before migration 0005) or they are not readable. */
function parseFacts(text: string | null | undefined): CustomerFacts | null {
  if (!text) return null;
  try {
    const parsed = CustomerFacts.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The later of the record's and the cache's answer (the record's when they are equally new). */
function newer<T>(record: T | null, held: T | null, at: (value: T) => string): T | null {
  if (!record) return held;
  if (!held) return record;
  return Date.parse(at(held)) > Date.parse(at(record)) ? held : record;
}
