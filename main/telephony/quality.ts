import type { CallQuality } from '../../common/contract/telephony.ts';

// Call quality as a MOS estimate from what getStats reports, after the ITU-T G.107 E-model in
// its usual simplified form (as VoIP monitors use it): delay and loss lower the R factor, R maps
// to MOS. Good enough for a badge that tells an agent "the line is bad, it's not you".

/** Opus with packet-loss concealment: the E-model's packet-loss robustness (Bpl). */
const LOSS_ROBUSTNESS = 20;
/** Codec and jitter-buffer delay on top of the network's one-way delay (ms). */
const CODEC_DELAY_MS = 20;

export interface QualityInput {
  readonly rttMs: number | null;
  readonly jitterMs: number | null;
  /** 0–1, over the last interval. */
  readonly loss: number;
}

export function estimateQuality(input: QualityInput): CallQuality {
  const oneWay = (input.rttMs ?? 0) / 2 + (input.jitterMs ?? 0) * 2 + CODEC_DELAY_MS;
  const delayImpairment = 0.024 * oneWay + (oneWay > 177.3 ? 0.11 * (oneWay - 177.3) : 0);
  const lossPercent = Math.min(Math.max(input.loss, 0), 1) * 100;
  const lossImpairment = (95 * lossPercent) / (lossPercent + LOSS_ROBUSTNESS);
  const r = Math.max(0, Math.min(100, 93.2 - delayImpairment - lossImpairment));
  const mos = Math.min(4.5, Math.max(1, 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r)));
  const rounded = Math.round(mos * 100) / 100;
  return {
    rttMs: input.rttMs,
    jitterMs: input.jitterMs,
    loss: Math.min(Math.max(input.loss, 0), 1),
    mos: rounded,
    rating: rounded >= 4 ? 'good' : rounded >= 3.6 ? 'fair' : 'poor',
  };
}

/** Loss over the interval between two reports (cumulative counters), 0 when nothing arrived. */
export function intervalLoss(previous: { packetsReceived: number; packetsLost: number } | undefined, current: { packetsReceived: number; packetsLost: number }): number {
  const received = current.packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = Math.max(0, current.packetsLost - (previous?.packetsLost ?? 0));
  const expected = received + lost;
  return expected > 0 ? lost / expected : 0;
}
