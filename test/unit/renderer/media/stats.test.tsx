import { describe, expect, it } from 'vitest';
import { readFigures } from '../../../../renderer/media/stats.ts';

const report = (...entries: Array<Record<string, unknown>>) => new Map(entries.map((entry) => [entry.id as string, entry])) as unknown as RTCStatsReport;

describe('reading getStats', () => {
  it('sums the audio streams and converts seconds to milliseconds', () => {
    const figures = readFigures(
      report(
        { id: 'in1', type: 'inbound-rtp', kind: 'audio', bytesReceived: 1000, packetsReceived: 50, packetsLost: 2, jitter: 0.003, totalAudioEnergy: 0.5 },
        { id: 'in2', type: 'inbound-rtp', kind: 'audio', bytesReceived: 200, packetsReceived: 10, packetsLost: -1, jitter: 0.012 },
        { id: 'vid', type: 'inbound-rtp', kind: 'video', bytesReceived: 99_999, packetsReceived: 999 },
        { id: 'out', type: 'outbound-rtp', kind: 'audio', bytesSent: 1500 },
        { id: 'rin', type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.042 },
      ),
    );
    expect(figures).toEqual({ bytesReceived: 1200, bytesSent: 1500, packetsReceived: 60, packetsLost: 1, jitterMs: 12, rttMs: 42, audioEnergy: 0.5 });
  });

  it('takes the round trip from the pair in use until RTCP has measured one', () => {
    const figures = readFigures(
      report(
        { id: 'T', type: 'transport', selectedCandidatePairId: 'P2' },
        { id: 'P1', type: 'candidate-pair', currentRoundTripTime: 0.5 },
        { id: 'P2', type: 'candidate-pair', currentRoundTripTime: 0.021 },
      ),
    );
    expect(figures.rttMs).toBe(21);
    expect(readFigures(report({ id: 'P', type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.01 })).rttMs).toBe(10);
  });

  it('has nothing to say before media flows', () => {
    expect(readFigures(report())).toEqual({ bytesReceived: 0, bytesSent: 0, packetsReceived: 0, packetsLost: 0, jitterMs: null, rttMs: null, audioEnergy: 0 });
  });
});
