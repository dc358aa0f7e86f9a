/** What one getStats report says about a call's audio, summed over its RTP streams. */
export interface AudioFigures {
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly packetsReceived: number;
  readonly packetsLost: number;
  readonly jitterMs: number | null;
  readonly rttMs: number | null;
  /** inbound-rtp totalAudioEnergy: grows only while the far end's audio is not silence. */
  readonly audioEnergy: number;
}

// getStats entries are loosely typed dictionaries; these are the fields read here.
interface StatsEntry {
  readonly id: string;
  readonly type: string;
  readonly kind?: string;
  readonly bytesReceived?: number;
  readonly bytesSent?: number;
  readonly packetsReceived?: number;
  readonly packetsLost?: number;
  readonly jitter?: number;
  readonly totalAudioEnergy?: number;
  readonly totalSamplesDuration?: number;
  readonly codecId?: string;
  readonly mimeType?: string;
  readonly clockRate?: number;
  readonly channels?: number;
  readonly sdpFmtpLine?: string;
  readonly roundTripTime?: number;
  readonly currentRoundTripTime?: number;
  readonly selectedCandidatePairId?: string;
  readonly nominated?: boolean;
  readonly state?: string;
}

const ms = (seconds: number | undefined): number | null => (seconds === undefined ? null : seconds * 1000);

export function readFigures(report: RTCStatsReport): AudioFigures {
  const entries = [...(report.values() as Iterable<StatsEntry>)];
  const audio = (type: string) => entries.filter((entry) => entry.type === type && entry.kind === 'audio');
  const inbound = audio('inbound-rtp');
  const sum = (list: StatsEntry[], read: (entry: StatsEntry) => number | undefined) =>
    list.reduce((total, entry) => total + (read(entry) ?? 0), 0);
  const jitters = inbound.flatMap((entry) => (entry.jitter === undefined ? [] : [entry.jitter]));
  return {
    bytesReceived: sum(inbound, (entry) => entry.bytesReceived),
    bytesSent: sum(audio('outbound-rtp'), (entry) => entry.bytesSent),
    packetsReceived: sum(inbound, (entry) => entry.packetsReceived),
    packetsLost: sum(inbound, (entry) => entry.packetsLost),
    jitterMs: jitters.length === 0 ? null : Math.max(...jitters) * 1000,
    rttMs: ms(audio('remote-inbound-rtp').find((entry) => entry.roundTripTime !== undefined)?.roundTripTime) ?? ms(selectedPair(report, entries)?.currentRoundTripTime),
    audioEnergy: sum(inbound, (entry) => entry.totalAudioEnergy),
  };
}

/** A codec in use, as getStats names it: mimeType "audio/opus", clockRate 48000, channels 2. */
export interface CodecInUse {
  readonly mimeType: string;
  readonly clockRate: number | null;
  readonly channels: number | null;
  readonly sdpFmtpLine: string | null;
}

/**
 * What the page decodes and sends and with which codecs, for diagnosing a call (a silent line
 * carries bytes too). The level over a span is sqrt(Δ totalAudioEnergy / Δ totalSamplesDuration),
 * as the getStats specification defines audioLevel.
 */
export interface DecodedAudio {
  /** inbound-rtp totalSamplesDuration: seconds of audio played out, silence included. */
  readonly samplesDuration: number;
  /** media-source (the microphone track being sent): its running energy and duration totals. */
  readonly microphone: { readonly audioEnergy: number; readonly samplesDuration: number } | null;
  readonly receiveCodec: CodecInUse | null;
  readonly sendCodec: CodecInUse | null;
}

export function readDecodedAudio(report: RTCStatsReport): DecodedAudio {
  const entries = [...(report.values() as Iterable<StatsEntry>)];
  const audio = (type: string) => entries.filter((entry) => entry.type === type && entry.kind === 'audio');
  const codecOf = (streams: StatsEntry[]): CodecInUse | null => {
    const codec = streams.map((entry) => (entry.codecId ? (report.get(entry.codecId) as StatsEntry | undefined) : undefined)).find((entry) => entry?.mimeType);
    if (!codec?.mimeType) return null;
    return { mimeType: codec.mimeType, clockRate: codec.clockRate ?? null, channels: codec.channels ?? null, sdpFmtpLine: codec.sdpFmtpLine ?? null };
  };
  const inbound = audio('inbound-rtp');
  const source = audio('media-source').find((entry) => entry.totalSamplesDuration !== undefined);
  return {
    samplesDuration: inbound.reduce((total, entry) => total + (entry.totalSamplesDuration ?? 0), 0),
    microphone: source ? { audioEnergy: source.totalAudioEnergy ?? 0, samplesDuration: source.totalSamplesDuration ?? 0 } : null,
    receiveCodec: codecOf(inbound),
    sendCodec: codecOf(audio('outbound-rtp')),
  };
}

// RTCP receiver reports (remote-inbound-rtp) take a few seconds to arrive; until then the ICE
// consent checks on the pair in use measure the round trip too.
function selectedPair(report: RTCStatsReport, entries: StatsEntry[]): StatsEntry | undefined {
  const transport = entries.find((entry) => entry.type === 'transport' && entry.selectedCandidatePairId);
  if (transport?.selectedCandidatePairId) return report.get(transport.selectedCandidatePairId) as StatsEntry | undefined;
  return entries.find((entry) => entry.type === 'candidate-pair' && entry.nominated === true && entry.state === 'succeeded');
}

export interface FirstPacketWatch {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** The first packet was seen at `at` (ms since epoch); `figures` are from that moment. */
  readonly onPacket: (at: number, figures: AudioFigures) => void;
}

export const FIRST_PACKET_WATCH = { intervalMs: 20, timeoutMs: 10_000 } as const;

/**
 * Notes the first RTP packet the connection receives, so "answer click → first audio packet"
 * is measured to a few ms instead of the 2 s of the regular reports. The received track's
 * `unmute` says it at once (a remote track is muted until its first packet, as the WebRTC
 * specification has it); getStats, polled meanwhile for a browser that does not do that, lags
 * by up to ~50 ms since Chromium caches its reports for that long. Gives up after
 * `timeoutMs` (a call on hold or still ringing); returns a function that stops it earlier.
 */
export function watchFirstPacket(pc: RTCPeerConnection, watch: FirstPacketWatch): () => void {
  const deadline = Date.now() + watch.timeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const poll = async () => {
    const figures = readFigures(await pc.getStats());
    if (stopped) return;
    if (figures.packetsReceived > 0) {
      stopped = true;
      watch.onPacket(Date.now(), figures);
    } else if (Date.now() < deadline) {
      timer = setTimeout(tick, watch.intervalMs);
    }
  };
  // The next poll is scheduled when this one has finished, so slow getStats calls never pile up.
  const tick = () => {
    poll().catch(() => undefined); // a closed connection: the watch simply ends
  };
  const track = receivedTrack(pc);
  const onUnmute = () => {
    if (stopped) return;
    const at = Date.now();
    stopped = true;
    clearTimeout(timer);
    pc.getStats().then((report) => watch.onPacket(at, readFigures(report)), () => undefined);
  };
  track?.addEventListener('unmute', onUnmute);
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
    track?.removeEventListener('unmute', onUnmute);
  };
}

/** The audio track the connection receives, while it is still muted (no packet yet); none in fakes without receivers. */
function receivedTrack(pc: RTCPeerConnection): MediaStreamTrack | undefined {
  if (typeof pc.getReceivers !== 'function') return undefined;
  const track = pc.getReceivers().find((receiver) => receiver.track.kind === 'audio')?.track;
  return track?.muted ? track : undefined;
}
