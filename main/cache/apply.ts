import type { SqliteDb } from './cache-db.ts';
import { NoteIndex } from './note-index.ts';
import { phoneSearchText } from './phone-tokens.ts';

/** One row change from the hub's delta sync (`GET /sync`). */
export interface Change {
  readonly seq: number;
  readonly entity: string;
  readonly row: Record<string, unknown>;
}

/** What a batch of changes touched, for `customers.changed` and the live events it carried. */
export interface Applied {
  readonly rows: number;
  readonly customers: Set<string>;
  readonly events: { kind: string; payload: Record<string, unknown> }[];
}

type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const ms = (v: unknown): number | null => (v === null || v === undefined ? null : typeof v === 'number' ? v : Date.parse(String(v)));
const json = (v: unknown): string => JSON.stringify(v ?? []);
const jsonOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
const bool = (v: unknown): number | null => (v === null || v === undefined ? null : v ? 1 : 0);

/**
 * Writes the hub's row changes into the cache: upserts per entity, keeping rows the agent has
 * changed here and not yet sent (`pending = 1`), and refreshing the customer search index for
 * every customer whose name, contacts or orders changed. Rows older than the retention limit are
 * not stored (a purge would remove them again); the hub serves them when the timeline asks.
 */
export class ChangeApplier {
  readonly #db: SqliteDb;
  readonly #upsert: Record<string, (row: Row) => string | null>;
  readonly #ftsRefresh: (customerId: string) => void;
  readonly #notes: NoteIndex;
  /** Customers of the page being applied whose search row must be rebuilt. */
  readonly #searchDirty = new Set<string>();
  /** A first sync's bulk load (bulk-load.ts): indexes and search rows are built once at its end. */
  #bulk = false;

  constructor(db: SqliteDb) {
    this.#db = db;
    const p = (sql: string) => db.prepare(sql);

    const agent = p(`insert into agent (id, office_id, display_name, role, languages, email) values (?, ?, ?, ?, ?, ?)
      on conflict (id) do update set office_id = excluded.office_id, display_name = excluded.display_name, role = excluded.role,
        languages = excluded.languages, email = excluded.email`);
    const customer = p(`insert into customer (id, name, language, country, segment, office_id, address, phones, emails, updated_ms, office_name,
        billing_address, facts)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      on conflict (id) do update set name = excluded.name, language = excluded.language, country = excluded.country,
        segment = excluded.segment, office_id = excluded.office_id, address = excluded.address, phones = excluded.phones,
        emails = excluded.emails, updated_ms = excluded.updated_ms, office_name = excluded.office_name,
        billing_address = excluded.billing_address, facts = excluded.facts`);
    const searchable = p('select name, phones, emails from customer where id = ?');
    const clearPhones = p('delete from customer_phone where customer_id = ?');
    const addPhone = p('insert or ignore into customer_phone (e164, customer_id) values (?, ?)');
    const clearEmails = p('delete from customer_email where customer_id = ?');
    const addEmail = p('insert or ignore into customer_email (email, customer_id) values (?, ?)');
    const order = p(`insert into shop_order (id, customer_id, number, currency, total_cents, status, placed_ms) values (?, ?, ?, ?, ?, ?, ?)
      on conflict (id) do update set customer_id = excluded.customer_id, number = excluded.number, currency = excluded.currency,
        total_cents = excluded.total_cents, status = excluded.status, placed_ms = excluded.placed_ms`);
    const orderCustomer = p('select customer_id from shop_order where id = ?').pluck();
    const fixOrderEvents = p('update order_event set customer_id = ? where order_id = ? and customer_id is null');
    const orderEvent = p(`insert into order_event (id, order_id, customer_id, status, occurred_ms, tracking_ref) values (?, ?, ?, ?, ?, ?)
      on conflict (id) do update set status = excluded.status, occurred_ms = excluded.occurred_ms, tracking_ref = excluded.tracking_ref,
        customer_id = coalesce(excluded.customer_id, order_event.customer_id)`);
    const cart = p(`insert into cart (id, customer_id, status, value_cents, currency, occurred_ms) values (?, ?, ?, ?, ?, ?)
      on conflict (id) do update set status = excluded.status, value_cents = excluded.value_cents, currency = excluded.currency,
        occurred_ms = excluded.occurred_ms`);
    const interaction = p(`insert into interaction (id, customer_id, agent_id, channel, direction, started_ms, ended_ms, reasons, outcome,
        first_contact_fix, transfers, note, order_id, sip_call_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      on conflict (id) do update set customer_id = excluded.customer_id, agent_id = excluded.agent_id, channel = excluded.channel,
        direction = excluded.direction, started_ms = excluded.started_ms, ended_ms = excluded.ended_ms, reasons = excluded.reasons,
        outcome = excluded.outcome, first_contact_fix = excluded.first_contact_fix, transfers = excluded.transfers,
        note = excluded.note, order_id = excluded.order_id, sip_call_id = excluded.sip_call_id
      where interaction.pending = 0`);
    const escalation = p(`insert into escalation (id, customer_id, interaction_id, created_by, queue, assigned_to, status, summary,
        resolution, created_ms, resolved_ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      on conflict (id) do update set queue = excluded.queue, assigned_to = excluded.assigned_to, status = excluded.status,
        summary = excluded.summary, resolution = excluded.resolution, resolved_ms = excluded.resolved_ms
      where escalation.pending = 0`);
    const callback = p(`insert into callback (id, customer_id, created_by, assigned_to, due_ms, status, phone, note, created_ms)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?)
      on conflict (id) do update set assigned_to = excluded.assigned_to, due_ms = excluded.due_ms, status = excluded.status,
        phone = excluded.phone, note = excluded.note
      where callback.pending = 0`);
    const feedback = p(`insert into feedback (id, customer_id, kind, score, comment, occurred_ms) values (?, ?, ?, ?, ?, ?)
      on conflict (id) do update set kind = excluded.kind, score = excluded.score, comment = excluded.comment, occurred_ms = excluded.occurred_ms`);
    const reason = p(`insert into reason_code (code, labels, sort, active) values (?, ?, ?, ?)
      on conflict (code) do update set labels = excluded.labels, sort = excluded.sort, active = excluded.active`);
    const presence = p(`insert into presence (agent_id, status, since_ms) values (?, ?, ?)
      on conflict (agent_id) do update set status = excluded.status, since_ms = excluded.since_ms`);

    this.#ftsRefresh = ftsRefresher(db);
    this.#notes = new NoteIndex(db);
    const existingInteraction = db.prepare('select rowid, note, pending from interaction where id = ?');

    this.#upsert = {
      agent: (r) => {
        agent.run(str(r.id), str(r.officeId ?? r.office_id), str(r.displayName ?? r.display_name) ?? '', str(r.role) ?? '', json(r.languages), str(r.email));
        return null;
      },
      customer: (r) => {
        const id = String(r.id);
        const phones = (r.phones as string[] | null) ?? [];
        const emails = (r.emails as string[] | null) ?? [];
        const before = searchable.get(id) as { name: string; phones: string; emails: string } | undefined;
        const name = str(r.name) ?? '';
        customer.run(id, name, str(r.language) ?? '', str(r.country) ?? '', str(r.segment) ?? 'regular', str(r.office_id), jsonOrNull(r.address),
          json(phones), json(emails), ms(r.updated_at) ?? 0, str(r.officeName), jsonOrNull(r.billing_address), jsonOrNull(r.facts));
        // A customer row comes again whenever its facts change (every order, contact, survey):
        // the search row and the phone and e-mail keys are rebuilt only when what they hold changed.
        if (before && before.name === name && before.phones === json(phones) && before.emails === json(emails)) return id;
        // A new customer has no keys to clear (and in a bulk load the customer_id index is not there to find them).
        if (before) clearPhones.run(id);
        for (const phone of phones) addPhone.run(phone, id);
        if (before) clearEmails.run(id);
        for (const email of emails) addEmail.run(email, id);
        if (!this.#bulk) this.#searchDirty.add(id);
        return id;
      },
      shop_order: (r) => {
        const customerId = String(r.customer_id);
        order.run(str(r.id), customerId, str(r.number), str(r.currency), num(r.total_cents), str(r.status), ms(r.placed_at));
        // In a bulk load the order's steps come after it; the few that came first are fixed at its end (bulk-load.ts).
        if (!this.#bulk) fixOrderEvents.run(customerId, str(r.id));
        return customerId;
      },
      order_event: (r) => {
        const customerId = (orderCustomer.get(str(r.order_id)) as string | undefined) ?? null;
        orderEvent.run(str(r.id), str(r.order_id), customerId, str(r.status), ms(r.occurred_at), str(r.tracking_ref));
        return customerId;
      },
      cart: (r) => {
        cart.run(str(r.id), str(r.customer_id), str(r.status), num(r.value_cents), str(r.currency), ms(r.occurred_at));
        return str(r.customer_id);
      },
      interaction: (r) => {
        // A note that changed on an existing row is re-indexed here; new rows at the end of the page.
        // (A bulk load fills the note index at its end: no lookup per row.)
        const before = this.#bulk ? undefined : (existingInteraction.get(str(r.id)) as { rowid: number; note: string | null; pending: number } | undefined);
        if (before && before.pending === 0) this.#notes.changed(before.rowid, before.note, str(r.note));
        interaction.run(str(r.id), str(r.customer_id), str(r.agent_id), str(r.channel), str(r.direction), ms(r.started_at), ms(r.ended_at),
          json(r.reasons), str(r.outcome), bool(r.first_contact_fix), num(r.transfers) ?? 0, str(r.note), str(r.order_id), str(r.sip_call_id));
        return str(r.customer_id);
      },
      escalation: (r) => {
        escalation.run(str(r.id), str(r.customer_id), str(r.interaction_id), str(r.created_by), str(r.queue), str(r.assigned_to), str(r.status),
          str(r.summary), str(r.resolution), ms(r.created_at), ms(r.resolved_at));
        return str(r.customer_id);
      },
      callback: (r) => {
        callback.run(str(r.id), str(r.customer_id), str(r.created_by), str(r.assigned_to), ms(r.due_at), str(r.status), str(r.phone) ?? '',
          str(r.note), ms(r.created_at));
        return str(r.customer_id);
      },
      feedback: (r) => {
        feedback.run(str(r.id), str(r.customer_id), str(r.kind), num(r.score), str(r.comment), ms(r.occurred_at));
        return str(r.customer_id);
      },
      reason_code: (r) => {
        reason.run(str(r.code), JSON.stringify(r.labels ?? {}), num(r.sort) ?? 0, bool(r.active) ?? 1);
        return null;
      },
      presence: (r) => {
        presence.run(str(r.agent_id), str(r.status), ms(r.updated_at ?? r.since));
        return null;
      },
    };
  }

  /**
   * Applies one page of changes in one transaction (all or nothing: `changes` may be read as they
   * are parsed, and a failure midway keeps none of them), then indexes the touched
   * customers and new notes — unless `bulk`: then the search indexes are filled at the end of the
   * load (bulk-load.ts `finishBulkLoad`).
   */
  apply(changes: Iterable<Change>, keepSinceMs: number | null, bulk = false): Applied {
    const customers = new Set<string>();
    let rows = 0;
    this.#searchDirty.clear();
    this.#bulk = bulk;
    const events: Applied['events'] = [];
    const run = this.#db.transaction(() => {
      const newNotesAfter = bulk ? 0 : this.#notes.mark();
      for (const change of changes) {
        rows++;
        if (change.entity === 'event') {
          events.push({ kind: String(change.row.kind), payload: (change.row.payload as Record<string, unknown> | null) ?? {} });
          continue;
        }
        if (keepSinceMs !== null && tooOld(change, keepSinceMs)) continue;
        const upsert = this.#upsert[change.entity];
        if (!upsert) continue; // an entity a newer hub syncs: ignored, not an error
        const customerId = upsert(change.row);
        if (customerId) customers.add(customerId);
      }
      for (const id of this.#searchDirty) this.#ftsRefresh(id);
      this.#searchDirty.clear();
      if (!bulk) this.#notes.indexNewerThan(newNotesAfter);
    });
    try {
      run();
    } finally {
      this.#bulk = false;
    }
    return { rows, customers, events };
  }
}

/** History rows whose time lies before the retention limit. Customers and reference data are always kept. */
function tooOld(change: Change, keepSinceMs: number): boolean {
  const r = change.row;
  const at =
    change.entity === 'interaction' ? r.started_at
    : change.entity === 'shop_order' ? r.placed_at
    : change.entity === 'order_event' || change.entity === 'cart' || change.entity === 'feedback' ? r.occurred_at
    : change.entity === 'escalation' ? (r.status === 'resolved' ? r.resolved_at ?? r.created_at : null)
    : change.entity === 'callback' ? (r.status === 'open' ? null : r.due_at)
    : null;
  if (at === null || at === undefined) return false;
  const t = ms(at);
  return t !== null && t < keepSinceMs;
}

export interface CustomerSearchSource {
  readonly rowid: number;
  readonly name: string;
  readonly phones: string;
  readonly emails: string;
}

/** A customer's search row: name, e-mails, phones in every common format. */
export function customerSearchRow(row: CustomerSearchSource): { name: string; emails: string; phones: string } {
  const phones = (JSON.parse(row.phones) as string[]).map(phoneSearchText).join(' ');
  const emails = (JSON.parse(row.emails) as string[]).join(' ');
  return { name: row.name, emails, phones };
}

/** Rebuilds one customer's search row. */
export function ftsRefresher(db: SqliteDb): (customerId: string) => void {
  const customer = db.prepare('select rowid, name, phones, emails from customer where id = ?');
  const write = db.prepare('insert or replace into customer_fts (rowid, name, emails, phones) values (?, ?, ?, ?)');
  return (customerId) => {
    const row = customer.get(customerId) as CustomerSearchSource | undefined;
    if (!row) return;
    const search = customerSearchRow(row);
    write.run(row.rowid, search.name, search.emails, search.phones);
  };
}
