import type { CallbackCreateRequest, CustomerCreateRequest, Draft, EscalationCreateRequest, WrapUpRequest } from '../../common/contract/data.ts';
import { LoketError } from '../../common/errors.ts';
import { toE164 } from '../../common/phone.ts';
import type { LocalCache } from '../cache/local-cache.ts';
import type { NewOutboxItem } from '../cache/outbox-store.ts';
import type { DataState } from './data-state.ts';

type Written = { id: string; pending: boolean };

/**
 * Everything the agent writes: notes, new customers and their numbers, wrap-ups, escalations,
 * callbacks — each stored here at once with its outbox row — and the drafts of what is typed.
 */
export class OutboxWrites {
  readonly #state: DataState;

  constructor(state: DataState) {
    this.#state = state;
  }

  async addNote(note: { id: string; customerId: string; text: string; draftKey?: string | undefined }): Promise<Written> {
    if (this.#state.noSecretStore) {
      // No cache may be kept here, so no outbox either: the note goes straight to the hub, and
      // if the hub is unreachable the agent keeps the text in the box and is told so.
      this.#state.requireHubReads();
      await this.#state.fromHub(
        () => this.#state.session.request('PUT', `/interactions/${note.id}`, {
          customerId: note.customerId, channel: 'note', direction: 'internal', startedAt: new Date().toISOString(), note: note.text,
        }),
        true,
      );
      this.#state.customerChanged(note.customerId);
      return { id: note.id, pending: false };
    }
    const cache = this.#state.requireCache();
    cache.addNote({ ...note, agentId: this.#state.agentId() });
    this.#state.queued(note.customerId);
    return { id: note.id, pending: true };
  }

  /** A new customer (an unknown caller): stored here at once, sent through the outbox. */
  async createCustomer(request: CustomerCreateRequest): Promise<Written> {
    const phone = request.phone ? toE164(request.phone, request.country) : null;
    if (request.phone && !phone) throw new LoketError('customer.invalidPhone', { phone: request.phone });
    const body = {
      name: request.name.trim(),
      language: request.language,
      country: request.country.toUpperCase(),
      phones: phone ? [phone] : [],
      emails: request.email ? [request.email.toLowerCase()] : [],
    };
    // The id is already a customer here: the same name is the page repeating its create (stored
    // once); another name is another customer, whom storing this would overwrite — and the hub
    // refuses it (409) for good while the outbox kept retrying it ahead of every later write.
    const cache = this.#state.cache;
    const existing = cache ? cache.guard(() => cache.db.prepare('select name from customer where id = ?').get(request.id) as { name: string } | undefined) : undefined;
    if (cache && existing) {
      if (existing.name !== body.name) throw new LoketError('request.invalid', { channel: 'customers.create', field: 'id' });
      return { id: request.id, pending: cache.guard(() => cache.outbox.pendingFor(request.id)) };
    }
    return this.#write(
      { kind: 'customer', entityTable: 'customer', entityId: request.id, customerId: request.id, method: 'PUT', path: `/customers/${request.id}`, body, summary: body.name },
      (_db, tools) => {
        tools.apply([{ seq: 0, entity: 'customer', row: { id: request.id, ...body, segment: 'regular', office_id: null, updated_at: Date.now() } }]);
      },
    );
  }

  /** Adds a number to a known customer (read in the customer's country), so their next call pops. */
  async addCustomerPhone(customerId: string, typed: string): Promise<Written> {
    const phone = toE164(typed, this.#countryOf(customerId));
    if (!phone) throw new LoketError('customer.invalidPhone', { phone: typed });
    return this.#write(
      { kind: 'customer', entityTable: 'customer', entityId: customerId, customerId, method: 'POST', path: `/customers/${customerId}/phones`, body: { phone }, summary: phone },
      (db, tools) => {
        const row = db.prepare('select * from customer where id = ?').get(customerId) as Record<string, unknown> | undefined;
        if (!row) return;
        const phones = JSON.parse(String(row.phones)) as string[];
        if (phones.includes(phone)) return;
        tools.apply([{ seq: 0, entity: 'customer', row: {
          ...row, phones: [...phones, phone], emails: JSON.parse(String(row.emails)) as string[], officeName: row.office_name,
          address: row.address === null ? null : JSON.parse(String(row.address)) as unknown, updated_at: Date.now(),
        } }]);
      },
    );
  }

  /**
   * Saves a wrap-up: completes the contact's interaction (a call's), or creates it (a contact
   * wrapped up on demand), in the cache and the outbox in one transaction.
   */
  async wrapUp(request: WrapUpRequest): Promise<Written> {
    const agentId = this.#state.agentId();
    const now = Date.now();
    const fields = {
      reasons: request.reasons, outcome: request.outcome, firstContactFix: request.firstContactFix,
      transfers: request.transfers, note: request.note?.trim() ? request.note.trim() : null, orderId: request.orderId,
    };
    const summary = request.reasons.join(', ');
    const id = request.interactionId;
    // A repeated request (the answer to the first was lost): the contact is already stored and
    // queued; queuing it again with a new end time would make the hub refuse it as a conflict.
    const cache = this.#state.cache;
    if (request.create && cache && cache.guard(() => cache.db.prepare('select 1 from interaction where id = ?').get(id)) !== undefined) {
      return { id, pending: cache.guard(() => cache.outbox.pendingFor(id)) };
    }
    const result = request.create
      ? await this.#write(
          { kind: 'wrapUp', entityTable: 'interaction', entityId: id, customerId: request.customerId, method: 'PUT', path: `/interactions/${id}`,
            body: { customerId: request.customerId, channel: request.create.channel, direction: request.create.direction, startedAt: request.create.startedAt,
              endedAt: new Date(now).toISOString(), ...fields }, summary },
          (db, tools) => {
            const { lastInsertRowid } = db.prepare(`insert into interaction (id, customer_id, agent_id, channel, direction, started_ms, ended_ms, reasons, outcome,
                first_contact_fix, transfers, note, order_id, pending) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) on conflict (id) do nothing`)
              .run(id, request.customerId, agentId, request.create?.channel, request.create?.direction, Date.parse(request.create?.startedAt ?? ''), now,
                JSON.stringify(fields.reasons), fields.outcome, fields.firstContactFix ? 1 : 0, fields.transfers, fields.note, fields.orderId);
            if (fields.note) tools.notes.added(lastInsertRowid, fields.note);
            if (request.draftKey) db.prepare('delete from draft where key = ?').run(request.draftKey);
          },
        )
      : await this.#write(
          // The customer too: a call linked after main forgot it may still lack one at the hub
          // (linking is once and to the same customer only, so repeating it is harmless).
          { kind: 'wrapUp', entityTable: 'interaction', entityId: id, customerId: request.customerId, method: 'PATCH', path: `/interactions/${id}`,
            body: { customerId: request.customerId, ...fields }, summary },
          (db, tools) => {
            const before = db.prepare('select rowid, note from interaction where id = ?').get(id) as { rowid: number; note: string | null } | undefined;
            if (before) {
              db.prepare(`update interaction set reasons = ?, outcome = ?, first_contact_fix = ?, transfers = ?, note = ?, order_id = ?, pending = 1 where id = ?`)
                .run(JSON.stringify(fields.reasons), fields.outcome, fields.firstContactFix ? 1 : 0, fields.transfers, fields.note, fields.orderId, id);
              tools.notes.changed(before.rowid, before.note, fields.note);
            }
            if (request.draftKey) db.prepare('delete from draft where key = ?').run(request.draftKey);
          },
        );
    return result;
  }

  async createEscalation(request: EscalationCreateRequest): Promise<Written> {
    const agentId = this.#state.agentId();
    const body = {
      customerId: request.customerId,
      interactionId: request.interactionId,
      orderId: request.orderId,
      queue: request.queue,
      assignTo: request.assignTo,
      priority: request.priority,
      summary: request.summary,
    };
    return this.#write(
      { kind: 'escalation', entityTable: 'escalation', entityId: request.id, customerId: request.customerId, method: 'PUT', path: `/escalations/${request.id}`, body, summary: request.summary },
      (db) => {
        db.prepare(`insert into escalation (id, customer_id, interaction_id, created_by, queue, status, summary, created_ms, pending)
          values (?, ?, ?, ?, ?, 'open', ?, ?, 1) on conflict (id) do nothing`).run(request.id, request.customerId, request.interactionId, agentId, request.queue, request.summary, Date.now());
      },
    );
  }

  async createCallback(request: CallbackCreateRequest): Promise<Written> {
    const agentId = this.#state.agentId();
    const phone = toE164(request.phone, this.#countryOf(request.customerId));
    if (!phone) throw new LoketError('customer.invalidPhone', { phone: request.phone });
    const body = { customerId: request.customerId, dueAt: request.dueAt, phone, note: request.note };
    return this.#write(
      { kind: 'callback', entityTable: 'callback', entityId: request.id, customerId: request.customerId, method: 'PUT', path: `/callbacks/${request.id}`, body, summary: `${phone} ${request.note ?? ''}`.trim() },
      (db) => {
        db.prepare(`insert into callback (id, customer_id, created_by, assigned_to, due_ms, status, phone, note, created_ms, pending)
          values (?, ?, ?, ?, ?, 'open', ?, ?, ?, 1) on conflict (id) do nothing`).run(request.id, request.customerId, agentId, agentId, Date.parse(request.dueAt), phone, request.note, Date.now());
      },
    );
  }

  // ---- drafts ----
  /** Without a secret store nothing typed may be written to disk: drafts then live only in the text box. */
  saveDraft(key: string, text: string): { savedAt: string | null } {
    if (this.#state.noSecretStore) return { savedAt: null };
    return { savedAt: this.#state.requireCache().saveDraft(key, text) };
  }

  draft(key: string): Draft | null {
    if (this.#state.noSecretStore) return null;
    return this.#state.requireCache().draft(key);
  }

  // ---- internals ----
  /** Numbers typed for a customer are read in the customer's country, else the agent's office's. */
  #countryOf(customerId: string): string {
    const cache = this.#state.cache;
    return (cache ? cache.guard(() => cache.queries.customer360(customerId)?.customer.country) : undefined) ?? this.#state.session.agent()?.officeCountry ?? 'NL';
  }

  /**
   * One write of the agent: the local row and the outbox entry in one transaction; without a
   * cache (no key store on this machine) straight to the hub, and an unreachable hub is an error
   * the agent sees (the form keeps what was typed).
   */
  async #write(item: NewOutboxItem, local: Parameters<LocalCache['enqueue']>[1]): Promise<Written> {
    if (this.#state.noSecretStore) {
      this.#state.requireHubReads();
      await this.#state.fromHub(() => this.#state.session.request(item.method, item.path, item.body), true);
      this.#state.customerChanged(item.customerId);
      return { id: item.entityId, pending: false };
    }
    const cache = this.#state.requireCache();
    cache.enqueue(item, local);
    this.#state.queued(item.customerId);
    return { id: item.entityId, pending: true };
  }
}
