import type { z } from 'zod';
import {
  DirectoryResponse,
  EscalationDetail,
  EscalationInbox,
  EscalationItem,
  EscalationSla,
  type EscalationOutcome,
} from '../../common/contract/escalations.ts';
import { fromHub } from '../data/hub-fallback.ts';

/** The one thing the desk needs from the hub session: an authorised request. */
export interface HubPort {
  request(method: string, path: string, body?: unknown): Promise<unknown>;
}

/**
 * The escalation lane's reads and actions, straight at the hub: the hub is the inbox's truth
 * (who may see what, who claimed first), so none of this is answered from the cache. Without
 * the hub each call fails with `hub.unreachable` and the page says the inbox needs the hub;
 * what the agent typed stays in its draft. Creating an escalation is not here: it goes through
 * the outbox (`DataFront.writes.createEscalation`) so it survives an outage.
 */
export class EscalationDesk {
  readonly #hub: HubPort;

  constructor(hub: HubPort) {
    this.#hub = hub;
  }

  inbox(): Promise<EscalationInbox> {
    return this.#read(EscalationInbox, 'GET', '/escalations/inbox');
  }

  get(id: string): Promise<EscalationDetail> {
    return this.#read(EscalationDetail, 'GET', `/escalations/${id}`);
  }

  claim(id: string): Promise<EscalationItem> {
    return this.#read(EscalationItem, 'POST', `/escalations/${id}/claim`, {});
  }

  /** The reply's id is the page's, so a repeated request stores one note. Answers the escalation with its thread. */
  async reply(id: string, replyId: string, text: string): Promise<EscalationDetail> {
    await this.#send('POST', `/escalations/${id}/reply`, { id: replyId, text });
    return this.get(id);
  }

  async handBack(id: string, note: string | undefined): Promise<EscalationDetail> {
    await this.#send('POST', `/escalations/${id}/hand-back`, note ? { note } : {});
    return this.get(id);
  }

  async resolve(id: string, outcome: EscalationOutcome, resolution: string): Promise<EscalationDetail> {
    await this.#send('POST', `/escalations/${id}/resolve`, { outcome, resolution });
    return this.get(id);
  }

  directory(): Promise<DirectoryResponse> {
    return this.#read(DirectoryResponse, 'GET', '/directory');
  }

  sla(): Promise<EscalationSla> {
    return this.#read(EscalationSla, 'GET', '/settings/escalation-sla');
  }

  async #read<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown): Promise<z.output<S>> {
    const answer = await this.#send(method, path, body);
    return schema.parse(answer);
  }

  #send(method: string, path: string, body?: unknown): Promise<unknown> {
    return fromHub(() => this.#hub.request(method, path, body), true, () => undefined);
  }
}
