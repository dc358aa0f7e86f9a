import { readDecodedAudio, readFigures, type DecodedAudio } from './stats.ts';

/** What `window.__loketMedia.stats()` tells an e2e test about a call. */
export interface CallDiagnostics extends DecodedAudio {
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly packetsReceived: number;
  readonly direction: RTCRtpTransceiverDirection | null;
  readonly currentDirection: RTCRtpTransceiverDirection | null;
  readonly signalingState: RTCSignalingState;
  readonly iceConnectionState: RTCIceConnectionState;
  /** ICE and DTLS together: 'connected' once media can flow. */
  readonly connectionState: RTCPeerConnectionState;
  readonly iceGatheringState: RTCIceGatheringState;
  /** a=candidate lines in the applied descriptions: a connection stuck at ICE 'new' shows which side has none. */
  readonly localCandidates: number;
  readonly remoteCandidates: number;
  readonly audioEnergy: number;
}

const candidates = (description: RTCSessionDescription | null): number => description?.sdp.match(/\r?\na=candidate:/g)?.length ?? 0;

/** Reads a call's connection as the e2e tests see it (no one in the app reads this). */
export async function readDiagnostics(pc: RTCPeerConnection): Promise<CallDiagnostics> {
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
    connectionState: pc.connectionState,
    iceGatheringState: pc.iceGatheringState,
    localCandidates: candidates(pc.localDescription),
    remoteCandidates: candidates(pc.remoteDescription),
    audioEnergy: figures.audioEnergy,
  };
}
