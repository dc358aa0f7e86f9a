import path from 'node:path';
import type { CacheState, SetAsideItem, SyncStatus } from '../../common/contract/data.ts';
import type { HubStatus } from '../../common/contract/contract.ts';
import { LoketError } from '../../common/errors.ts';
import type { EventHub } from '../contract/events.ts';
import { LocalCache } from '../cache/local-cache.ts';
import type { SecretVault } from '../cache/vault.ts';
import type { HubCredentials, HubSession } from '../hub/hub-session.ts';
import { createLogger } from '../log.ts';
import { OutboxSender } from '../sync/outbox-sender.ts';
import { Syncer, type LiveEvent } from '../sync/syncer.ts';
import { openAgentCache } from './agent-cache.ts';
import { fromHub } from './hub-fallback.ts';

const log = createLogger('data');

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_CHANGED_IDS = 500;

export interface DataFrontOptions {
  readonly dataDir: string;
  readonly vault: SecretVault;
  readonly session: HubSession;
  readonly events: EventHub;
  readonly retentionDays: () => number;
}

/**
 * The data front's shared state: opens the encrypted cache for the signed-in agent, runs the
 * sync and the outbox while signed in, and assembles what the top bar shows (online/offline,
 * pending writes, sync progress). The other parts of the data front (customers, history, writes,
 * calls) read and write through it: the open cache, the hub as a fallback, the events to emit.
 */
export class DataState {
  readonly session: HubSession;
  readonly events: EventHub;
  readonly #options: DataFrontOptions;
  readonly #cacheDir: string;
  #cache: LocalCache | null = null;
  #cacheState: CacheState;
  #syncer: Syncer | null = null;
  #sender: OutboxSender | null = null;
  readonly #liveListeners = new Set<(event: LiveEvent) => void>();
  #connection: SyncStatus['connection'] = 'connecting';
  #retryAt: number | null = null;
  #purgeTimer: ReturnType<typeof setInterval> | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(options: DataFrontOptions) {
    this.#options = options;
    this.session = options.session;
    this.events = options.events;
    this.#cacheDir = path.join(options.dataDir, 'cache');
    this.#cacheState = options.vault.availability.ok ? { state: 'unavailable', reason: 'notSignedIn' } : { state: 'unavailable', reason: 'noSecretStore' };
  }

  start(): void {
    this.#unsubscribe = this.session.onChange((status) => this.#onSession(status));
    this.#onSession(this.session.status());
    this.#purgeTimer = setInterval(() => this.#purgeQuietly(), DAY_MS);
    this.#purgeTimer.unref?.();
  }

  dispose(): void {
    this.#unsubscribe?.();
    if (this.#purgeTimer) clearInterval(this.#purgeTimer);
    this.#closeCache();
  }

  /** The cache, when one is open (the other parts read it; tests and benchmarks look inside). */
  get cache(): LocalCache | null {
    return this.#cache;
  }

  get syncer(): Syncer | null {
    return this.#syncer;
  }

  get sender(): OutboxSender | null {
    return this.#sender;
  }

  /** The last hub request failed for want of a network (the cache's answer is then final). */
  get offline(): boolean {
    return this.#connection === 'offline';
  }

  /** No key store on this machine: no cache, no outbox, no drafts; writes go straight to the hub. */
  get noSecretStore(): boolean {
    return !this.#cache && this.#cacheState.state === 'unavailable' && this.#cacheState.reason === 'noSecretStore';
  }

  /** The signed-in agent's id (who wrote a row, whose most used reasons), null when signed out. */
  agentId(): string | null {
    return this.session.agent()?.id ?? null;
  }

  status(): SyncStatus {
    const counts = this.#cache ? this.#cache.guard(() => this.#cache?.outbox.counts()) : undefined;
    const lastSynced = this.#syncer?.lastSyncedAt ?? null;
    return {
      connection: this.#cache ? this.#connection : this.session.status().state === 'signedIn' ? this.#connection : 'offline',
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
    return this.session.signIn(credentials);
  }

  async signOut(wipe: boolean): Promise<HubStatus> {
    const status = await this.session.signOut();
    this.#closeCache();
    if (wipe) LocalCache.wipeFiles(this.#cacheDir, this.#options.vault);
    this.emitStatus();
    this.events.emit('customers.changed', { ids: [], all: true });
    return status;
  }

  // ---- the outbox and the cache, as the agent manages them ----
  setAside(): SetAsideItem[] {
    const cache = this.#cache;
    return cache ? cache.guard(() => cache.outbox.listSetAside()) : [];
  }

  discard(id: string): SetAsideItem[] {
    const cache = this.requireCache();
    cache.guard(() => cache.outbox.discard(id));
    const items = this.setAside();
    this.events.emit('outbox.setAsideChanged', items);
    this.emitStatus();
    return items;
  }

  purge(): { deleted: number } {
    const cache = this.requireCache();
    const { deleted, customers } = cache.purge(this.#options.retentionDays());
    this.#emitChanged(customers);
    return { deleted };
  }

  async syncNow(): Promise<SyncStatus> {
    this.#sender?.kick(true);
    await this.#syncer?.syncNow();
    return this.status();
  }

  /** Told every live event from the hub (while a cache, and so a syncer, runs). */
  onLiveEvent(listener: (event: LiveEvent) => void): () => void {
    this.#liveListeners.add(listener);
    return () => this.#liveListeners.delete(listener);
  }

  // ---- for the other parts of the data front ----
  requireCache(): LocalCache {
    if (this.#cache) return this.#cache;
    const state = this.#cacheState;
    throw new LoketError('cache.unavailable', { reason: state.state === 'unavailable' ? state.reason : 'openFailed' });
  }

  /** Hub reads need a signed-in session; without a cache they are the only source. */
  requireHubReads(): void {
    if (!this.session.agent()) throw new LoketError('hub.notSignedIn', {});
  }

  /** A read or write at the hub (see `fromHub`), which also tells whether the hub is reachable. */
  fromHub<T>(read: () => Promise<T>, required: boolean): Promise<T> {
    return fromHub(read, required, (ok) => this.#setReachable(ok, null));
  }

  /** A customer's data changed here (a write): their screens read it again. */
  customerChanged(customerId: string | null): void {
    if (customerId) this.events.emit('customers.changed', { ids: [customerId], all: false });
  }

  /** A write entered the outbox: the screens show it, the top bar counts it, the sender goes. */
  queued(customerId: string | null): void {
    this.customerChanged(customerId);
    this.emitStatus();
    this.#sender?.kick(true);
  }

  emitStatus(): void {
    this.events.emit('sync.changed', this.status());
  }

  // ---- internals ----
  #onSession(status: HubStatus): void {
    const agent = this.session.agent();
    if (status.state === 'signedIn' && agent) {
      this.#openCacheFor(status.url, agent.id);
    } else if (status.state === 'off') {
      this.#closeCache();
      if (this.#options.vault.availability.ok) this.#cacheState = { state: 'unavailable', reason: 'notSignedIn' };
      this.emitStatus();
    }
  }

  #openCacheFor(url: string, agentId: string): void {
    if (!this.#options.vault.availability.ok) {
      this.#cacheState = { state: 'unavailable', reason: 'noSecretStore' };
      // No sync runs to tell; signed in means the hub just answered.
      this.#connection = 'online';
      log.warn(`no secure key store on this machine (${this.#options.vault.availability.backend}): customer data is not cached`);
      this.emitStatus();
      return;
    }
    if (this.#cache) {
      if (this.#cache.meta('agent_id') === agentId && this.#cache.meta('hub_url') === url) return;
      this.#closeCache();
    }
    try {
      const cache = openAgentCache(this.#cacheDir, this.#options.vault, { agentId, url }, (reason) => {
        this.#cacheState = { state: 'rebuilt', reason };
        this.emitStatus();
        this.events.emit('customers.changed', { ids: [], all: true });
      });
      this.#cache = cache;
      if (cache.state.state === 'ready') this.#cacheState = { state: 'ready' };
    } catch (error) {
      log.error('the cache could not be opened', error);
      this.#cacheState = { state: 'unavailable', reason: 'openFailed' };
      this.emitStatus();
      return;
    }
    this.#purgeQuietly();
    this.#startWorkers(this.#cache);
    this.emitStatus();
  }

  #setReachable(ok: boolean, retryAt: number | null): void {
    const next = ok ? 'online' : 'offline';
    if (next === this.#connection && retryAt === this.#retryAt) return;
    const cameBack = ok && this.#connection !== 'online';
    this.#connection = next;
    this.#retryAt = retryAt;
    if (cameBack) this.#sender?.kick(true);
    this.emitStatus();
  }

  #startWorkers(cache: LocalCache): void {
    const reachable = (ok: boolean, retryAt: number | null) => this.#setReachable(ok, retryAt);
    this.#syncer = new Syncer(this.session, cache, {
      onStatus: () => this.emitStatus(),
      onApplied: (applied) => this.#emitChanged(applied.customers),
      onReachable: reachable,
      onLiveEvent: (event) => {
        for (const listener of this.#liveListeners) listener(event);
      },
    }, () => Date.now() - this.#options.retentionDays() * DAY_MS);
    this.#sender = new OutboxSender(cache, this.session, {
      onChanged: (item, outcome) => {
        this.customerChanged(item.customerId);
        if (outcome === 'setAside') this.events.emit('outbox.setAsideChanged', this.setAside());
        this.emitStatus();
      },
      onReachable: reachable,
    });
    this.#syncer.start();
    this.#sender.start();
  }

  #emitChanged(customers: Set<string>): void {
    if (customers.size === 0) return;
    this.events.emit(
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
}
