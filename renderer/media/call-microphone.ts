import { openCallMicrophone, stopTracks, type GetUserMedia } from './audio.ts';
import type { Peer } from './call-peer.ts';
import { MediaError } from './media-error.ts';

/**
 * A call's microphone: the one opened ahead of the connection (`warmUp`), the tracks it hands to
 * the connection, the mute the call remembers for every track, and the swap when Settings change.
 */
export class CallMicrophone {
  private muted = false;
  /** A microphone opened ahead of the first command (`warmUp`), taken by the connection made next. */
  private warm: { readonly stream: Promise<MediaStream>; readonly microphoneId: string } | null = null;

  constructor(
    private readonly getUserMedia: GetUserMedia,
    /** The call closed: a track that arrives now is stopped, not used. */
    private readonly closed: () => boolean,
  ) {}

  /** Opens `microphoneId` now for the connection made next; once (a failure shows when that connection is made). */
  warmUp(microphoneId: string): void {
    if (this.warm) return;
    const stream = openCallMicrophone(this.getUserMedia, microphoneId);
    stream.catch(() => undefined);
    this.warm = { stream, microphoneId };
  }

  /** The warmed-up microphone when it is the chosen one (its failure is this attempt's), otherwise a fresh one. */
  open(wanted: string): Promise<MediaStream> {
    const warm = this.warm;
    this.warm = null;
    if (warm?.microphoneId === wanted) return warm.stream;
    warm?.stream.then(stopTracks, () => undefined);
    return openCallMicrophone(this.getUserMedia, wanted);
  }

  /** The audio track of a fresh stream, muted if the call is; stopped again when the call closed meanwhile. */
  track(stream: MediaStream): MediaStreamTrack {
    const track = stream.getAudioTracks()[0];
    if (this.closed() || !track) {
      stopTracks(stream);
      throw new MediaError(this.closed() ? 'callClosed' : 'noMicrophone');
    }
    track.enabled = !this.muted;
    return track;
  }

  /**
   * The microphone setting changed: a new track replaces the connection's without renegotiating.
   * `onSender` is asked once the track is open: whether the sender gets it now.
   */
  async swap(peer: Peer, microphoneId: string, onSender: () => boolean): Promise<void> {
    const track = this.track(await openCallMicrophone(this.getUserMedia, microphoneId));
    if (onSender()) await peer.sender.replaceTrack(track);
    peer.microphone.stop();
    peer.microphone = track;
  }

  /** Remembered, so a track made later starts muted too. True when a track got it now. */
  mute(on: boolean, peer: Peer | null): boolean {
    this.muted = on;
    if (!peer) return false;
    peer.microphone.enabled = !on;
    return true;
  }

  /** The call closed: a microphone still warming up is stopped as soon as it opens. */
  release(): void {
    const warm = this.warm;
    this.warm = null;
    warm?.stream.then(stopTracks, () => undefined);
  }
}
