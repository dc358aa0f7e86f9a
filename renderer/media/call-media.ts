import type { MediaOptions, MediaStatsReport, SessionDescription } from '../../common/contract/telephony.ts';
import { afterPaint } from './after-paint.ts';
import { applySink, openCallMicrophone, stopTracks, type GetUserMedia } from './audio.ts';
import { MediaError } from './media-error.ts';
import { iceGathered, setDirection } from './negotiation.ts';
import type { HintStorage } from './reload-warmup.ts';
import { FIRST_PACKET_WATCH, readDecodedAudio, readFigures, watchFirstPacket, type AudioFigures, type DecodedAudio } from './stats.ts';

/** The devices chosen in Settings; empty means the system default. */
export interface DeviceChoice {
  readonly microphoneId: string;
  readonly speakerId: string;
}

/** What a call needs from the page; tests pass fakes (happy-dom has no WebRTC). */
export interface MediaEnv {
  readonly getUserMedia: GetUserMedia;
  readonly createPeer: (configuration: RTCConfiguration) => RTCPeerConnection;
  readonly createAudio: () => HTMLAudioElement;
  /** Where the engine notes its live calls for the tab's next page (`reload-warmup.ts`); none in tests that do not care. */
  readonly storage?: HintStorage;
}

/** The figures of a `media.stats` report, without the engine's id. */
export type CallStats = Omit<MediaStatsReport, 'engineId'>;

export interface CallHooks {
  readonly devices: () => DeviceChoice;
  /** The first RTP packet arrived: report it now, the benchmark times calls by it. */
  readonly onFirstPacket: (stats: CallStats) => void;
}

/** What `window.__loketMedia.stats()` tells an e2e test about a call. */
export interface CallDiagnostics extends DecodedAudio {
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly packetsReceived: number;
  readonly direction: RTCRtpTransceiverDirection | null;
  readonly currentDirection: RTCRtpTransceiverDirection | null;
  readonly signalingState: RTCSignalingState;
  readonly iceConnectionState: RTCIceConnectionState;
  readonly audioEnergy: number;
}

interface Peer {
  readonly pc: RTCPeerConnection;
  readonly sender: RTCRtpSender;
  microphone: MediaStreamTrack;
  readonly audio: HTMLAudioElement;
}

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
  private muted = false;
  private closed = false;
  private readonly abort = new AbortController();
  private queue: Promise<unknown> = Promise.resolve();
  private firstPacketAt: number | null = null;
  private stopWatch = (): void => undefined;
  /** A microphone opened ahead of the first command (`warmUp`), taken by the connection made next. */
  private warm: { readonly stream: Promise<MediaStream>; readonly microphoneId: string } | null = null;

  constructor(
    readonly callId: string,
    private readonly env: MediaEnv,
    private readonly hooks: CallHooks,
  ) {}

  /**
   * The call rings: open the microphone and the connection ahead of the answer (nothing applied,
   * nothing sent), once the frame that shows the ringing call is painted, so the banner does not
   * wait for it. With a candidate pool the connection gathers its ICE candidates meanwhile too.
   */
  prepare(options: MediaOptions): Promise<boolean> {
    return this.serially(async () => {
      // Nothing before the banner's frame (the ringing call's first paint is the screen pop's
      // figure; opening the microphone at once measurably delayed it): then microphone and connection.
      await new Promise<void>((resolve) => afterPaint(resolve));
      if (this.closed) throw new MediaError('callClosed');
      await this.openPeer(options);
      return true;
    });
  }

  /**
   * Opens the microphone ahead of the connection: while the call rings (`prepare`), or when the
   * page was reloaded during this call, before main asks for the new description. A failure
   * shows when the connection is made; the attempt after that opens the microphone afresh.
   */
  warmUp(microphoneId: string): void {
    if (this.peer || this.warm || this.closed) return;
    const stream = openCallMicrophone(this.env.getUserMedia, microphoneId);
    stream.catch(() => undefined);
    this.warm = { stream, microphoneId };
  }

  /** The first RTP packet of this page's connection arrived. */
  get audioBack(): boolean {
    return this.firstPacketAt !== null;
  }

  /** True once a remote description was applied: the call has media a reload should bring back at once. */
  get negotiated(): boolean {
    return this.peer !== null && this.peer.pc.remoteDescription !== null;
  }

  /** An offer, or an answer when a remote offer is pending; not applied (main modifies it first). */
  create(options: MediaOptions): Promise<SessionDescription> {
    return this.serially(() => this.createDescription(options));
  }

  /** Applies main's (modified) description and returns it with all ICE candidates: no trickle over SIP. */
  setLocal(description: SessionDescription, options: MediaOptions): Promise<string> {
    return this.serially(() => this.applyLocal(description, options));
  }

  /** `create` then `setLocal` of it unmodified, in one command: main had no modifier to run (one round trip less). */
  describe(options: MediaOptions): Promise<SessionDescription> {
    return this.serially(async () => {
      const description = await this.createDescription(options);
      return { type: description.type, sdp: await this.applyLocal(description, options) };
    });
  }

  setRemote(description: SessionDescription, options: MediaOptions): Promise<null> {
    return this.serially(async () => {
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
    this.muted = on;
    if (!this.peer) return false;
    this.peer.microphone.enabled = !on;
    return true;
  }

  /** True when there was a connection to close. */
  close(): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.abort.abort();
    this.stopWatch();
    const warm = this.warm;
    this.warm = null;
    warm?.stream.then(stopTracks, () => undefined);
    const peer = this.peer;
    this.peer = null;
    if (!peer) return false;
    peer.microphone.stop();
    peer.pc.close();
    peer.audio.pause();
    peer.audio.srcObject = null;
    return true;
  }

  /** The microphone setting changed: swap the track without renegotiating. */
  switchMicrophone(): Promise<void> {
    return this.serially(async () => {
      const peer = this.peer;
      if (!peer) return;
      const stream = await openCallMicrophone(this.env.getUserMedia, this.hooks.devices().microphoneId);
      const track = this.takeTrack(stream);
      track.enabled = !this.muted;
      await peer.sender.replaceTrack(track);
      peer.microphone.stop();
      peer.microphone = track;
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
    if (!pc) return null;
    const report = await pc.getStats();
    const figures = readFigures(report);
    const transceiver = pc.getTransceivers()[0];
    return {
      ...readDecodedAudio(report),
      bytesReceived: figures.bytesReceived,
      bytesSent: figures.bytesSent,
      packetsReceived: figures.packetsReceived,
      direction: transceiver?.direction ?? null,
      currentDirection: transceiver?.currentDirection ?? null,
      signalingState: pc.signalingState,
      iceConnectionState: pc.iceConnectionState,
      audioEnergy: figures.audioEnergy,
    };
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
    const stream = await this.openMicrophone();
    const microphone = this.takeTrack(stream);
    microphone.enabled = !this.muted;
    const pc = this.createPeer(options, stream);
    const sender = pc.addTrack(microphone, stream);
    const audio = this.env.createAudio();
    audio.autoplay = true;
    pc.ontrack = (event) => {
      audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      audio.play().catch((error: unknown) => console.warn('[media] remote audio blocked', this.callId, error));
    };
    this.peer = { pc, sender, microphone, audio };
    await applySink(audio, this.hooks.devices().speakerId).catch((error: unknown) => console.warn('[media] speaker not applied', error));
    return this.peer;
  }

  /** The warmed-up microphone when it is the chosen one (its failure is this attempt's), otherwise a fresh one. */
  private openMicrophone(): Promise<MediaStream> {
    const wanted = this.hooks.devices().microphoneId;
    const warm = this.warm;
    this.warm = null;
    if (warm?.microphoneId === wanted) return warm.stream;
    warm?.stream.then(stopTracks, () => undefined);
    return openCallMicrophone(this.env.getUserMedia, wanted);
  }

  private createPeer(options: MediaOptions, stream: MediaStream): RTCPeerConnection {
    try {
      // Only the configured servers: no public STUN host learns about our calls by default.
      // No max-bundle: an SBC's offer for a plain RTP phone (one audio m-line) often has no BUNDLE group.
      // One pooled candidate set: gathering starts now, not when the answer is applied, so the
      // SDP with all candidates (no trickle over SIP) is ready without waiting for the network.
      return this.env.createPeer({ iceServers: options.iceServers, rtcpMuxPolicy: 'require', iceCandidatePoolSize: 1 });
    } catch (error) {
      stopTracks(stream); // e.g. a malformed ICE server address in Settings
      throw error;
    }
  }

  /** The audio track of a fresh stream; stopped again when the call closed meanwhile. */
  private takeTrack(stream: MediaStream): MediaStreamTrack {
    const track = stream.getAudioTracks()[0];
    if (this.closed || !track) {
      stopTracks(stream);
      throw new MediaError(this.closed ? 'callClosed' : 'noMicrophone');
    }
    return track;
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
