import type { CallView, Registration } from '../../common/contract/telephony.ts';
import { createLogger } from '../log.ts';

const log = createLogger('softphone');

/**
 * What happened to the softphone's calls, published for whoever reacts to calls (caller id,
 * call log, presence, and features to come) so the softphone itself knows none of them. Each
 * event carries the call as the renderer sees it at that moment.
 */
export type CallEvent =
  /**
   * A call the softphone starts tracking: inbound before it rings, outbound as it is dialled.
   * Listeners run synchronously before the call goes out in `phone.changed`, so a caller-id
   * lookup may link the call (`Softphone.linkCustomer`) and the ringing call already carries it.
   */
  | { readonly type: 'new'; readonly call: CallView }
  /** The call counts from now on (the call log writes its interaction). */
  | { readonly type: 'started'; readonly call: CallView }
  | { readonly type: 'answered'; readonly call: CallView }
  /** The call's customer was named (by a lookup or by the agent); `call.customerId` is set. */
  | { readonly type: 'linked'; readonly call: CallView }
  | { readonly type: 'ended'; readonly call: CallView }
  /** The softphone let go of an ended call: it can no longer be linked. */
  | { readonly type: 'forgotten'; readonly callId: string }
  /** How the console stands with the SIP server changed. */
  | { readonly type: 'registration'; readonly registration: Registration };

export type CallListener = (event: CallEvent) => void;

/** The softphone's publisher: listeners run in the order they subscribed; one that throws does not stop the others. */
export class CallEvents {
  readonly #listeners = new Set<CallListener>();

  on(listener: CallListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(event: CallEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        log.error(`a listener failed on the call event ${event.type}`, error);
      }
    }
  }
}
