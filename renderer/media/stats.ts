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
 * Polls getStats until the connection has received an RTP packet, so "answer click → first
 * audio packet" is measured to ~20 ms instead of the 2 s of the regular reports. Gives up after
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
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
