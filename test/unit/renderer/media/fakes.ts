import { vi } from 'vitest';
import type { EventName, EventPayload, RequestChannel, RequestOf, ResponseOf } from '../../../../common/contract/contract.ts';
import type { MediaResultRequest } from '../../../../common/contract/telephony.ts';
import type { ConnectionStatus, LoketClient } from '../../../../renderer/bridge/index.ts';
import type { MediaEnv } from '../../../../renderer/media/call-env.ts';

// happy-dom has no WebRTC: these fakes model just enough of RTCPeerConnection and friends for
// the engine's own logic (routing, queueing, per-call state). Real media is proven in e2e.

export interface Sent {
  readonly channel: RequestChannel;
  readonly payload: unknown;
}

export function fakeClient(initial: ConnectionStatus = { state: 'connected' }) {
  const sent: Sent[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const responses = new Map<RequestChannel, unknown>();
  let status = initial;
  const client: LoketClient = {
    async request<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
      sent.push({ channel, payload });
      return (responses.get(channel) ?? { accepted: true, attached: true }) as ResponseOf<C>;
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      return () => set.delete(entry);
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
  return {
    client,
    sent,
    respond<C extends RequestChannel>(channel: C, response: ResponseOf<C>) {
      responses.set(channel, response);
    },
    emit<E extends EventName>(name: E, payload: EventPayload<E>) {
      for (const listener of listeners.get(name) ?? []) listener(payload);
    },
    setStatus(next: ConnectionStatus) {
      status = next;
      for (const listener of statusListeners) listener(next);
    },
    listenerCount: (name: EventName) => listeners.get(name)?.size ?? 0,
    of: (channel: RequestChannel) => sent.filter((entry) => entry.channel === channel).map((entry) => entry.payload),
    results: () => sent.filter((entry) => entry.channel === 'media.result').map((entry) => entry.payload as MediaResultRequest),
  };
}

export function fakeTrack() {
  return { kind: 'audio', enabled: true, stop: vi.fn() };
}
export type FakeTrack = ReturnType<typeof fakeTrack>;

export function fakeStream(track: FakeTrack = fakeTrack()): MediaStream {
  return { getAudioTracks: () => [track], getTracks: () => [track] } as unknown as MediaStream;
}

export class FakePeer {
  signalingState: RTCSignalingState = 'stable';
  iceGatheringState: RTCIceGatheringState = 'complete';
  iceConnectionState: RTCIceConnectionState = 'new';
  connectionState: RTCPeerConnectionState = 'new';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  readonly transceivers: Array<{ direction: RTCRtpTransceiverDirection; currentDirection: RTCRtpTransceiverDirection | null; sender: ReturnType<typeof fakeSender> }> = [];
  readonly offerOptions: Array<RTCOfferOptions | undefined> = [];
  /** getStats answers from this list, one report per call, repeating the last. */
  statsReports: Array<Array<Record<string, unknown>>> = [[]];
  closed = false;
  ontrack: ((event: RTCTrackEvent) => void) | null = null;

  constructor(readonly configuration: RTCConfiguration) {}

  addTrack(track: FakeTrack) {
    const sender = fakeSender(track);
    this.transceivers.push({ direction: 'sendrecv', currentDirection: null, sender });
    return sender;
  }
  getTransceivers() {
    return this.transceivers;
  }
  async createOffer(options?: RTCOfferOptions) {
    this.offerOptions.push(options);
    return { type: 'offer', sdp: 'v=0 offer' };
  }
  async createAnswer() {
    return { type: 'answer', sdp: 'v=0 answer' };
  }
  async setLocalDescription(description: RTCSessionDescriptionInit) {
    if (description.type === 'rollback') {
      this.signalingState = 'stable';
      return;
    }
    this.localDescription = { type: description.type, sdp: `${description.sdp}\r\na=candidate:1 1 udp 1 192.0.2.1 5000 typ host` };
    this.signalingState = description.type === 'offer' ? 'have-local-offer' : 'stable';
  }
  async setRemoteDescription(description: RTCSessionDescriptionInit) {
    if (description.type === 'rollback') {
      this.signalingState = 'stable';
      return;
    }
    this.remoteDescription = description;
    this.signalingState = description.type === 'offer' ? 'have-remote-offer' : 'stable';
  }
  async getStats() {
    const report = this.statsReports.length > 1 ? this.statsReports.shift() : this.statsReports[0];
    return new Map((report ?? []).map((entry, index) => [String(entry.id ?? index), entry]));
  }
  addEventListener() {}
  removeEventListener() {}
  close() {
    this.closed = true;
  }
}

function fakeSender(track: FakeTrack) {
  const sender = {
    track,
    replaceTrack: vi.fn(async (next: FakeTrack) => {
      sender.track = next;
    }),
    dtmf: {
      toneBuffer: '',
      insertDTMF: vi.fn((tones: string) => {
        sender.dtmf.toneBuffer = tones;
      }),
    },
  };
  return sender;
}

export function fakeAudio() {
  return { autoplay: false, srcObject: null as unknown, sinkId: '', pause: vi.fn(), play: vi.fn(async () => undefined), setSinkId: vi.fn(async function (this: { sinkId: string }, id: string) { this.sinkId = id; }) };
}

/** A media environment whose peers, tracks and audio elements the test can inspect. */
export function fakeEnv() {
  const peers: FakePeer[] = [];
  const tracks: FakeTrack[] = [];
  const audios: Array<ReturnType<typeof fakeAudio>> = [];
  const getUserMedia = vi.fn(async (_constraints: MediaStreamConstraints): Promise<MediaStream> => {
    const track = fakeTrack();
    tracks.push(track);
    return fakeStream(track);
  });
  const env: MediaEnv = {
    getUserMedia,
    createPeer: (configuration) => {
      const peer = new FakePeer(configuration);
      peers.push(peer);
      return peer as unknown as RTCPeerConnection;
    },
    createAudio: () => {
      const audio = fakeAudio();
      audios.push(audio);
      return audio as unknown as HTMLAudioElement;
    },
  };
  return { env, peers, tracks, audios, getUserMedia };
}
