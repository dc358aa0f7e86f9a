import type {
  BodyAndContentType,
  Session,
  SessionDescriptionHandler,
  SessionDescriptionHandlerModifier,
  SessionDescriptionHandlerOptions,
} from 'sip.js';
import { SessionDescription, type MediaOptions } from '../../common/contract/telephony.ts';
import type { MediaBridge } from './media-bridge.ts';

/** What the softphone asks of a description, next to sip.js's own options. */
export interface ProxySdhOptions extends SessionDescriptionHandlerOptions {
  /** Offer `sendonly`: we hold the call. */
  hold?: boolean;
  /** Restart ICE: the renderer's peer connection is new (page reloaded) or the path changed. */
  iceRestart?: boolean;
}

export interface ProxySdhContext {
  readonly bridge: MediaBridge;
  /** Read per description, so a settings change applies to the next negotiation. */
  mediaDefaults(): Pick<MediaOptions, 'iceServers' | 'iceGatheringTimeoutMs'>;
  /** Each SDP main sends or receives, for the SIP log in development. */
  trace?(callId: string, direction: 'local' | 'remote', sdp: string): void;
}

/**
 * A sip.js SessionDescriptionHandler that lives in main and forwards every media operation to
 * the renderer's media engine, which owns the RTCPeerConnection (one per call, keyed by the
 * sip.js session id). It keeps sip.js's web handler semantics:
 * - `getDescription` makes an offer unless a remote offer is pending, then an answer. Modifiers
 *   are functions and cannot cross the bridge, so with modifiers it takes two round trips: the
 *   engine creates the raw description, the modifiers run here, the engine applies it, gathers
 *   ICE completely (no trickle ICE over SIP) and returns the final SDP. Without (the softphone
 *   uses none today) one `describe` does all of that in the page.
 * - `setDescription` applies a remote offer or answer.
 * - `sendDtmf` is synchronous in the interface: it sends and returns false only when no page
 *   is attached to play the tones.
 */
export class ProxySessionDescriptionHandler implements SessionDescriptionHandler {
  readonly callId: string;
  readonly #context: ProxySdhContext;
  #closed = false;
  /** Mirrors the renderer's signaling state: a local offer waits for the remote answer. */
  #haveLocalOffer = false;

  constructor(session: Session, context: ProxySdhContext) {
    this.callId = session.id;
    this.#context = context;
  }

  async getDescription(options?: ProxySdhOptions, modifiers?: SessionDescriptionHandlerModifier[]): Promise<BodyAndContentType> {
    const media = this.#mediaOptions(options);
    if (!modifiers?.length) {
      // Nothing to run between creating and applying: one round trip to the page instead of two.
      const described = SessionDescription.parse(await this.#call({ op: 'describe', options: media }));
      this.#haveLocalOffer = described.type === 'offer';
      this.#context.trace?.(this.callId, 'local', described.sdp);
      return { body: described.sdp, contentType: 'application/sdp' };
    }
    const created = SessionDescription.parse(await this.#call({ op: 'create', options: media }));
    const modified = await applyModifiers(created, modifiers);
    const sdp = await this.#call({ op: 'setLocal', description: modified, options: media });
    if (typeof sdp !== 'string') throw new Error('media engine returned no SDP');
    this.#haveLocalOffer = modified.type === 'offer';
    this.#context.trace?.(this.callId, 'local', sdp);
    return { body: sdp, contentType: 'application/sdp' };
  }

  async setDescription(sdp: string, options?: ProxySdhOptions, modifiers?: SessionDescriptionHandlerModifier[]): Promise<void> {
    const type = this.#haveLocalOffer ? 'answer' : 'offer';
    const modified = await applyModifiers({ type, sdp }, modifiers);
    this.#context.trace?.(this.callId, 'remote', modified.sdp);
    await this.#call({ op: 'setRemote', description: modified, options: this.#mediaOptions(options) });
    this.#haveLocalOffer = false;
  }

  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }

  async rollbackDescription(): Promise<void> {
    this.#haveLocalOffer = false;
    await this.#call({ op: 'rollback' });
  }

  sendDtmf(tones: string, options?: { duration?: number; interToneGap?: number }): boolean {
    if (this.#closed || !this.#context.bridge.attached) return false;
    this.#call({ op: 'dtmf', tones, durationMs: options?.duration ?? 160, gapMs: options?.interToneGap ?? 90 }).catch(() => undefined);
    return true;
  }

  /** Mute is ours, not sip.js's: the microphone track is switched off in the renderer. */
  mute(on: boolean): Promise<unknown> {
    return this.#call({ op: 'mute', on });
  }

  /**
   * The renderer's peer connection for this call is gone (page reloaded): whatever offer it had
   * pending died with it, so the next description starts from a stable state.
   */
  forgetPendingOffer(): void {
    this.#haveLocalOffer = false;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#context.bridge.call(this.callId, { op: 'close' }).catch(() => undefined);
  }

  #call(command: Parameters<MediaBridge['call']>[1]): Promise<unknown> {
    if (this.#closed) return Promise.reject(new Error('session description handler closed'));
    return this.#context.bridge.call(this.callId, command);
  }

  #mediaOptions(options: ProxySdhOptions | undefined): MediaOptions {
    return { hold: options?.hold ?? false, iceRestart: options?.iceRestart ?? false, ...this.#context.mediaDefaults() };
  }
}

async function applyModifiers(description: SessionDescription, modifiers: SessionDescriptionHandlerModifier[] | undefined): Promise<SessionDescription> {
  let current: Parameters<SessionDescriptionHandlerModifier>[0] = description;
  for (const modifier of modifiers ?? []) current = await modifier(current);
  return SessionDescription.parse({ type: current.type, sdp: current.sdp });
}
