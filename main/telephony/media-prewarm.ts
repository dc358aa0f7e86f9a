import type { MediaOptions } from '../../common/contract/telephony.ts';
import type { MediaBridge } from './media-bridge.ts';

/**
 * Answering a call used to start with opening the microphone and creating the peer connection
 * (~150–250 ms on a busy machine) before a single SDP step. While a call rings, the page's
 * engine does that part already (`prepare`: nothing applied, nothing sent to anyone), so the
 * answer click only has the descriptions left. A call that ends without being answered never
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

  /** A call rings here: have the attached page get its media ready. Best effort. */
  ringing(callId: string): void {
    if (!this.#bridge.attached) return;
    this.#prepared.add(callId);
    // A failure (no microphone, permission refused) shows when the agent answers, as before.
    this.#bridge.call(callId, { op: 'prepare', options: this.#options() }).catch(() => undefined);
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
