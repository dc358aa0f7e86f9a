import path from 'node:path';
import type {
  CacheState,
  CallbackCreateRequest,
  Customer360,
  CustomerCreateRequest,
  CustomerHit,
  CustomerSearchResponse,
  Draft,
  EscalationCreateRequest,
  OrderDetail,
  ReasonOption,
  RecentCustomersResponse,
  SetAsideItem,
  SyncStatus,
  TimelineEntry,
  TimelinePage,
  WrapUpContext,
  WrapUpRequest,
} from '../../common/contract/data.ts';
import { toE164 } from '../../common/phone.ts';
import type { TimelineQuery } from '../cache/queries.ts';
import type { HubStatus, Settings } from '../../common/contract/contract.ts';
import { LoketError } from '../../common/errors.ts';
import type { EventHub } from '../contract/events.ts';
import type { Applied } from '../cache/apply.ts';
import { LocalCache } from '../cache/local-cache.ts';
import type { NewOutboxItem } from '../cache/outbox-store.ts';
import type { SecretVault } from '../cache/vault.ts';
import { HubRequestError, type HubCredentials, type HubSession } from '../hub/hub-session.ts';
import { STAFF } from '../../common/hub/roles.ts';
import { HUB_CURSOR, hubCursorAfter, hubCustomer, hubReasons, hubSearch, hubTimeline, matchesTimelineQuery, ordersFromTimeline } from '../sync/hub-reads.ts';
import { createLogger } from '../log.ts';
import { OutboxSender } from '../sync/outbox-sender.ts';
import { Syncer } from '../sync/syncer.ts';

const log = createLogger('console-data');

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_CHANGED_IDS = 500;

export interface ConsoleDataOptions {
  readonly dataDir: string;
  readonly vault: SecretVault;
  readonly session: HubSession;
  readonly events: EventHub;
  readonly retentionDays: () => number;
}

/**
 * The console's data service: opens the encrypted cache for the signed-in agent, runs the sync
 * and the outbox while signed in, and answers the renderer's data requests from the cache. What
 * the top bar shows (online/offline, pending writes, sync progress) is assembled here.
 */
export class ConsoleData {
  readonly #options: ConsoleDataOptions;
  readonly #cacheDir: string;
  #cache: LocalCache | null = null;
  #cacheState: CacheState;
  #syncer: Syncer | null = null;
  #sender: OutboxSender | null = null;
  readonly #liveListeners = new Set<(kind: string) => void>();
  #connection: SyncStatus['connection'] = 'connecting';
  #retryAt: number | null = null;
  #purgeTimer: ReturnType<typeof setInterval> | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(options: ConsoleDataOptions) {
    this.#options = options;
    this.#cacheDir = path.join(options.dataDir, 'cache');
    this.#cacheState = options.vault.availability.ok ? { state: 'unavailable', reason: 'notSignedIn' } : { state: 'unavailable', reason: 'noSecretStore' };
  }

  start(): void {
    this.#unsubscribe = this.#options.session.onChange((status) => this.#onSession(status));
    this.#onSession(this.#options.session.status());
    this.#purgeTimer = setInterval(() => this.#purgeQuietly(), DAY_MS);
    this.#purgeTimer.unref?.();
  }

  dispose(): void {
    this.#unsubscribe?.();
    if (this.#purgeTimer) clearInterval(this.#purgeTimer);
    this.#closeCache();
  }

  /** The cache, when one is open (tests and benchmarks look inside). */
  get cache(): LocalCache | null {
    return this.#cache;
  }

  get syncer(): Syncer | null {
    return this.#syncer;
  }

  get sender(): OutboxSender | null {
    return this.#sender;
  }

  status(): SyncStatus {
    const counts = this.#cache ? this.#cache.guard(() => this.#cache?.outbox.counts()) : undefined;
    const lastSynced = this.#syncer?.lastSyncedAt ?? null;
    return {
      connection: this.#cache ? this.#connection : this.#options.session.status().state === 'signedIn' ? this.#connection : 'offline',
      phase: this.#syncer?.phase ?? 'idle',
      progress: this.#syncer?.progress ?? null,
      pending: counts?.pending ?? 0,
      setAside: counts?.setAside ?? 0,
      lastSyncedAt: lastSynced ? new Date(lastSynced).toISOString() : null,
      retryAt: this.#connection === 'offline' && this.#retryAt ? new Date(this.#retryAt).toISOString() : null,
      cache: this.#cacheState,
    };
  }

  // ---- sign-in ----
  async signIn(credentials: HubCredentials): Promise<HubStatus> {
    return this.#options.session.signIn(credentials);
  }

  async signOut(wipe: boolean): Promise<HubStatus> {
    const status = await this.#options.session.signOut();
    this.#closeCache();
    if (wipe) LocalCache.wipeFiles(this.#cacheDir, this.#options.vault);
    this.#emitStatus();
    this.#options.events.emit('customers.changed', { ids: [], all: true });
    return status;
  }

  // ---- reads: the cache first; the hub for what the cache does not hold ----
  async search(query: string, limit: number): Promise<CustomerSearchResponse> {
    const agent = this.#options.session.agent();
    const country = agent?.officeCountry ?? 'NL';
    const cache = this.#cache;
    if (cache) {
      const hits = cache.guard(() => cache.queries.search(query, limit, country));
      // Overflow agents' caches hold no customers; anyone's may miss a customer made a minute ago.
      if (hits.length > 0 || this.#connection === 'offline') return { hits };
    } else {
      this.#requireHubReads();
    }
    const canBrowse = agent ? STAFF.includes(agent.role) : false;
    return { hits: await this.#fromHub(() => hubSearch(this.#options.session, query, limit, country, canBrowse), !cache) };
  }

  /** A customer's 360 from the cache alone (null when not held): synchronous, for the screen pop's push. */
  cachedCustomer(id: string): Customer360 | null {
    const cache = this.#cache;
    return cache ? cache.guard(() => cache.queries.customer360(id, this.#options.session.agent()?.id ?? null)) : null;
  }

  async customer(id: string): Promise<Customer360> {
    const cache = this.#cache;
    const self = this.#options.session.agent()?.id ?? null;
    const found = cache ? cache.guard(() => cache.queries.customer360(id, self)) : (this.#requireHubReads(), null);
    if (found) return found;
    try {
      return await this.#fromHub(() => hubCustomer(this.#options.session, id), true);
    } catch (error) {
      if (error instanceof LoketError && error.code === 'hub.refused' && error.params.status === 404) throw new LoketError('customer.notFound', {});
      throw error;
    }
  }

  /**
   * The cache's pages first; when they run out, the cursor moves on to the hub (older history
   * than the retention, or customers the cache does not hold).
   */
  async timeline(customerId: string, before: string | undefined, limit: number, query: TimelineQuery = {}): Promise<TimelinePage> {
    // The hub's timeline has no filters: its pages are filtered here (a page may then hold fewer
    // items than asked; the cursor still moves on, so paging stays complete).
    const fromHub = async (cursor: string) => {
      const page = await this.#fromHub(() => hubTimeline(this.#options.session, customerId, cursor, limit), true);
      return { items: page.items.filter((item: TimelineEntry) => matchesTimelineQuery(item, query)), nextBefore: page.nextBefore };
    };
    if (before?.startsWith(HUB_CURSOR)) return fromHub(before.slice(HUB_CURSOR.length));
    const cache = this.#cache;
    if (!cache) {
      this.#requireHubReads();
      return fromHub('');
    }
    const page = cache.guard(() => cache.queries.timeline(customerId, before, limit, query));
    if (page.nextBefore) return page;
    const last = page.items[page.items.length - 1];
    // Older history than the cache keeps continues at the hub, after the last item shown.
    if (last) return { items: page.items, nextBefore: hubCursorAfter(last) };
    if (before) return page;
    // A filter that matches nothing here: the customer is held here, so the answer is "none".
    // (History older than the cache's retention is then not searched; unfiltered paging reaches it.)
    if (cache.guard(() => cache.queries.timeline(customerId, undefined, 1).items.length > 0)) return page;
    // Nothing here at all: a customer this console does not hold.
    return fromHub('');
  }

  /** A customer's orders with their status progression (from the cache; the hub's timeline without one). */
  async orders(customerId: string, limit: number): Promise<OrderDetail[]> {
    const cache = this.#cache;
    if (cache) {
      const orders = cache.guard(() => cache.queries.orders(customerId, limit));
      if (orders.length > 0 || cache.guard(() => cache.queries.customer360(customerId)) !== null) return orders;
    } else {
      this.#requireHubReads();
    }
    const page = await this.#fromHub(() => hubTimeline(this.#options.session, customerId, '', 200), true);
    return ordersFromTimeline(page.items).slice(0, limit);
  }

  recentCustomers(): RecentCustomersResponse {
    const cache = this.#cache;
    return { customers: cache ? cache.guard(() => cache.queries.recentCustomers(20)) : [] };
  }

  customerOpened(id: string): { ok: boolean } {
    const cache = this.#cache;
    if (!cache) return { ok: false };
    cache.guard(() => cache.queries.markOpened(id, Date.now()));
    return { ok: true };
  }

  /** Contact reasons for the wrap-up, this agent's most used first. */
  async reasons(): Promise<ReasonOption[]> {
    const cache = this.#cache;
    if (cache) {
      const reasons = cache.guard(() => cache.queries.reasons(this.#options.session.agent()?.id ?? null, Date.now()));
      if (reasons.length > 0) return reasons;
    } else {
      this.#requireHubReads();
    }
    return this.#fromHub(() => hubReasons(this.#options.session), !cache);
  }

  wrapUpContext(customerId: string, interactionId: string | undefined): WrapUpContext {
    const cache = this.#cache;
    return cache ? cache.guard(() => cache.queries.wrapUpContext(customerId, interactionId, Date.now())) : { recentContacts: [] };
  }

  /** Hub reads need a signed-in session; without a cache they are the only source. */
  #requireHubReads(): void {
    if (!this.#options.session.agent()) throw new LoketError('hub.notSignedIn', {});
  }

  async #fromHub<T>(read: () => Promise<T>, required: boolean): Promise<T> {
    try {
      const value = await read();
      this.#setReachable(true, null);
      return value;
    } catch (error) {
      if (error instanceof HubRequestError) {
        this.#setReachable(true, null);
        if (error.status === 401) throw new LoketError('hub.notSignedIn', {});
        throw new LoketError('hub.refused', { code: error.code, status: error.status });
      }
      this.#setReachable(false, null);
      if (!required) return [] as T;
      throw new LoketError('hub.unreachable', {});
    }
  }

  // ---- writes ----
  async addNote(note: { id: string; customerId: string; text: string; draftKey?: string | undefined }): Promise<{ id: string; pending: boolean }> {
    if (!this.#cache && this.#cacheState.state === 'unavailable' && this.#cacheState.reason === 'noSecretStore') {
      // No cache may be kept here, so no outbox either: the note goes straight to the hub, and
      // if the hub is unreachable the agent keeps the text in the box and is told so.
      this.#requireHubReads();
      await this.#fromHub(
        () => this.#options.session.request('PUT', `/interactions/${note.id}`, {
          customerId: note.customerId, channel: 'note', direction: 'internal', startedAt: new Date().toISOString(), note: note.text,
        }),
        true,
      );
      this.#options.events.emit('customers.changed', { ids: [note.customerId], all: false });
      return { id: note.id, pending: false };
    }
    const cache = this.#requireCache();
    cache.addNote({ ...note, agentId: this.#options.session.agent()?.id ?? null });
    this.#options.events.emit('customers.changed', { ids: [note.customerId], all: false });
    this.#emitStatus();
    this.#sender?.kick(true);
    return { id: note.id, pending: true };
  }

  /** A new customer (an unknown caller): stored here at once, sent through the outbox. */
  async createCustomer(request: CustomerCreateRequest): Promise<{ id: string; pending: boolean }> {
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
    const cache = this.#cache;
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
  async addCustomerPhone(customerId: string, typed: string): Promise<{ id: string; pending: boolean }> {
    const cache = this.#cache;
    const country = (cache ? cache.guard(() => cache.queries.customer360(customerId)?.customer.country) : undefined) ?? this.#options.session.agent()?.officeCountry ?? 'NL';
    const phone = toE164(typed, country);
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
  async wrapUp(request: WrapUpRequest): Promise<{ id: string; pending: boolean }> {
    const agentId = this.#options.session.agent()?.id ?? null;
    const now = Date.now();
    const fields = {
      reasons: request.reasons, outcome: request.outcome, firstContactFix: request.firstContactFix,
      transfers: request.transfers, note: request.note?.trim() ? request.note.trim() : null, orderId: request.orderId,
    };
    const summary = request.reasons.join(', ');
    const id = request.interactionId;
    // A repeated request (the answer to the first was lost): the contact is already stored and
    // queued; queuing it again with a new end time would make the hub refuse it as a conflict.
    const cache = this.#cache;
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

  async createEscalation(request: EscalationCreateRequest): Promise<{ id: string; pending: boolean }> {
    const agentId = this.#options.session.agent()?.id ?? null;
    const body = { customerId: request.customerId, interactionId: request.interactionId, queue: request.queue, summary: request.summary };
    return this.#write(
      { kind: 'escalation', entityTable: 'escalation', entityId: request.id, customerId: request.customerId, method: 'PUT', path: `/escalations/${request.id}`, body, summary: request.summary },
      (db) => {
        db.prepare(`insert into escalation (id, customer_id, interaction_id, created_by, queue, status, summary, created_ms, pending)
          values (?, ?, ?, ?, ?, 'open', ?, ?, 1) on conflict (id) do nothing`).run(request.id, request.customerId, request.interactionId, agentId, request.queue, request.summary, Date.now());
      },
    );
  }

  async createCallback(request: CallbackCreateRequest): Promise<{ id: string; pending: boolean }> {
    const agentId = this.#options.session.agent()?.id ?? null;
    const cache = this.#cache;
    const country = (cache ? cache.guard(() => cache.queries.customer360(request.customerId)?.customer.country) : undefined) ?? this.#options.session.agent()?.officeCountry ?? 'NL';
    const phone = toE164(request.phone, country);
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

  /**
   * One write of the agent: the local row and the outbox entry in one transaction; without a
   * cache (no key store on this machine) straight to the hub, and an unreachable hub is an error
   * the agent sees (the form keeps what was typed).
   */
  async #write(item: NewOutboxItem, local: Parameters<LocalCache['enqueue']>[1]): Promise<{ id: string; pending: boolean }> {
    if (this.#noSecretStore()) {
      this.#requireHubReads();
      await this.#fromHub(() => this.#options.session.request(item.method, item.path, item.body), true);
      if (item.customerId) this.#options.events.emit('customers.changed', { ids: [item.customerId], all: false });
      return { id: item.entityId, pending: false };
    }
    const cache = this.#requireCache();
    cache.enqueue(item, local);
    if (item.customerId) this.#options.events.emit('customers.changed', { ids: [item.customerId], all: false });
    this.#emitStatus();
    this.#sender?.kick(true);
    return { id: item.entityId, pending: true };
  }

  /** Told the kind of every live event from the hub (while a cache, and so a syncer, runs). */
  onLiveEvent(listener: (kind: string) => void): () => void {
    this.#liveListeners.add(listener);
    return () => this.#liveListeners.delete(listener);
  }

  // ---- calls ----
  /** Customers whose phone is this E.164 number (the screen pop's question); empty without a cache. */
  customersByPhone(e164: string): CustomerHit[] {
    const cache = this.#cache;
    return cache ? cache.guard(() => cache.queries.byPhone(e164, 5)) : [];
  }

  /**
   * The screen pop's question asked of the hub, when this console's cache holds no customers
   * (overflow agents sync none; a machine without a key store keeps none). Null: the cache is
   * the answer (it is kept current by live sync).
   */
  async lookupCallerOnline(e164: string): Promise<CustomerHit[] | null> {
    const agent = this.#options.session.agent();
    if (!agent) return null;
    if (this.#cache && agent.role !== 'overflow') return null;
    return this.#fromHub(() => hubSearch(this.#options.session, e164, 5, agent.officeCountry, false), false);
  }

  /**
   * A call's interaction: created through the outbox when the call starts (so a crash mid-call
   * still leaves a record) and completed when it ends — two writes, sent in order. Without a
   * cache (no key store) the writes go straight to the hub, best effort; not signed in, there
   * is no one to log to.
   */
  logCall(entry: CallLogEntry): void {
    const write = callLogWrite(entry);
    const cache = this.#cache;
    if (cache) {
      cache.enqueue(write.outbox, (db) => {
        if (!entry.customerId) return;
        if (entry.phase === 'start' || entry.phase === 'link') {
          db.prepare(`insert into interaction (id, customer_id, agent_id, channel, direction, started_ms, sip_call_id, pending)
            values (@id, @customerId, @agentId, 'phone', @direction, @startedMs, @sipCallId, 1) on conflict (id) do nothing`)
            .run({ id: entry.id, customerId: entry.customerId, agentId: this.#options.session.agent()?.id ?? null, direction: entry.direction, startedMs: entry.startedAt, sipCallId: entry.sipCallId });
          if (entry.phase === 'link' && entry.endedAt !== null) {
            db.prepare('update interaction set ended_ms = @endedMs, transfers = @transfers where id = @id').run({ id: entry.id, endedMs: entry.endedAt, transfers: entry.transfers });
          }
        } else {
          db.prepare('update interaction set ended_ms = @endedMs, transfers = @transfers, pending = 1 where id = @id')
            .run({ id: entry.id, endedMs: entry.endedAt ?? Date.now(), transfers: entry.transfers });
        }
        // A ringing call's log is written while the screen pop asks main for the caller's
        // history: its commit does not wait for the disk (the call's end, written flushed a
        // moment later, makes it durable too). Nothing the agent typed is in it.
      }, { flush: entry.phase !== 'start' });
      if (entry.customerId) this.#options.events.emit('customers.changed', { ids: [entry.customerId], all: false });
      this.#emitStatus();
      this.#sender?.kick(true);
      return;
    }
    if (this.#options.session.status().state !== 'signedIn') return;
    this.#options.session.request(write.outbox.method, write.outbox.path, write.outbox.body).catch(() => undefined);
  }

  /** Without a secret store nothing typed may be written to disk: drafts then live only in the text box. */
  saveDraft(key: string, text: string): { savedAt: string | null } {
    if (this.#noSecretStore()) return { savedAt: null };
    return { savedAt: this.#requireCache().saveDraft(key, text) };
  }

  draft(key: string): Draft | null {
    if (this.#noSecretStore()) return null;
    return this.#requireCache().draft(key);
  }

  #noSecretStore(): boolean {
    return !this.#cache && this.#cacheState.state === 'unavailable' && this.#cacheState.reason === 'noSecretStore';
  }

  setAside(): SetAsideItem[] {
    const cache = this.#cache;
    return cache ? cache.guard(() => cache.outbox.listSetAside()) : [];
  }

  discard(id: string): SetAsideItem[] {
    const cache = this.#requireCache();
    cache.guard(() => cache.outbox.discard(id));
    const items = this.setAside();
    this.#options.events.emit('outbox.setAsideChanged', items);
    this.#emitStatus();
    return items;
  }

  purge(): { deleted: number } {
    const cache = this.#requireCache();
    const { deleted, customers } = cache.purge(this.#options.retentionDays());
    this.#emitChanged(customers);
    return { deleted };
  }

  async syncNow(): Promise<SyncStatus> {
    this.#sender?.kick(true);
    await this.#syncer?.syncNow();
    return this.status();
  }

  // ---- internals ----

  #requireCache(): LocalCache {
    if (this.#cache) return this.#cache;
    const state = this.#cacheState;
    throw new LoketError('cache.unavailable', { reason: state.state === 'unavailable' ? state.reason : 'openFailed' });
  }

  #onSession(status: HubStatus): void {
    const agent = this.#options.session.agent();
    if (status.state === 'signedIn' && agent) {
      this.#openCacheFor(status.url, agent.id);
    } else if (status.state === 'off') {
      this.#closeCache();
      if (this.#options.vault.availability.ok) this.#cacheState = { state: 'unavailable', reason: 'notSignedIn' };
      this.#emitStatus();
    }
  }

  #openCacheFor(url: string, agentId: string): void {
    if (!this.#options.vault.availability.ok) {
      this.#cacheState = { state: 'unavailable', reason: 'noSecretStore' };
      // No sync runs to tell; signed in means the hub just answered.
      this.#connection = 'online';
      log.warn(`no secure key store on this machine (${this.#options.vault.availability.backend}): customer data is not cached`);
      this.#emitStatus();
      return;
    }
    if (this.#cache) {
      if (this.#cache.meta('agent_id') === agentId && this.#cache.meta('hub_url') === url) return;
      this.#closeCache();
    }
    try {
      let cache = LocalCache.open(this.#cacheDir, this.#options.vault, (reason) => {
        this.#cacheState = { state: 'rebuilt', reason };
        this.#emitStatus();
        this.#options.events.emit('customers.changed', { ids: [], all: true });
      });
      const owner = cache.meta('agent_id');
      if (owner !== null && (owner !== agentId || cache.meta('hub_url') !== url)) {
        // Another agent (or another hub) used this computer: their copy is not this agent's to see.
        log.warn(`the cache belonged to another session (${cache.outbox.counts().pending} unsent writes dropped); starting afresh`);
        cache.wipe();
        cache = LocalCache.open(this.#cacheDir, this.#options.vault);
      }
      cache.setMeta('agent_id', agentId);
      cache.setMeta('hub_url', url);
      this.#cache = cache;
      if (cache.state.state === 'ready') this.#cacheState = { state: 'ready' };
    } catch (error) {
      log.error('the cache could not be opened', error);
      this.#cacheState = { state: 'unavailable', reason: 'openFailed' };
      this.#emitStatus();
      return;
    }
    this.#purgeQuietly();
    this.#startWorkers(this.#cache);
    this.#emitStatus();
  }

  #setReachable(ok: boolean, retryAt: number | null): void {
    const next = ok ? 'online' : 'offline';
    if (next === this.#connection && retryAt === this.#retryAt) return;
    const cameBack = ok && this.#connection !== 'online';
    this.#connection = next;
    this.#retryAt = retryAt;
    if (cameBack) this.#sender?.kick(true);
    this.#emitStatus();
  }

  #startWorkers(cache: LocalCache): void {
    const reachable = (ok: boolean, retryAt: number | null) => this.#setReachable(ok, retryAt);
    this.#syncer = new Syncer(this.#options.session, cache, {
      onStatus: () => this.#emitStatus(),
      onApplied: (applied) => this.#onApplied(applied),
      onReachable: reachable,
      onLiveEvent: (kind) => {
        for (const listener of this.#liveListeners) listener(kind);
      },
    }, () => Date.now() - this.#options.retentionDays() * DAY_MS);
    this.#sender = new OutboxSender(cache, this.#options.session, {
      onChanged: (item, outcome) => {
        if (item.customerId) this.#options.events.emit('customers.changed', { ids: [item.customerId], all: false });
        if (outcome === 'setAside') this.#options.events.emit('outbox.setAsideChanged', this.setAside());
        this.#emitStatus();
      },
      onReachable: reachable,
    });
    this.#syncer.start();
    this.#sender.start();
  }

  #onApplied(applied: Applied): void {
    this.#emitChanged(applied.customers);
  }

  #emitChanged(customers: Set<string>): void {
    if (customers.size === 0) return;
    this.#options.events.emit(
      'customers.changed',
      customers.size > MAX_CHANGED_IDS ? { ids: [], all: true } : { ids: [...customers], all: false },
    );
  }

  #purgeQuietly(): void {
    const cache = this.#cache;
    if (!cache) return;
    try {
      const { customers } = cache.purge(this.#options.retentionDays());
      this.#emitChanged(customers);
    } catch (error) {
      log.error('the retention purge failed', error);
    }
  }

  #closeCache(): void {
    this.#syncer?.stop();
    this.#sender?.stop();
    this.#syncer = null;
    this.#sender = null;
    this.#cache?.close();
    this.#cache = null;
  }

  #emitStatus(): void {
    this.#options.events.emit('sync.changed', this.status());
  }
}

export function settingsRetention(get: () => Settings): () => number {
  return () => get().cacheRetentionDays;
}

export interface CallLogEntry {
  /** The interaction's id (UUIDv7, made when the call started). */
  readonly id: string;
  /** `link`: the agent said which customer the call is about (after it started without one). */
  readonly phase: 'start' | 'end' | 'link';
  readonly customerId: string | null;
  readonly direction: 'inbound' | 'outbound';
  readonly remoteNumber: string;
  readonly sipCallId: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly transfers: number;
}

function callLogWrite(entry: CallLogEntry): { outbox: NewOutboxItem } {
  const base = { kind: 'callLog' as const, entityTable: 'interaction' as const, entityId: entry.id, customerId: entry.customerId, path: `/interactions/${entry.id}` };
  const summary = `${entry.direction === 'inbound' ? '←' : '→'} ${entry.remoteNumber}`;
  if (entry.phase === 'start') {
    return {
      outbox: {
        ...base,
        method: 'PUT',
        body: {
          customerId: entry.customerId, channel: 'phone', direction: entry.direction, startedAt: new Date(entry.startedAt).toISOString(),
          // The hub keeps numbers and extensions, not whatever a caller id may hold.
          remoteNumber: /^[^\s@<>"]{1,64}$/.test(entry.remoteNumber) ? entry.remoteNumber : null, sipCallId: entry.sipCallId, transfers: 0,
        },
        summary,
      },
    };
  }
  if (entry.phase === 'link') return { outbox: { ...base, method: 'PATCH', body: { customerId: entry.customerId }, summary } };
  return {
    outbox: { ...base, method: 'PATCH', body: { endedAt: new Date(entry.endedAt ?? Date.now()).toISOString(), transfers: entry.transfers }, summary },
  };
}
