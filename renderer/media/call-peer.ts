import type { MediaOptions } from '../../common/contract/telephony.ts';
import { stopTracks } from './audio.ts';
import type { MediaEnv } from './call-env.ts';

/** A call's connection with what hangs on it: the sender of the microphone track and the remote `<audio>`. */
export interface Peer {
  readonly pc: RTCPeerConnection;
  readonly sender: RTCRtpSender;
  microphone: MediaStreamTrack;
  readonly audio: HTMLAudioElement;
}

/** A new connection sending `microphone` (a track of `stream`) and playing the far end in a new `<audio>`. */
export function connectPeer(env: MediaEnv, options: MediaOptions, stream: MediaStream, microphone: MediaStreamTrack, callId: string): Peer {
  const pc = createConnection(env, options, stream);
  const sender = pc.addTrack(microphone, stream);
  const audio = env.createAudio();
  audio.autoplay = true;
  pc.ontrack = (event) => {
    audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
    audio.play().catch((error: unknown) => console.warn('[media] remote audio blocked', callId, error));
  };
  return { pc, sender, microphone, audio };
}

/** Stops the microphone, closes the connection and silences the `<audio>`. */
export function closePeer(peer: Peer): void {
  peer.microphone.stop();
  peer.pc.close();
  peer.audio.pause();
  peer.audio.srcObject = null;
}

function createConnection(env: MediaEnv, options: MediaOptions, stream: MediaStream): RTCPeerConnection {
  try {
    // Only the configured servers: no public STUN host learns about our calls by default.
    // No max-bundle: an SBC's offer for a plain RTP phone (one audio m-line) often has no BUNDLE group.
    // One pooled candidate set: gathering starts now, not when the answer is applied, so the
    // SDP with all candidates (no trickle over SIP) is ready without waiting for the network.
    return env.createPeer({ iceServers: options.iceServers, rtcpMuxPolicy: 'require', iceCandidatePoolSize: 1 });
  } catch (error) {
    stopTracks(stream); // e.g. a malformed ICE server address in Settings
    throw error;
  }
}
