import type {
  Customer360,
  CustomerHit,
  CustomerSummary,
  LanguageColleagues,
  MatchKind,
  OrderDetail,
  ReasonOption,
  TimelinePage,
  WrapUpContext,
} from '../../common/contract/data.ts';
import { REPEAT_CONTACT_DAYS } from '../../common/contract/data.ts';
import { toE164 } from '../../common/phone.ts';
import type { SqliteDb } from './cache-db.ts';
import { Customer360Reader, type CustomerRowBase } from './customer-360.ts';
import { hitDetailsReader, type HitDetails } from './hit-details.ts';
import { phoneDigits } from './phone-tokens.ts';
import { iso, TimelinePages, type TimelineQuery } from './timeline-pages.ts';

export type { TimelineQuery } from './timeline-pages.ts';

interface CustomerRow extends CustomerRowBase {
  rowid: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** "Most used first" counts this agent's reasons over this window. */
const REASON_USE_DAYS = 90;
/** The recent-customers list keeps this many. */
export const RECENT_CUSTOMERS = 50;

/** An order number or the start of one: `NL-2025-0001234`, `NL-2025-00012`. */
const ORDER_PREFIX = /^[a-z]{2}-\d{4}-\d{1,7}$/i;
const CUSTOMER_COLUMNS = 'c.rowid, c.id, c.name, c.country, c.language, c.segment, c.office_id, c.office_name, c.phones, c.emails';

/** Escapes user text into FTS5 prefix terms: every word a quoted prefix, all required. */
export function ftsPrefixQuery(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}

/**
 * The read side of the cache: prepared once, each answer from indexes. Search tries the exact
 * keys first (a normalised phone, an e-mail, an order number), then the full-text index.
 */
export class CacheQueries {
  readonly #byPhone;
  readonly #byEmail;
  readonly #byOrder;
  readonly #byOrderPrefix;
  readonly #fts;
  readonly #hitDetails: (customerId: string) => HitDetails;
  /** The 360 and the record's order count (customer-360.ts). */
  readonly facts: Customer360Reader;
  readonly #notes;
  readonly #notesForCustomer;
  readonly #timeline: TimelinePages;
  readonly #colleagues;
  readonly #orders;
  readonly #orderEvents;
  readonly #recent;
  readonly #opened;
  readonly #trimRecent;
  readonly #reasons;
  readonly #reasonUses;
  readonly #recentContacts;

  constructor(db: SqliteDb) {
    this.#timeline = new TimelinePages(db);
    this.#hitDetails = hitDetailsReader(db);
    this.#byPhone = db.prepare(`select ${CUSTOMER_COLUMNS} from customer_phone p join customer c on c.id = p.customer_id where p.e164 = ? limit ?`);
    this.#byEmail = db.prepare(`select ${CUSTOMER_COLUMNS} from customer_email e join customer c on c.id = e.customer_id where e.email = ? limit ?`);
    this.#byOrder = db.prepare(`select ${CUSTOMER_COLUMNS}, o.number as order_number from shop_order o join customer c on c.id = o.customer_id where o.number = ? limit ?`);
    // A prefix of an order number ("NL-2025-00012"): a range on the number's index.
    this.#byOrderPrefix = db.prepare(`select ${CUSTOMER_COLUMNS}, o.number as order_number from shop_order o join customer c on c.id = o.customer_id
      where o.number >= @prefix and o.number < @prefix || char(1114111) order by o.number limit @limit`);
    this.#fts = db.prepare(`select ${CUSTOMER_COLUMNS} from customer_fts f join customer c on c.rowid = f.rowid where customer_fts match ? order by f.rank limit ?`);
    this.facts = new Customer360Reader(db);
    // Newest first rather than by bm25 rank: ranking scores every match (a common word matches
    // hundreds of thousands of notes), while FTS5 walks rowids in order and stops at the limit.
    this.#notes = db.prepare(`select i.id, i.customer_id, i.started_ms, snippet(interaction_fts, 0, '', '', '…', 12) as excerpt
      from interaction_fts f join interaction i on i.rowid = f.rowid where interaction_fts match ? order by f.rowid desc limit ?`);
    this.#notesForCustomer = db.prepare(`select i.id, i.customer_id, i.started_ms, snippet(interaction_fts, 0, '', '', '…', 12) as excerpt
      from interaction_fts f join interaction i on i.rowid = f.rowid where interaction_fts match ? and i.customer_id = ? order by i.started_ms desc limit ?`);
    // Colleagues (not the agent asking) who list the language; "free" = available right now.
    this.#colleagues = db.prepare(`select count(*) as total, coalesce(sum(p.status = 'available'), 0) as free
      from agent a left join presence p on p.agent_id = a.id
      where a.id != @self and exists (select 1 from json_each(a.languages) l where lower(l.value) = lower(@language))`);
    this.#orders = db.prepare('select id, number, status, currency, total_cents, placed_ms from shop_order where customer_id = ? order by placed_ms desc, id desc limit ?');
    this.#orderEvents = db.prepare(`select e.id, e.order_id, e.status, e.occurred_ms, e.tracking_ref from order_event e
      where e.order_id in (select value from json_each(?)) order by e.occurred_ms, e.id`);
    this.#recent = db.prepare(`select ${CUSTOMER_COLUMNS}, r.opened_ms from recent_customer r join customer c on c.id = r.customer_id order by r.opened_ms desc limit ?`);
    this.#opened = db.prepare('insert into recent_customer (customer_id, opened_ms) values (?, ?) on conflict (customer_id) do update set opened_ms = excluded.opened_ms');
    this.#trimRecent = db.prepare(`delete from recent_customer where customer_id not in (select customer_id from recent_customer order by opened_ms desc limit ${RECENT_CUSTOMERS})`);
    this.#reasons = db.prepare('select code, labels, sort from reason_code where active = 1 order by sort, code');
    this.#reasonUses = db.prepare(`select r.value as code, count(*) as uses from interaction i, json_each(i.reasons) r
      where i.agent_id = ? and i.started_ms >= ? group by r.value`);
    this.#recentContacts = db.prepare(`select id, started_ms, channel, reasons, outcome from interaction
      where customer_id = @customer and started_ms >= @since and id != @exclude and channel != 'note' order by started_ms desc limit 50`);
  }

  /** Other agents who speak `language`, and how many of them are available now. */
  languageColleagues(language: string, selfId: string | null): LanguageColleagues {
    const row = this.#colleagues.get({ language, self: selfId ?? '' }) as { total: number; free: number };
    return { total: row.total, free: row.free };
  }

  /** A customer's orders, newest first, each with its status changes oldest first. */
  orders(customerId: string, limit: number): OrderDetail[] {
    const orders = this.#orders.all(customerId, limit) as { id: string; number: string; status: string; currency: string; total_cents: number; placed_ms: number }[];
    if (orders.length === 0) return [];
    const events = this.#orderEvents.all(JSON.stringify(orders.map((o) => o.id))) as { id: string; order_id: string; status: string; occurred_ms: number; tracking_ref: string | null }[];
    const byOrder = new Map<string, OrderDetail['events']>();
    for (const e of events) {
      const list = byOrder.get(e.order_id) ?? [];
      list.push({ id: e.id, status: e.status, at: iso(e.occurred_ms), trackingRef: e.tracking_ref });
      byOrder.set(e.order_id, list);
    }
    return orders.map((o) => {
      const list = byOrder.get(o.id) ?? [];
      return {
        id: o.id,
        number: o.number,
        status: o.status,
        currency: o.currency,
        totalCents: o.total_cents,
        placedAt: iso(o.placed_ms),
        events: list,
        trackingRef: [...list].reverse().find((e) => e.trackingRef !== null)?.trackingRef ?? null,
      };
    });
  }

  recentCustomers(limit: number): (CustomerSummary & { openedAt: string })[] {
    return (this.#recent.all(limit) as (CustomerRow & { opened_ms: number })[]).map((row) => ({ ...summary(row), openedAt: iso(row.opened_ms) }));
  }

  /** Remembers an opened customer; the list keeps the newest 50. */
  markOpened(customerId: string, now: number): void {
    this.#opened.run(customerId, now);
    this.#trimRecent.run();
  }

  /** Active contact reasons, this agent's most used (last 90 days) first, then in the hub's order. */
  reasons(agentId: string | null, now: number): ReasonOption[] {
    const uses = new Map<string, number>();
    if (agentId) for (const row of this.#reasonUses.all(agentId, now - REASON_USE_DAYS * DAY_MS) as { code: string; uses: number }[]) uses.set(row.code, row.uses);
    const rows = this.#reasons.all() as { code: string; labels: string; sort: number }[];
    return rows
      .map((row, index) => ({ option: { code: row.code, labels: parseLabels(row.labels), uses: uses.get(row.code) ?? 0 }, index }))
      .sort((a, b) => b.option.uses - a.option.uses || a.index - b.index)
      .map((entry) => entry.option);
  }

  /** The customer's other contacts of the last 7 days (notes are not contacts). */
  wrapUpContext(customerId: string, excludeId: string | undefined, now: number): WrapUpContext {
    const rows = this.#recentContacts.all({ customer: customerId, since: now - REPEAT_CONTACT_DAYS * DAY_MS, exclude: excludeId ?? '' }) as {
      id: string;
      started_ms: number;
      channel: string;
      reasons: string;
      outcome: string | null;
    }[];
    return {
      recentContacts: rows.map((r) => ({ id: r.id, at: iso(r.started_ms), channel: r.channel, reasons: JSON.parse(r.reasons) as string[], outcome: r.outcome })),
    };
  }

  search(query: string, limit: number, officeCountry: string): CustomerHit[] {
    return this.searchPage(query, limit, officeCountry).hits;
  }

  /**
   * The first `limit` customers for a query, and whether there are more: every step asks for one
   * more than the limit, so "20 found" is never said of a list cut at 20.
   */
  searchPage(query: string, limit: number, officeCountry: string): { hits: CustomerHit[]; more: boolean } {
    const found = this.#searchRows(query, limit + 1, officeCountry);
    return { hits: found.slice(0, limit).map(([row, matchedOn]) => this.#toHit(row, matchedOn, row.order_number ?? null)), more: found.length > limit };
  }

  #searchRows(query: string, limit: number, officeCountry: string): [CustomerRow & { order_number?: string }, MatchKind][] {
    const q = query.trim();
    const hits = new Map<string, [CustomerRow & { order_number?: string }, MatchKind]>();
    const add = (rows: unknown[], matchedOn: MatchKind) => {
      for (const row of rows as (CustomerRow & { order_number?: string })[]) {
        if (hits.size >= limit) return;
        if (!hits.has(row.id)) hits.set(row.id, [row, matchedOn]);
      }
    };
    const digits = phoneDigits(q);
    if (digits) {
      const e164 = toE164(q, officeCountry);
      if (e164) add(this.#byPhone.all(e164, limit), 'phone');
      if (hits.size === 0) add(this.#fts.all(`phones: "${digits}"*`, limit), 'phone');
      return [...hits.values()];
    }
    if (q.includes('@')) {
      add(this.#byEmail.all(q.toLowerCase(), limit), 'email');
      // Only a partial address needs the full-text index ("anna.devr@").
      const terms = ftsPrefixQuery(q);
      if (terms && hits.size === 0) add(this.#fts.all(`emails: (${terms})`, limit), 'email');
      return [...hits.values()];
    }
    if (ORDER_PREFIX.test(q)) {
      const number = q.toUpperCase();
      add(this.#byOrder.all(number, limit), 'order');
      if (hits.size === 0) add(this.#byOrderPrefix.all({ prefix: number, limit }), 'order');
      if (hits.size > 0) return [...hits.values()];
    }
    const terms = ftsPrefixQuery(q);
    if (terms) {
      add(this.#fts.all(`name: (${terms})`, limit), 'name');
      if (hits.size < limit) add(this.#fts.all(`emails: (${terms})`, limit), 'email');
    }
    return [...hits.values()];
  }

  /** Customers with this (already normalised) phone number: the screen pop's question. */
  byPhone(e164: string, limit = 10): CustomerHit[] {
    return (this.#byPhone.all(e164, limit) as CustomerRow[]).map((row) => this.#toHit(row, 'phone', null));
  }

  /** A customer's 360: the hub's record of them, with what this cache holds (see `Customer360Reader`). */
  customer360(id: string, selfId: string | null = null): Customer360 | null {
    return this.facts.read(id, (language) => this.languageColleagues(language, selfId));
  }

  #toHit(row: CustomerRow, matchedOn: MatchKind, orderNumber: string | null): CustomerHit {
    return { ...summary(row), matchedOn, orderNumber, ...this.#hitDetails(row.id) };
  }

  /** One page of a customer's history (see `TimelinePages`). */
  timeline(customerId: string, before: string | undefined, limit: number, query: TimelineQuery = {}): TimelinePage {
    return this.#timeline.page(customerId, before, limit, query);
  }

  /** Full-text search over interaction notes, newest first (all customers, or one). */
  searchNotes(query: string, limit: number, customerId?: string): { id: string; customerId: string; at: string; excerpt: string }[] {
    const terms = ftsPrefixQuery(query);
    if (!terms) return [];
    const rows = (customerId ? this.#notesForCustomer.all(terms, customerId, limit) : this.#notes.all(terms, limit)) as {
      id: string;
      customer_id: string;
      started_ms: number;
      excerpt: string;
    }[];
    return rows.map((r) => ({ id: r.id, customerId: r.customer_id, at: iso(r.started_ms), excerpt: r.excerpt }));
  }
}

function parseLabels(text: string): Record<string, string> {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null) return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

function summary(row: CustomerRow) {
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    language: row.language,
    phones: JSON.parse(row.phones) as string[],
    emails: JSON.parse(row.emails) as string[],
  };
}
