import { Directory, Handoff, PendingHandoffs } from '../../common/hub/escalations.ts';
import { HubRequestError } from '../hub/hub-session.ts';
import { createLogger } from '../log.ts';
import { matchHandoff, type HandoffMatch, type HeldHandoff } from './handoff-match.ts';

const log = createLogger('handoffs');

/** The one thing the inbox needs from the hub session: an authorised request. */
export interface HandoffHubPort {
  request(method: string, path: string, body?: unknown): Promise<unknown>;
}

export interface HandoffInboxOptions {
  readonly hub: HandoffHubPort;
  readonly now?: () => number;
}

/**
 * The hand-offs offered to this agent, held in main so a transferred call can be named the
 * moment it rings (a synchronous read, like the cache's caller lookup): from the live event
 * `handoff.offered`, and from `GET /handoffs/pending` after every sign-in or reconnect (an
 * event may have been missed). A header naming one main does not hold is fetched from the hub.
 */
export class HandoffInbox {
  readonly #hub: HandoffHubPort;
  readonly #now: () => number;
  readonly #held = new Map<string, HeldHandoff>();

  constructor(options: HandoffInboxOptions) {
    this.#hub = options.hub;
    this.#now = options.now ?? Date.now;
  }

  held(): readonly HeldHandoff[] {
    this.#dropExpired();
    return [...this.#held.values()];
  }

  /** A live `handoff.offered` event's payload (ignored when it is not a hand-off). */
  offered(payload: unknown): Handoff | null {
    const parsed = Handoff.safeParse(payload);
    if (!parsed.success) {
      log.warn('a handoff.offered event without a readable hand-off');
      return null;
    }
    this.#hold(parsed.data);
    return parsed.data;
  }

  /** The unexpired, unanswered hand-offs to me, as the hub keeps them (after a sign-in or reconnect). */
  async refresh(): Promise<void> {
    try {
      const { handoffs } = PendingHandoffs.parse(await this.#hub.request('GET', '/handoffs/pending'));
      for (const handoff of handoffs) if (!this.#held.has(handoff.handoffId)) this.#hold(handoff);
    } catch (error) {
      log.warn('could not read the pending hand-offs', error);
    }
  }

  /** Which hand-off a new call carries (see `matchHandoff`): synchronous, before the call rings. */
  match(header: string | null, callerNumber: string): HandoffMatch {
    return matchHandoff({ header, callerNumber, held: this.held(), now: this.#now() });
  }

  /** A hand-off named by a call's header that main does not hold; null when the hub has none for me. */
  async fetch(handoffId: string): Promise<Handoff | null> {
    try {
      const handoff = Handoff.parse(await this.#hub.request('GET', `/handoffs/${handoffId}`));
      this.#hold(handoff);
      return handoff;
    } catch (error) {
      if (error instanceof HubRequestError) return null;
      throw error;
    }
  }

  /** The transferred call was answered: the hub marks the hand-off used (best effort). */
  answered(handoffId: string): void {
    this.#hub.request('POST', `/handoffs/${handoffId}/answered`, {}).catch((error: unknown) => log.warn(`could not mark hand-off ${handoffId} answered`, error));
  }

  /** Signed out (another agent may sign in next): nothing of this agent's stays. */
  clear(): void {
    this.#held.clear();
  }

  #hold(handoff: Handoff): void {
    const held: HeldHandoff = { handoff, offeredAt: this.#now(), senderExtension: null };
    this.#held.set(handoff.handoffId, held);
    // A consult call comes from the sender's extension: learn it, in the background.
    void this.#senderExtension(handoff.fromAgentId).then((extension) => {
      const current = this.#held.get(handoff.handoffId);
      if (extension && current) this.#held.set(handoff.handoffId, { ...current, senderExtension: extension });
    });
  }

  async #senderExtension(agentId: string): Promise<string | null> {
    try {
      const { colleagues } = Directory.parse(await this.#hub.request('GET', '/directory'));
      return colleagues.find((colleague) => colleague.id === agentId)?.extension ?? null;
    } catch (error) {
      log.warn('could not read the directory for a hand-off sender', error);
      return null;
    }
  }

  #dropExpired(): void {
    const now = this.#now();
    for (const [id, held] of this.#held) if (Date.parse(held.handoff.expiresAt) <= now) this.#held.delete(id);
  }
}
