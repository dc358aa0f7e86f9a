// Steps of a negotiation on a call's peer connection that need no state of the call itself.
import type { MediaOptions } from '../../common/contract/telephony.ts';

/** Hold is `sendonly` (the customer can still get music on hold); otherwise `sendrecv`. */
export function setDirection(pc: RTCPeerConnection, hold: boolean): void {
  const direction = hold ? 'sendonly' : 'sendrecv';
  for (const transceiver of pc.getTransceivers()) {
    if (transceiver.currentDirection !== 'stopped' && transceiver.direction !== 'stopped') transceiver.direction = direction;
  }
}

/**
 * With no STUN or TURN server, how long after the last UDP host candidate the description is
 * taken as complete: the host candidates of every interface arrive together, in Chromium's first
 * gathering phase.
 */
export const HOST_CANDIDATES_SETTLE_MS = 10;

const UDP_CANDIDATE = /\r?\na=candidate:\S+ \d+ udp /i;

/**
 * Resolves when ICE gathering is complete, after `timeoutMs`, or when the call closes. After an
 * ICE restart the state can still read `complete` from the previous round while the new
 * description has no candidates yet: then wait for the new round.
 *
 * `hostOnly` (no STUN or TURN server configured): resolves once the UDP host candidates are in.
 * What gathering still adds then is ICE-TCP host candidates, 100–150 ms later (Chromium's
 * allocation step delay), which a SIP media relay does not use (rtpengine has no ICE-TCP);
 * waiting for them held every re-INVITE after a page reload back by that long. A UDP candidate
 * that comes later anyway still takes part: this side checks from it, and the far end learns
 * it as peer-reflexive.
 */
export function iceGathered(pc: RTCPeerConnection, timeoutMs: number, closed: AbortSignal, hostOnly = false): Promise<void> {
  const sdp = () => pc.localDescription?.sdp ?? '';
  const hasCandidates = () => /\r?\na=candidate:/.test(sdp());
  if (closed.aborted || (pc.iceGatheringState === 'complete' && hasCandidates())) return Promise.resolve();
  return new Promise((resolve) => {
    let settle: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(settle);
      pc.removeEventListener('icegatheringstatechange', onChange);
      pc.removeEventListener('icecandidate', onCandidate);
      closed.removeEventListener('abort', finish);
      resolve();
    };
    const onChange = () => {
      if (pc.iceGatheringState === 'complete') finish();
    };
    // Restarted by each UDP candidate, so every interface's candidate of the phase gets in.
    const settleSoon = () => {
      clearTimeout(settle);
      settle = setTimeout(finish, HOST_CANDIDATES_SETTLE_MS);
    };
    const onCandidate = (event: RTCPeerConnectionIceEvent) => {
      if (event.candidate && UDP_CANDIDATE.test(`\r\na=${event.candidate.candidate}`)) settleSoon();
    };
    const timer = setTimeout(finish, timeoutMs);
    pc.addEventListener('icegatheringstatechange', onChange);
    if (hostOnly) {
      pc.addEventListener('icecandidate', onCandidate);
      // A pooled connection may have its UDP candidates in the description already.
      if (UDP_CANDIDATE.test(sdp())) settleSoon();
    }
    closed.addEventListener('abort', finish);
  });
}

/** Applies a remote offer, then the answer to it (`sendrecv`), and waits for its candidates: the answer made while a call rings. */
export async function answerOffer(pc: RTCPeerConnection, offer: string, options: MediaOptions, closed: AbortSignal): Promise<void> {
  await pc.setRemoteDescription({ type: 'offer', sdp: offer });
  setDirection(pc, false);
  await pc.setLocalDescription(await pc.createAnswer());
  await iceGathered(pc, options.iceGatheringTimeoutMs, closed, options.iceServers.length === 0);
}

/**
 * A connection answered ahead can have lost its path while the call rang (a relay that stops
 * answering consent checks, a network change): the click then answers on a fresh connection.
 */
export function aheadUsable(pc: RTCPeerConnection): boolean {
  return pc.connectionState !== 'failed' && pc.connectionState !== 'closed' && pc.iceConnectionState !== 'failed' && pc.iceConnectionState !== 'disconnected';
}
