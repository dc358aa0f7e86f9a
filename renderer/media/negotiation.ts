// Steps of a negotiation on a call's peer connection that need no state of the call itself.

/** Hold is `sendonly` (the customer can still get music on hold); otherwise `sendrecv`. */
export function setDirection(pc: RTCPeerConnection, hold: boolean): void {
  const direction = hold ? 'sendonly' : 'sendrecv';
  for (const transceiver of pc.getTransceivers()) {
    if (transceiver.currentDirection !== 'stopped' && transceiver.direction !== 'stopped') transceiver.direction = direction;
  }
}

/**
 * Resolves when ICE gathering is complete, after `timeoutMs`, or when the call closes. After an
 * ICE restart the state can still read `complete` from the previous round while the new
 * description has no candidates yet: then wait for the new round.
 */
export function iceGathered(pc: RTCPeerConnection, timeoutMs: number, closed: AbortSignal): Promise<void> {
  const hasCandidates = () => /\r?\na=candidate:/.test(pc.localDescription?.sdp ?? '');
  if (closed.aborted || (pc.iceGatheringState === 'complete' && hasCandidates())) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onChange);
      closed.removeEventListener('abort', finish);
      resolve();
    };
    const onChange = () => {
      if (pc.iceGatheringState === 'complete') finish();
    };
    const timer = setTimeout(finish, timeoutMs);
    pc.addEventListener('icegatheringstatechange', onChange);
    closed.addEventListener('abort', finish);
  });
}
