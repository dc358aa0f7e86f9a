import type { MediaOptions } from '../../common/contract/telephony.ts';
import type { MediaBridge } from './media-bridge.ts';

/** The part of an incoming INVITE (sip.js's request message) the prewarm reads. */
export interface OfferCarrier {
  readonly body?: string;
  getHeader(name: string): string | undefined;
}

/** The INVITE's SDP offer as sip.js will hand it to the session description handler; none for anything else (multipart, offerless). */
export function sdpOffer(invite: OfferCarrier): string | undefined {
  const type = invite.getHeader('Content-Type')?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/sdp' && invite.body ? invite.body : undefined;
}

/**
 * Answering a call used to start with opening the microphone and creating the peer connection
 * (~150–250 ms on a busy machine) before a single SDP step. While a call rings, the page's
 * engine does that part already (`prepare`), and answers the INVITE's offer ahead with the
 * microphone kept off the sender (nothing the agent says leaves before the click), so the click
 * only confirms that answer. A call that ends without being answered never
 * gets a session description handler (which would close the media), so its prepared media is
 * closed here.
 */
export class MediaPrewarm {
  readonly #bridge: MediaBridge;
  readonly #options: () => MediaOptions;
  readonly #prepared = new Set<string>();

  constructor(bridge: MediaBridge, options: () => MediaOptions) {
    this.#bridge = bridge;
    this.#options = options;
  }

  /**
   * A call rings here: have the attached page get its media ready, and answer the INVITE's
   * offer ahead when it has one, so ICE and DTLS with the media relay are done before the click
   * (the 200 OK then only waits for main's two short steps to the page). Best effort.
   */
  ringing(callId: string, invite?: OfferCarrier): void {
    if (!this.#bridge.attached) return;
    this.#prepared.add(callId);
    const offer = invite ? sdpOffer(invite) : undefined;
    // A failure (no microphone, permission refused) shows when the agent answers, as before.
    this.#bridge.call(callId, { op: 'prepare', options: this.#options(), ...(offer ? { offer } : {}) }).catch(() => undefined);
  }

  /** The call ended (answered or not): release what was prepared for it. */
  ended(callId: string): void {
    if (!this.#prepared.delete(callId)) return;
    if (this.#bridge.attached) this.#bridge.call(callId, { op: 'close' }).catch(() => undefined);
  }

  /** The call was answered: its session description handler owns the media from now on. */
  answered(callId: string): void {
    this.#prepared.delete(callId);
  }
}
