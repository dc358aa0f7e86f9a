import { describe, expect, it } from 'vitest';
import { readDecodedAudio } from '../../../../renderer/media/stats.ts';

const report = (...entries: Array<Record<string, unknown>>) => new Map(entries.map((entry) => [entry.id as string, entry])) as unknown as RTCStatsReport;

describe('reading what the page decodes and sends', () => {
  it('names the codec of each direction and totals the played-out seconds and the microphone', () => {
    const decoded = readDecodedAudio(
      report(
        { id: 'in', type: 'inbound-rtp', kind: 'audio', codecId: 'c-in', totalSamplesDuration: 3.5, totalAudioEnergy: 0.17 },
        { id: 'out', type: 'outbound-rtp', kind: 'audio', codecId: 'c-out' },
        { id: 'mic', type: 'media-source', kind: 'audio', totalAudioEnergy: 0.9, totalSamplesDuration: 4 },
        { id: 'c-in', type: 'codec', mimeType: 'audio/opus', clockRate: 48000, channels: 2, sdpFmtpLine: 'minptime=10;useinbandfec=1' },
        { id: 'c-out', type: 'codec', mimeType: 'audio/PCMU', clockRate: 8000 },
      ),
    );
    expect(decoded).toEqual({
      samplesDuration: 3.5,
      microphone: { audioEnergy: 0.9, samplesDuration: 4 },
      receiveCodec: { mimeType: 'audio/opus', clockRate: 48000, channels: 2, sdpFmtpLine: 'minptime=10;useinbandfec=1' },
      sendCodec: { mimeType: 'audio/PCMU', clockRate: 8000, channels: null, sdpFmtpLine: null },
    });
  });

  it('has no codec and nothing played out before media flows', () => {
    expect(readDecodedAudio(report({ id: 'in', type: 'inbound-rtp', kind: 'audio' }))).toEqual({ samplesDuration: 0, microphone: null, receiveCodec: null, sendCodec: null });
  });
});
