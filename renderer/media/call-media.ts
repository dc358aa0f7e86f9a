import type { MediaOptions, SessionDescription } from '../../common/contract/telephony.ts';
import { afterPaint } from './after-paint.ts';
import { AnswerAhead } from './answer-ahead.ts';
import { applySink } from './audio.ts';
import { readDiagnostics, type CallDiagnostics } from './call-diagnostics.ts';
import type { CallHooks, CallStats, MediaEnv } from './call-env.ts';
import { CallMicrophone } from './call-microphone.ts';
import { closePeer, connectPeer, type Peer } from './call-peer.ts';
import { MediaError } from './media-error.ts';
import { iceGathered, setDirection } from './negotiation.ts';
import { FIRST_PACKET_WATCH, readFigures, watchFirstPacket, type AudioFigures } from './stats.ts';

/**
 * One call's media: its RTCPeerConnection (created by the first command that needs one, so a
 * reloaded page starts with a fresh one), microphone track and remote `<audio>`.
 *
 * Description commands run one after the other: main expects each to see the state the previous
 * one left. Mute, DTMF and close act at once, and close makes everything still queued fail with
 * `callClosed` (a hang-up must not wait behind ICE gathering or a permission prompt).
 */
export class CallMedia {
  private peer: Peer | null = null;
  private closed = false;
  private readonly abort = new AbortController();
  private queue: Promise<unknown> = Promise.resolve();
  private firstPacketAt: number | null = null;
  private stopWatch = (): void => undefined;
  private readonly microphone: CallMicrophone;
  private readonly ahead: AnswerAhead;

  constructor(
    readonly callId: string,
    private readonly env: MediaEnv,
    private readonly hooks: CallHooks,
  ) {
    this.microphone = new CallMicrophone(env.getUserMedia, () => this.closed);
    this.ahead = new AnswerAhead({
      closed: () => this.closed,
      signal: this.abort.signal,
      openPeer: (options) => this.openPeer(options),
      dropPeer: () => this.dropPeer(),
      watchFirstPacket: (pc) => this.watchFirstPacket(pc),
    });
  }

  /**
   * The call rings: open the microphone and the connection ahead of the answer (nothing applied,
   * nothing sent), once the frame that shows the ringing call is painted, so the banner does not
   * wait for it. With a candidate pool the connection gathers its ICE candidates meanwhile too.
   * With the INVITE's offer it also answers it ahead (`answer-ahead.ts`).
   */
  prepare(options: MediaOptions, offer?: string): Promise<boolean> {
    return this.serially(async () => {
      // Nothing before the banner's frame (the ringing call's first paint is the screen pop's
      // figure; opening the microphone at once measurably delayed it): then microphone and connection.
      await new Promise<void>((resolve) => afterPaint(resolve));
      if (this.closed) throw new MediaError('callClosed');
      const peer = await this.openPeer(options);
      if (offer !== undefined) await this.ahead.answer(peer, offer, options);
      return true;
    });
  }

  /**
   * Opens the microphone ahead of the connection: while the call rings (`prepare`), or when the
   * page was reloaded during this call, before main asks for the new description. A failure
   * shows when the connection is made; the attempt after that opens the microphone afresh.
   */
  warmUp(microphoneId: string): void {
    if (this.peer || this.closed) return;
    this.microphone.warmUp(microphoneId);
  }

  /** The first RTP packet of this page's connection arrived. */
  get audioBack(): boolean {
    return this.firstPacketAt !== null;
  }

  /** True once a remote description was applied: the call has media a reload should bring back at once. */
  get negotiated(): boolean {
    return this.peer !== null && this.peer.pc.remoteDescription !== null && !this.ahead.pending;
  }

  /** An offer, or an answer when a remote offer is pending; not applied (main modifies it first). */
  create(options: MediaOptions): Promise<SessionDescription> {
    return this.serially(async () => {
      await this.ahead.leave(options);
      return this.createDescription(options);
    });
  }

  /** Applies main's (modified) description and returns it with all ICE candidates: no trickle over SIP. */
  setLocal(description: SessionDescription, options: MediaOptions): Promise<string> {
    return this.serially(async () => {
      await this.ahead.leave(options);
      return this.applyLocal(description, options);
    });
  }

  /** `create` then `setLocal` of it unmodified, in one command: main had no modifier to run (one round trip less). */
  describe(options: MediaOptions): Promise<SessionDescription> {
    return this.serially(async () => {
      if (this.ahead.takeable(this.peer)) return this.ahead.take(this.peer);
      await this.ahead.leave(options);
      const description = await this.createDescription(options);
      return { type: description.type, sdp: await this.applyLocal(description, options) };
    });
  }

  setRemote(description: SessionDescription, options: MediaOptions): Promise<null> {
    return this.serially(async () => {
      // The offer answered while ringing: nothing to apply, `describe` takes its answer.
      if (this.ahead.confirm(description.sdp)) return null;
      await this.ahead.leave(options, false);
      const { pc } = await this.openPeer(options);
      // The connection knows better than main's bookkeeping which kind this must be.
      const type = pc.signalingState === 'have-local-offer' ? 'answer' : 'offer';
      await pc.setRemoteDescription({ type, sdp: description.sdp });
      this.watchFirstPacket(pc);
      return null;
    });
  }

  /** Abandons a pending offer (sip.js does this when a re-INVITE fails). */
  rollback(): Promise<null> {
    return this.serially(async () => {
      if (this.ahead.abandon()) return null;
      const pc = this.peer?.pc;
      if (!pc || pc.signalingState === 'stable') return null;
      if (pc.signalingState === 'have-remote-offer') await pc.setRemoteDescription({ type: 'rollback' });
      else await pc.setLocalDescription({ type: 'rollback' });
      return null;
    });
  }

  /** RFC 4733 tones in the media; false when the call has no sender (yet). */
  dtmf(tones: string, durationMs: number, gapMs: number): boolean {
    const dtmf = this.peer?.sender.dtmf;
    if (!dtmf) return false;
    // insertDTMF replaces the tones still waiting: keep those, so quick key presses all go out.
    dtmf.insertDTMF(dtmf.toneBuffer + tones, durationMs, gapMs);
    return true;
  }

  /** Remembered for the call, so a connection or track made later starts muted too. True when a track got it now. */
  mute(on: boolean): boolean {
    return this.microphone.mute(on, this.peer);
  }

  /** True when there was a connection to close. */
  close(): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.abort.abort();
    this.stopWatch();
    this.microphone.release();
    return this.dropPeer();
  }

  /** Stops the microphone and closes the connection (the call goes on: the next command makes a new one). */
  private dropPeer(): boolean {
    this.stopWatch();
    const peer = this.peer;
    this.peer = null;
    if (!peer) return false;
    closePeer(peer);
    return true;
  }

  /** The microphone setting changed: swap the track without renegotiating. */
  switchMicrophone(): Promise<void> {
    return this.serially(async () => {
      const peer = this.peer;
      if (!peer) return;
      // Answered ahead and not yet taken: the sender stays without a microphone until the click.
      await this.microphone.swap(peer, this.hooks.devices().microphoneId, () => !this.ahead.pending);
    });
  }

  switchSpeaker(): Promise<void> {
    return this.peer ? applySink(this.peer.audio, this.hooks.devices().speakerId) : Promise.resolve();
  }

  /** The regular report's figures; null until the connection is up (nothing to measure). */
  async stats(): Promise<CallStats | null> {
    const pc = this.peer?.pc;
    if (!pc || pc.connectionState !== 'connected') return null;
    return this.report(Date.now(), readFigures(await pc.getStats()));
  }

  async diagnostics(): Promise<CallDiagnostics | null> {
    const pc = this.peer?.pc;
    return pc ? readDiagnostics(pc) : null;
  }

  private report(at: number, figures: AudioFigures): CallStats {
    const { bytesReceived, bytesSent, packetsReceived, packetsLost, jitterMs, rttMs } = figures;
    return { callId: this.callId, at, bytesReceived, bytesSent, packetsReceived, packetsLost, jitterMs, rttMs, firstPacketAt: this.firstPacketAt };
  }

  private async createDescription(options: MediaOptions): Promise<SessionDescription> {
    const { pc } = await this.openPeer(options);
    setDirection(pc, options.hold);
    const description = pc.signalingState === 'have-remote-offer' ? await pc.createAnswer() : await pc.createOffer({ iceRestart: options.iceRestart });
    const { type, sdp } = description;
    if ((type !== 'offer' && type !== 'answer') || !sdp) throw new MediaError('unexpectedDescription');
    return { type, sdp };
  }

  private async applyLocal(description: SessionDescription, options: MediaOptions): Promise<string> {
    const { pc } = await this.openPeer(options);
    await pc.setLocalDescription(description);
    await iceGathered(pc, options.iceGatheringTimeoutMs, this.abort.signal, options.iceServers.length === 0);
    if (this.closed) throw new MediaError('callClosed');
    this.watchFirstPacket(pc);
    const sdp = pc.localDescription?.sdp;
    if (!sdp) throw new MediaError('unexpectedDescription');
    return sdp;
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new MediaError('callClosed');
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async openPeer(options: MediaOptions): Promise<Peer> {
    if (this.peer) return this.peer;
    // The microphone first: besides being needed, the permission makes Chromium offer real host
    // addresses instead of mDNS names, which a SIP media relay cannot resolve.
    const stream = await this.microphone.open(this.hooks.devices().microphoneId);
    const microphone = this.microphone.track(stream);
    this.peer = connectPeer(this.env, options, stream, microphone, this.callId);
    await applySink(this.peer.audio, this.hooks.devices().speakerId).catch((error: unknown) => console.warn('[media] speaker not applied', error));
    return this.peer;
  }

  // Restarted by every description applied (an outbound call may ring for longer than one watch
  // lasts); ends for good with the first packet.
  private watchFirstPacket(pc: RTCPeerConnection): void {
    if (this.firstPacketAt !== null || this.closed) return;
    this.stopWatch();
    this.stopWatch = watchFirstPacket(pc, {
      ...FIRST_PACKET_WATCH,
      onPacket: (at, figures) => {
        this.firstPacketAt = at;
        this.hooks.onFirstPacket(this.report(at, figures));
      },
    });
  }
}
