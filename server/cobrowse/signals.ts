import type { Database } from '../db/database.ts';

// What one hub instance tells the others about co-browse: a request for a customer's doorbells
// (the instance holding such a socket pushes it) and a session's end (the instance holding its
// sockets closes them). PostgreSQL NOTIFY between instances; in-process for embedded PGlite,
// which is one instance by construction. Payloads hold ids, the page secret of a request (for
// the customer's own page) and nothing of any page's content.

export const COBROWSE_CHANNEL = 'loket_cobrowse';

export type CobrowseSignal =
  | { readonly kind: 'ring'; readonly customerId: string; readonly sessionId: string; readonly customerKey: string; readonly agentName: string; readonly expiresAt: string }
  | { readonly kind: 'closed'; readonly customerId: string; readonly sessionId: string }
  | { readonly kind: 'ended'; readonly sessionId: string; readonly reason: string };

export class CobrowseSignals {
  readonly #db: Database;
  readonly #listeners = new Set<(signal: CobrowseSignal) => void>();
  #unlisten: (() => Promise<void>) | null = null;

  constructor(db: Database) {
    this.#db = db;
  }

  async start(): Promise<void> {
    if (this.#db.kind !== 'postgres') return;
    this.#unlisten = await this.#db.listen(COBROWSE_CHANNEL, (payload) => {
      if (!payload) return; // the reconnect wake-up: nothing to catch up on, signals are momentary
      try {
        this.#deliver(JSON.parse(payload) as CobrowseSignal);
      } catch {
        // not ours
      }
    });
  }

  async stop(): Promise<void> {
    await this.#unlisten?.();
  }

  subscribe(listener: (signal: CobrowseSignal) => void): void {
    this.#listeners.add(listener);
  }

  async publish(signal: CobrowseSignal): Promise<void> {
    if (this.#db.kind === 'postgres') await this.#db.query('select pg_notify($1, $2)', [COBROWSE_CHANNEL, JSON.stringify(signal)]);
    else this.#deliver(signal);
  }

  #deliver(signal: CobrowseSignal): void {
    for (const listener of this.#listeners) {
      try {
        listener(signal);
      } catch (error) {
        console.error('[hub] co-browse signal failed', error);
      }
    }
  }
}
