import type { LocalCache } from '../cache/local-cache.ts';
import type { OutboxItem } from '../cache/outbox-store.ts';
import { HubRequestError, type HubSession } from '../hub/hub-session.ts';
import { createLogger } from '../log.ts';
import { backoffDelay } from './backoff.ts';

const log = createLogger('outbox');

const RETRY_START_MS = 1_000;
const RETRY_MAX_MS = 60_000;

/**
 * Conflicts no repeat can solve: another payload under this id, another customer for this
 * interaction. Retried like other 409s they would block every later write for good.
 */
const LASTING_CONFLICTS: ReadonlySet<string> = new Set(['idempotency.conflict', 'interaction.customerConflict']);

/** Answers worth repeating: the hub or the way to it is having a moment. */
function retryable(status: number, code: string): boolean {
  if (status === 409) return !LASTING_CONFLICTS.has(code);
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

export interface OutboxSenderEvents {
  /** An item left the outbox (acknowledged, or set aside): counts and the customer's rows changed. */
  onChanged(item: OutboxItem, outcome: 'acknowledged' | 'setAside'): void;
  onReachable(reachable: boolean, retryAt: number | null): void;
}

/**
 * Sends the outbox to the hub, oldest first, one at a time: every request carries the row's own
 * id (PUT /interactions/<id>), so a repeat after a crash or a lost answer is harmless. An item is
 * deleted only after the hub acknowledged it; 409 (unless a lasting conflict), 5xx and network
 * errors are retried with exponential backoff; a refusal that a repeat cannot fix (422, a lasting
 * 409 and other 4xx) is set aside and shown to the agent with the reason, and the queue goes on.
 */
export class OutboxSender {
  readonly #cache: LocalCache;
  readonly #session: HubSession;
  readonly #events: OutboxSenderEvents;
  #running = false;
  #again = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = true;
  #idle: (() => void)[] = [];

  constructor(cache: LocalCache, session: HubSession, events: OutboxSenderEvents) {
    this.#cache = cache;
    this.#session = session;
    this.#events = events;
  }

  start(): void {
    this.#stopped = false;
    this.kick();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  /** Something was queued, or the hub is back: send now rather than at the next retry time. */
  kick(force = false): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    void this.#drain(force);
  }

  /** Resolves once the outbox has nothing it can send right now. */
  whenIdle(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #drain(force: boolean): Promise<void> {
    this.#running = true;
    try {
      for (;;) {
        if (this.#stopped) return;
        const item = this.#cache.outbox.head();
        if (!item) return;
        const wait = item.nextAttemptMs - Date.now();
        if (wait > 0 && !force) {
          this.#timer = setTimeout(() => this.kick(), wait);
          this.#timer.unref?.();
          return;
        }
        force = false;
        const sent = await this.#send(item);
        if (!sent) return;
      }
    } catch (error) {
      log.error('the outbox stopped on an unexpected error; trying again in a minute', error);
      this.#timer = setTimeout(() => this.kick(), RETRY_MAX_MS);
      this.#timer.unref?.();
    } finally {
      this.#running = false;
      if (this.#again && !this.#stopped) {
        this.#again = false;
        this.kick(true);
      } else {
        for (const resolve of this.#idle.splice(0)) resolve();
      }
    }
  }

  /** True when the queue may go on with the next item. */
  async #send(item: OutboxItem): Promise<boolean> {
    try {
      await this.#session.request(item.method, item.path, item.body);
      this.#cache.outbox.acknowledge(item);
      this.#events.onReachable(true, null);
      this.#events.onChanged(item, 'acknowledged');
      return true;
    } catch (error) {
      if (error instanceof HubRequestError && !retryable(error.status, error.code) && error.status !== 401) {
        log.warn(`the hub refused ${item.kind} ${item.entityId}: ${error.status} ${error.code}; set aside for the agent`);
        this.#cache.outbox.setAside(item, error.status, error.code);
        this.#events.onChanged(item, 'setAside');
        return true;
      }
      const delay = backoffDelay(item.attempts, RETRY_START_MS, RETRY_MAX_MS);
      const status = error instanceof HubRequestError ? error.status : null;
      const code = error instanceof HubRequestError ? error.code : 'hub.unreachable';
      this.#cache.outbox.retryLater(item, Date.now() + delay, status, code);
      if (status === null || status >= 500) this.#events.onReachable(false, Date.now() + delay);
      this.#timer = setTimeout(() => this.kick(), delay);
      this.#timer.unref?.();
      return false;
    }
  }
}
