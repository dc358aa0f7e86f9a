import type { MediaOptions, SessionDescription } from '../../common/contract/telephony.ts';
import type { Peer } from './call-peer.ts';
import { MediaError } from './media-error.ts';
import { aheadUsable, answerOffer } from './negotiation.ts';

/** What answering ahead needs of its call's media (`CallMedia`). */
export interface AheadCall {
  readonly closed: () => boolean;
  /** Aborts when the call closes: gathering candidates stops waiting. */
  readonly signal: AbortSignal;
  readonly openPeer: (options: MediaOptions) => Promise<Peer>;
  readonly dropPeer: () => void;
  readonly watchFirstPacket: (pc: RTCPeerConnection) => void;
}

/**
 * The INVITE's offer answered on a call's connection while it rings, so ICE and DTLS with the
 * media relay are done before the click. Main knows nothing of it: at the click its `setRemote`
 * of the same offer confirms it (`confirm`) and its `describe` takes the answer (`take`); any
 * other step first puts the connection back in the state main expects (`leave`, `abandon`).
 */
export class AnswerAhead {
  /** The offer answered; `confirmed` once main applied the same offer at the click, so its `describe` takes the answer. */
  private ahead: { readonly offer: string; confirmed: boolean } | null = null;

  constructor(private readonly call: AheadCall) {}

  /** An answer made ahead that main has not taken yet: the connection is not the one main knows. */
  get pending(): boolean {
    return this.ahead !== null;
  }

  /**
   * While the call rings: applies the INVITE's offer, creates and applies the answer and gathers
   * its candidates, so the click's `setRemote` + `describe` only take the answer. Nothing the
   * agent says leaves before the click (the sender has no track, so it sends no RTP at all) and
   * nothing the far end sends is heard (early media to the called side is not ours to play while
   * it still rings). A step that fails leaves no half-answered connection behind: the click
   * starts afresh, as before.
   */
  async answer(peer: Peer, offer: string, options: MediaOptions): Promise<void> {
    try {
      await peer.sender.replaceTrack(null);
      peer.audio.muted = true;
      await answerOffer(peer.pc, offer, options, this.call.signal);
      if (this.call.closed()) throw new MediaError('callClosed');
      this.ahead = { offer, confirmed: false };
    } catch (error) {
      this.call.dropPeer();
      throw error;
    }
  }

  /** Main applies `offer` at the click: true when it is the one answered ahead (nothing to apply then). */
  confirm(offer: string): boolean {
    if (!this.ahead || this.ahead.confirmed || this.ahead.offer !== offer) return false;
    this.ahead.confirmed = true;
    return true;
  }

  /** Main's `describe` can take the answer: confirmed, and the connection still has its path. */
  takeable(peer: Peer | null): boolean {
    return Boolean(this.ahead?.confirmed && peer && aheadUsable(peer.pc));
  }

  /** The click: the microphone goes on the sender, the far end is heard, the answer made while ringing goes out. */
  async take(peer: Peer | null): Promise<SessionDescription> {
    const sdp = peer?.pc.localDescription?.sdp;
    this.ahead = null;
    if (!peer || !sdp) throw new MediaError('unexpectedDescription');
    await peer.sender.replaceTrack(peer.microphone);
    peer.audio.muted = false;
    this.call.watchFirstPacket(peer.pc);
    return { type: 'answer', sdp };
  }

  /**
   * Main asks for something other than the answer made ahead (a different offer, modifiers to
   * run): drop that connection and, when main had applied the same offer (`replay`), apply it
   * again on a fresh one, so the step sees the state main expects.
   */
  async leave(options: MediaOptions, replay = true): Promise<void> {
    const ahead = this.ahead;
    if (!ahead) return;
    this.ahead = null;
    this.call.dropPeer();
    if (!replay || !ahead.confirmed) return;
    const { pc } = await this.call.openPeer(options);
    await pc.setRemoteDescription({ type: 'offer', sdp: ahead.offer });
    this.call.watchFirstPacket(pc);
  }

  /** A rollback: back to no descriptions at all, which is the state a fresh connection has. True when there was an answer ahead. */
  abandon(): boolean {
    if (!this.ahead) return false;
    this.ahead = null;
    this.call.dropPeer();
    return true;
  }
}
