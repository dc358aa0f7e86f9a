import type { z } from 'zod';
import {
  CallbackList,
  CartFollowUpList,
  type CallbackOutcomeRequest,
  type CallbacksListRequest,
  type CartOutcomeRequest,
  type OutcomeSaved,
} from '../../common/contract/callbacks.ts';
import { fromHub } from '../data/hub-fallback.ts';

/** The one thing the lists need from the hub session: an authorised request. */
export interface HubPort {
  request(method: string, path: string, body?: unknown): Promise<unknown>;
}

/**
 * The agent's outbound calls: callbacks (asked for by a customer or promised by a colleague) and
 * cart follow-ups, read and written straight at the hub. Their state moves there — a callback
 * falls due or overdue, a colleague takes an unassigned one, an order recovers a cart — so none
 * of this is answered from the cache: without the hub each call fails with `hub.unreachable`
 * and the screen says the list needs the hub. A refusal (an overflow agent asking for carts)
 * arrives as `hub.refused` with the hub's code and status, which the screen words for the agent.
 */
export class OutboundCalls {
  readonly #hub: HubPort;

  constructor(hub: HubPort) {
    this.#hub = hub;
  }

  callbacks({ scope, state }: CallbacksListRequest): Promise<CallbackList> {
    return this.#read(CallbackList, 'GET', `/callbacks?${new URLSearchParams({ scope, state }).toString()}`);
  }

  /** Reached and wrong number close the callback; no answer moves it to `rescheduleAt`. */
  async callbackOutcome({ callbackId, outcome, rescheduleAt, note }: CallbackOutcomeRequest): Promise<OutcomeSaved> {
    await this.#send('POST', `/callbacks/${callbackId}/outcome`, {
      outcome,
      ...(outcome === 'no_answer' && rescheduleAt ? { rescheduleAt } : {}),
      ...(note?.trim() ? { note: note.trim() } : {}),
    });
    return { saved: true };
  }

  carts(): Promise<CartFollowUpList> {
    return this.#read(CartFollowUpList, 'GET', '/cart-followups');
  }

  /** The outcome's id is the page's, so a repeated request records one attempt. */
  async cartOutcome({ id, cartId, outcome, note }: CartOutcomeRequest): Promise<OutcomeSaved> {
    await this.#send('POST', `/cart-followups/${cartId}/outcome`, { id, outcome, ...(note?.trim() ? { note: note.trim() } : {}) });
    return { saved: true };
  }

  async #read<S extends z.ZodType>(schema: S, method: string, path: string): Promise<z.output<S>> {
    return schema.parse(await this.#send(method, path));
  }

  #send(method: string, path: string, body?: unknown): Promise<unknown> {
    return fromHub(() => this.#hub.request(method, path, body), true, () => undefined);
  }
}
